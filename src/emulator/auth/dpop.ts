import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { calculateJwkThumbprint, compactVerify, decodeProtectedHeader, importJWK, type JWK } from 'jose';

/** Algorithms Okta accepts for DPoP proofs and client assertions. */
export const asymmetricAlgs = ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512'] as const;
const algSet: ReadonlySet<string> = new Set(asymmetricAlgs);

/** A proof defect; the description is Okta's `error_description` text. */
export class DpopProofError extends Error {}

export interface VerifiedProof {
  jkt: string;
  jti: string;
  iat: number;
  nonce: string | undefined;
  htm: string;
  htu: string;
  ath: string | undefined;
}

const privateMembers = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'];

/**
 * Verifies a DPoP proof's form and signature (RFC 9449 §4.3) and the htm/htu/iat rules Okta applies.
 * Replay (jti), nonce and ath checks are the caller's, since they differ between the token endpoint and resources.
 */
export async function verifyDpopProof(proof: string, expected: { method: string; url: string; nowSeconds: number }): Promise<VerifiedProof> {
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(proof);
  } catch {
    throw new DpopProofError('The DPoP proof JWT could not be parsed.');
  }
  if (header.typ !== 'dpop+jwt') throw new DpopProofError("'typ' must be 'dpop+jwt' in the DPoP proof JWT.");
  if (typeof header.alg !== 'string' || !algSet.has(header.alg)) throw new DpopProofError('The DPoP proof JWT has an invalid signature algorithm.');
  const jwk = header.jwk as JWK | undefined;
  if (!jwk || typeof jwk !== 'object' || privateMembers.some((m) => m in jwk)) throw new DpopProofError("The 'jwk' header of the DPoP proof JWT is missing or is not a public key.");
  let payload: Record<string, unknown>;
  try {
    const key = await importJWK(jwk, header.alg);
    const verified = await compactVerify(proof, key, { algorithms: [...asymmetricAlgs] });
    payload = JSON.parse(new TextDecoder().decode(verified.payload)) as Record<string, unknown>;
  } catch {
    throw new DpopProofError('The DPoP proof JWT signature is invalid.');
  }
  const { htm, htu, iat, jti, nonce, ath } = payload;
  if (typeof htm !== 'string' || htm !== expected.method) throw new DpopProofError("'htm' claim in the DPoP proof JWT is invalid.");
  if (typeof htu !== 'string' || normalizeHtu(htu, false) !== normalizeHtu(expected.url, true)) throw new DpopProofError("'htu' claim in the DPoP proof JWT is invalid.");
  if (typeof iat !== 'number' || !Number.isFinite(iat)) throw new DpopProofError("'iat' claim in the DPoP proof JWT is invalid.");
  if (iat > expected.nowSeconds + 60) throw new DpopProofError('The DPoP proof JWT is issued in the future.');
  if (iat < expected.nowSeconds - 300) throw new DpopProofError('The DPoP proof JWT is issued more than five minutes in the past.');
  if (typeof jti !== 'string' || jti.length === 0 || jti.length > 256) throw new DpopProofError("'jti' claim in the DPoP proof JWT is invalid.");
  return {
    jkt: await calculateJwkThumbprint(jwk, 'sha256'),
    jti,
    iat,
    nonce: typeof nonce === 'string' ? nonce : undefined,
    htm,
    htu,
    ath: typeof ath === 'string' ? ath : undefined,
  };
}

/**
 * Okta compares the proof's htu, without query or fragment, with the *percent-decoded* request URI
 * (reference §1.8): a proof that keeps `%40` for `@` fails there, and so it fails here.
 */
export function normalizeHtu(url: string, decode: boolean): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${decode ? safeDecode(u.pathname) : u.pathname}`;
  } catch {
    return url;
  }
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/**
 * The values of a request's `DPoP` headers, one per header line. Node folds repeated headers into a
 * single "a, b" string in `headers`, so only `headersDistinct` tells two proofs from one (which must
 * be refused as "multiple DPoP headers"); requests injected without a socket fall back to `headers`.
 */
export function dpopHeaderValues(req: { headers: IncomingHttpHeaders; raw: { headersDistinct?: Record<string, string[] | undefined> } }): string[] {
  const distinct = req.raw.headersDistinct?.dpop;
  if (distinct !== undefined) return distinct;
  const folded = req.headers.dpop;
  return folded === undefined ? [] : Array.isArray(folded) ? folded : [folded];
}

/** base64url(SHA-256(token)): the `ath` claim. */
export function accessTokenHash(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
