import { importJWK, type JWK } from 'jose';
import { z } from 'zod';
import { parseBody } from '../../http/validate.ts';
import { oktaErrors } from '../../state/errors.ts';
import type { Org } from '../../state/org.ts';
import type { AppRecord, JwkRecord, OAuthClientRecord } from '../../state/types.ts';

// Ref: https://developer.okta.com/docs/api/openapi/okta-management/management/tag/Application/#tag/Application/operation/createApplication

/** Okta's `signOnMode` values (reference §2.4). */
export const signOnModes = [
  'AUTO_LOGIN',
  'BASIC_AUTH',
  'BOOKMARK',
  'BROWSER_PLUGIN',
  'OPENID_CONNECT',
  'SAML_1_1',
  'SAML_2_0',
  'SECURE_PASSWORD_STORE',
  'WS_FEDERATION',
] as const;
export type SignOnMode = (typeof signOnModes)[number];

/**
 * The app `name` (catalog key) of the templates whose key Okta fixes (OpenAPI `x-okta-defined-as` and the
 * `name` enums); custom AUTO_LOGIN and SAML apps get a key generated from their label.
 */
const templateNames: Partial<Record<SignOnMode, readonly string[]>> = {
  OPENID_CONNECT: ['oidc_client'],
  BOOKMARK: ['bookmark'],
  BASIC_AUTH: ['template_basic_auth'],
  BROWSER_PLUGIN: ['template_swa', 'template_swa3field'],
  SECURE_PASSWORD_STORE: ['template_sps'],
  WS_FEDERATION: ['template_wsfed'],
};

/** `settings.app` fields a template cannot work without (the OpenAPI `required` lists). */
const requiredAppSettings: Partial<Record<SignOnMode, readonly string[]>> = {
  BOOKMARK: ['url'],
  BASIC_AUTH: ['url', 'authURL'],
  BROWSER_PLUGIN: ['url', 'usernameField', 'passwordField', 'buttonField'],
};

const blank = { message: 'The field cannot be left blank' };
const objectField = z.record(z.string(), z.unknown());

const appBodySchema = z.object({
  label: z.string(blank).trim().min(1, blank),
  signOnMode: z.enum(signOnModes, { message: `must be one of ${signOnModes.join(', ')}` }),
  name: z.string().trim().min(1, blank).optional(),
  settings: objectField.optional(),
  credentials: objectField.optional(),
  visibility: objectField.optional(),
  accessibility: objectField.optional(),
  features: z.array(z.string()).optional(),
  profile: objectField.optional(),
});
type AppBody = z.infer<typeof appBodySchema>;

const applicationTypes = ['service', 'web', 'native', 'browser'] as const;
const authMethods = ['private_key_jwt', 'client_secret_basic', 'client_secret_post', 'client_secret_jwt', 'none'] as const;

const oauthSettingsSchema = z
  .object({
    application_type: z.enum(applicationTypes, { message: `must be one of ${applicationTypes.join(', ')}` }).optional(),
    grant_types: z.array(z.string()).min(1, { message: 'must list at least one grant type' }).optional(),
    response_types: z.array(z.string()).optional(),
    dpop_bound_access_tokens: z.boolean({ message: 'must be true or false' }).optional(),
    jwks: z.object({ keys: z.array(objectField) }).optional(),
  })
  .catchall(z.unknown());

const oauthCredentialsSchema = z
  .object({
    token_endpoint_auth_method: z.enum(authMethods, { message: `must be one of ${authMethods.join(', ')}` }).optional(),
    client_secret: z.string().min(14, { message: 'must be at least 14 characters' }).max(100).optional(),
  })
  .catchall(z.unknown());

