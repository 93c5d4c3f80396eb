import { createPrivateKey, type KeyObject } from 'node:crypto';
import { accepted, copyAgain, publicKeyMessage, secretError } from './key-messages.ts';
import { toParsedPrivateKey, type ParsedPrivateKey } from './private-key.ts';

// Ref: https://www.rfc-editor.org/rfc/rfc7468 (PEM labels); PKCS#1 and SEC1 use their own labels.
const privateLabels: ReadonlySet<string> = new Set(['PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY']);
const publicLabels: ReadonlySet<string> = new Set(['PUBLIC KEY', 'RSA PUBLIC KEY', 'SSH2 PUBLIC KEY']);
const certificateLabels: ReadonlySet<string> = new Set(['CERTIFICATE', 'TRUSTED CERTIFICATE', 'X509 CERTIFICATE', 'PKCS7', 'CERTIFICATE CHAIN']);

interface Block {
  label: string;
  /** Header lines such as `Proc-Type: 4,ENCRYPTED` (legacy OpenSSL encryption). */
  encrypted: boolean;
  body: string;
}

/**
 * Parses a PEM private key: PKCS#8 (`BEGIN PRIVATE KEY`), PKCS#1 (`BEGIN RSA PRIVATE KEY`) or SEC1
 * (`BEGIN EC PRIVATE KEY`), also when its line breaks were lost or written as `\n`.
 */
export async function parsePem(text: string): Promise<ParsedPrivateKey> {
  if (/^(ssh-(rsa|ed25519|dss)|ecdsa-sha2-\S+) /.test(text)) {
    throw secretError(`This is an SSH public key. ${publicKeyMessage}`);
  }
  const blocks = readBlocks(text.replace(/\\r/g, '').replace(/\\n/g, '\n'));
  if (blocks.length === 0) {
    throw secretError(`This PEM key is cut off: it has no matching END line. ${copyAgain}`);
  }
  const privates = blocks.filter((b) => privateLabels.has(b.label));
  const only = privates[0];
  if (privates.length > 1) throw secretError(`This text holds ${privates.length} private keys. Paste only the one registered on the app.`);
  if (only === undefined) throw refuseBlocks(blocks);
  if (only.encrypted) throw encrypted();

  const body = only.body.replace(/\s/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body)) throw secretError(`This PEM key is damaged: its body is not base64. ${copyAgain}`);
  const pem = `-----BEGIN ${only.label}-----\n${body.replace(/.{1,64}/g, '$&\n')}-----END ${only.label}-----\n`;
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    throw secretError(`This PEM key could not be read: it may be cut off or damaged. ${copyAgain}`);
  }
  return toParsedPrivateKey(key, {});
}

function readBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  for (const match of text.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g)) {
    const label = match[1] ?? '';
    const content = match[2] ?? '';
    const encrypted = /Proc-Type:\s*4,\s*ENCRYPTED/i.test(content);
    // Drop RFC 1421 header lines ("Name: value") before the base64 body.
    const body = content.replace(/^[ \t]*[A-Za-z-]+:[^\n]*$/gm, '');
    blocks.push({ label, encrypted, body });
  }
  return blocks;
}

function encrypted(): Error {
  return secretError(
    'This private key is encrypted with a passphrase. Paste it unencrypted, for example the output of: openssl pkcs8 -topk8 -nocrypt -in key.pem (or paste the key JSON Okta showed when you generated the key).',
  );
}

function refuseBlocks(blocks: readonly Block[]): Error {
  const labels = new Set(blocks.map((b) => b.label));
  if (labels.has('ENCRYPTED PRIVATE KEY')) return encrypted();
  if (labels.has('OPENSSH PRIVATE KEY')) {
    return secretError('This is an OpenSSH private key. Convert it to PEM first, with: ssh-keygen -p -m PKCS8 -f <key file> (this rewrites the file), or paste the key JSON Okta showed when you generated the key.');
  }
  if ([...labels].some((l) => publicLabels.has(l))) return secretError(publicKeyMessage);
  if ([...labels].some((l) => certificateLabels.has(l))) {
    return secretError(`This is a certificate, which holds only a public key. Paste the private key JSON Okta showed once when you generated the key, or the private key PEM.`);
  }
  if (labels.has('CERTIFICATE REQUEST') || labels.has('NEW CERTIFICATE REQUEST')) {
    return secretError(`This is a certificate signing request, not a key. ${accepted}`);
  }
  if (labels.has('DSA PRIVATE KEY')) return secretError('This is a DSA key, which Okta does not accept. Okta accepts RSA keys (2048 bits or more) and EC keys (P-256, P-384, P-521).');
  return secretError(`This PEM block is not a private key. ${accepted}`);
}