/** What an app body parses into: the fields of `createApp`/`replaceApp`, and a client secret to show once. */
export interface ParsedApp {
  name: string;
  label: string;
  signOnMode: SignOnMode;
  body: Record<string, unknown>;
  oauthClient: OAuthClientRecord | null;
  /** Set when this request created a client secret (or the caller supplied one): returned in this response only. */
  newSecret: string | null;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A key name Okta derives from a label for custom apps (lower case, `_` for anything else). */
function slug(label: string): string {
  const s = label.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  return s.length > 0 ? s : 'app';
}

function appName(body: AppBody, existing: AppRecord | null): string {
  const fixed = templateNames[body.signOnMode];
  if (existing) {
    if (body.name !== undefined && body.name !== existing.name) throw oktaErrors.validation('name', [`name: The app name cannot be changed (it is ${existing.name})`]);
    return existing.name;
  }
  if (body.name === undefined) return fixed?.[0] ?? slug(body.label);
  if (fixed && !fixed.includes(body.name)) {
    throw oktaErrors.validation('name', [`name: An app with signOnMode ${body.signOnMode} must be named ${fixed.join(' or ')}, got '${body.name}'`]);
  }
  return body.name;
}

/**
 * Parses a create (`existing` null) or full-replace body. System fields (`id`, `status`, `created`,
 * `_links` …) are ignored, as Okta does; the OAuth client of an OPENID_CONNECT app becomes an
 * `OAuthClientRecord` (keys checked, secret generated when the auth method needs one).
 */
export async function parseAppBody(org: Org, raw: unknown, existing: AppRecord | null): Promise<ParsedApp> {
  const body = parseBody(appBodySchema, raw);
  if (existing && body.signOnMode !== existing.signOnMode) {
    throw oktaErrors.validation('signOnMode', [`signOnMode: The sign-on mode cannot be changed from ${existing.signOnMode}; create a new app instead`]);
  }
  const name = appName(body, existing);
  const settings = { ...(body.settings ?? {}) };
  const credentials = { ...(body.credentials ?? {}) };
  const settingsApp = isObject(settings.app) ? settings.app : {};
  const missing = (requiredAppSettings[body.signOnMode] ?? []).filter((k) => typeof settingsApp[k] !== 'string' || settingsApp[k] === '');
  if (missing.length > 0) throw oktaErrors.validation(`settings.app.${missing[0]}`, missing.map((k) => `settings.app.${k}: The field cannot be left blank`));

  let oauthClient: OAuthClientRecord | null = null;
  let newSecret: string | null = null;
  if (body.signOnMode === 'OPENID_CONNECT') {
    ({ oauthClient, newSecret } = await parseOAuthClient(org, settings.oauthClient, credentials.oauthClient, existing?.oauthClient ?? null));
    // Keys and the secret live in the record (rendered by appJson), never in the stored body.
    const { jwks: _jwks, ...oauthSettings } = isObject(settings.oauthClient) ? settings.oauthClient : {};
    settings.oauthClient = oauthSettings;
  } else {
    delete settings.oauthClient;
  }
  delete credentials.oauthClient;
  return {
    name,
    label: body.label,
    signOnMode: body.signOnMode,
    body: {
      accessibility: { selfService: false, ...(body.accessibility ?? {}) },
      visibility: { autoSubmitToolbar: false, hide: { iOS: false, web: false }, appLinks: { [`${name}_link`]: true }, ...(body.visibility ?? {}) },
      features: body.features ?? [],
      credentials: { userNameTemplate: { template: '${source.login}', type: 'BUILT_IN' }, signing: {}, ...credentials },
      settings,
      ...(body.profile ? { profile: body.profile } : {}),
    },
    oauthClient,
    newSecret,
  };
}

const defaultGrantTypes: Record<OAuthClientRecord['applicationType'], string[]> = {
  service: ['client_credentials'],
  web: ['authorization_code'],
  native: ['authorization_code'],
  browser: ['authorization_code'],
};

async function parseOAuthClient(
  org: Org,
  rawSettings: unknown,
  rawCredentials: unknown,
  existing: OAuthClientRecord | null,
): Promise<{ oauthClient: OAuthClientRecord; newSecret: string | null }> {
  const settings = parseNested(oauthSettingsSchema, rawSettings ?? {}, 'settings.oauthClient');
  const credentials = parseNested(oauthCredentialsSchema, rawCredentials ?? {}, 'credentials.oauthClient');
  const applicationType = settings.application_type ?? existing?.applicationType ?? 'web';
  // A PUT that leaves a setting out keeps the current value (a GET → PUT round trip always sends them).
  const grantTypes = settings.grant_types ?? existing?.grantTypes ?? defaultGrantTypes[applicationType];
  const responseTypes = settings.response_types ?? existing?.responseTypes ?? (applicationType === 'service' ? ['token'] : ['code']);
  const method =
    credentials.token_endpoint_auth_method ??
    existing?.tokenEndpointAuthMethod ??
    (applicationType === 'native' || applicationType === 'browser' ? 'none' : 'client_secret_basic');
  const keys = settings.jwks === undefined && existing ? existing.keys : await parseKeys(org, settings.jwks?.keys ?? [], existing?.keys ?? []);

  if (applicationType === 'service') {
    if (grantTypes.length !== 1 || grantTypes[0] !== 'client_credentials') {
      throw oktaErrors.validation('grant_types', [`settings.oauthClient.grant_types: A service app must use exactly ["client_credentials"], got ${JSON.stringify(grantTypes)}`]);
    }
    if (responseTypes.length !== 1 || responseTypes[0] !== 'token') {
      throw oktaErrors.validation('response_types', [`settings.oauthClient.response_types: A service app must use exactly ["token"], got ${JSON.stringify(responseTypes)}`]);
    }
    if (method === 'none') {
      throw oktaErrors.validation('token_endpoint_auth_method', ['credentials.oauthClient.token_endpoint_auth_method: A service app is a confidential client; use private_key_jwt or a client secret method, not none']);
    }
    if (method === 'private_key_jwt' && keys.length === 0) {
      throw oktaErrors.validation('jwks', [
        'settings.oauthClient.jwks: A service app using private_key_jwt needs at least one public key in settings.oauthClient.jwks.keys (jwks_uri is not supported by the emulator)',
      ]);
    }
  } else if (method === 'none' && applicationType === 'web') {
    throw oktaErrors.validation('token_endpoint_auth_method', ['credentials.oauthClient.token_endpoint_auth_method: A web app is a confidential client and cannot use none']);
  }

  let clientSecret: string | null = null;
  let newSecret: string | null = null;
  if (method.startsWith('client_secret_')) {
    clientSecret = credentials.client_secret ?? existing?.clientSecret ?? null;
    if (clientSecret === null || credentials.client_secret !== undefined) {
      clientSecret ??= org.ids.token(64);
      newSecret = clientSecret;
    }
  }
  return {
    oauthClient: {
      applicationType,
      grantTypes,
      responseTypes,
      tokenEndpointAuthMethod: method,
      dpopBound: settings.dpop_bound_access_tokens ?? existing?.dpopBound ?? false,
      keys,
      clientSecret,
    },
    newSecret,
  };
}

/** parseBody for a nested object, naming fields by their full path. */
function parseNested<S extends z.ZodType>(schema: S, raw: unknown, prefix: string): z.infer<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const causes = result.error.issues.map((issue) => `${[prefix, ...issue.path.map(String)].join('.')}: ${issue.message}`);
  const first = result.error.issues[0]?.path.map(String).join('.') || prefix;
  throw oktaErrors.validation(first, causes);
}

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;
const RESPONSE_MEMBERS = ['id', 'status', 'created', 'lastUpdated', '_links'] as const;
const ecAlgs: Record<string, string> = { 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512' };
const MIN_RSA_BITS = 2048;

/** Bit length of a base64url big-endian unsigned integer (an RSA modulus `n`). */
function bitLength(b64url: string): number {
  const bytes = Buffer.from(b64url, 'base64url');
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  if (i === bytes.length) return 0;
  return (bytes.length - i - 1) * 8 + (32 - Math.clz32(bytes[i] as number));
}

/**
 * Checks the public keys of `settings.oauthClient.jwks` and turns them into JwkRecords; keys already on
 * the app (same kid, or the `id` a GET returned) keep their id and creation time, so GET→PUT round-trips.
 */
async function parseKeys(org: Org, raw: readonly Record<string, unknown>[], existing: readonly JwkRecord[]): Promise<JwkRecord[]> {
  const out: JwkRecord[] = [];
  const kids = new Set<string>();
  const now = org.now();
  for (const [i, key] of raw.entries()) {
    const where = `settings.oauthClient.jwks.keys[${i}]`;
    const bad = (cause: string) => oktaErrors.validation('jwks', [`${where}: ${cause}`]);
    const secret = PRIVATE_MEMBERS.filter((m) => m in key);
    if (secret.length > 0) {
      throw bad(`The key has private key members (${secret.join(', ')}); register the public key only and keep the private key with the client`);
    }
    const jwk: Record<string, unknown> = { ...key };
    for (const m of RESPONSE_MEMBERS) delete jwk[m];
    const status = key.status === undefined ? 'ACTIVE' : key.status;
    if (status !== 'ACTIVE' && status !== 'INACTIVE') throw bad(`status must be ACTIVE or INACTIVE, got ${JSON.stringify(key.status)}`);
    if (jwk.kid !== undefined && (typeof jwk.kid !== 'string' || jwk.kid === '')) throw bad('kid must be a non-empty string');
    if (typeof jwk.kid === 'string') {
      if (kids.has(jwk.kid)) throw bad(`The kid '${jwk.kid}' is used by more than one key; each key needs its own kid`);
      kids.add(jwk.kid);
    }
    if (jwk.use !== undefined && jwk.use !== 'sig' && jwk.use !== 'enc') throw bad(`use must be sig or enc, got ${JSON.stringify(jwk.use)}`);
    let alg: string;
    if (jwk.kty === 'RSA') {
      if (typeof jwk.n !== 'string' || typeof jwk.e !== 'string') throw bad('An RSA key needs its modulus n and exponent e');
      const bits = bitLength(jwk.n);
      if (bits < MIN_RSA_BITS) throw bad(`The RSA key is ${bits} bits; Okta needs at least ${MIN_RSA_BITS}`);
      alg = typeof jwk.alg === 'string' ? jwk.alg : 'RS256';
      if (!/^(RS|PS)(256|384|512)$/.test(alg)) throw bad(`alg ${alg} does not fit an RSA key; use RS256, RS384 or RS512`);
    } else if (jwk.kty === 'EC') {
      const crvAlg = typeof jwk.crv === 'string' ? ecAlgs[jwk.crv] : undefined;
      if (!crvAlg) throw bad(`crv must be one of ${Object.keys(ecAlgs).join(', ')}, got ${JSON.stringify(jwk.crv)}`);
      if (typeof jwk.x !== 'string' || typeof jwk.y !== 'string') throw bad('An EC key needs its coordinates x and y');
      alg = typeof jwk.alg === 'string' ? jwk.alg : crvAlg;
      if (alg !== crvAlg) throw bad(`alg ${alg} does not fit curve ${String(jwk.crv)}; use ${crvAlg}`);
    } else {
      throw bad(`kty must be RSA or EC, got ${JSON.stringify(jwk.kty)}`);
    }
    try {
      await importJWK(jwk as JWK, alg);
    } catch {
      throw bad('The key is not a valid public JWK (its members do not decode to a key)');
    }
    const kept = existing.find((k) => (typeof key.id === 'string' && k.id === key.id) || (typeof jwk.kid === 'string' && k.jwk.kid === jwk.kid));
    out.push({ id: kept?.id ?? org.ids.next('jwk'), status, created: kept?.created ?? now, lastUpdated: now, jwk });
  }
  return out;
}
