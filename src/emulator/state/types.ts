/**
 * The emulator's in-memory records. These are internal shapes; `http/serialize.ts` turns them into
 * Okta's JSON. Times are epoch milliseconds.
 */

export const userStatuses = ['STAGED', 'PROVISIONED', 'ACTIVE', 'RECOVERY', 'PASSWORD_EXPIRED', 'LOCKED_OUT', 'SUSPENDED', 'DEPROVISIONED'] as const;
export type UserStatus = (typeof userStatuses)[number];

export type Profile = Record<string, unknown>;

export const providerTypes = ['OKTA', 'ACTIVE_DIRECTORY', 'LDAP', 'FEDERATION', 'SOCIAL', 'IMPORT'] as const;
export type ProviderType = (typeof providerTypes)[number];

export interface UserRecord {
  id: string;
  status: UserStatus;
  created: number;
  activated: number | null;
  statusChanged: number | null;
  lastLogin: number | null;
  lastUpdated: number;
  passwordChanged: number | null;
  typeId: string;
  profile: Profile;
  hasPassword: boolean;
  recoveryQuestion: string | null;
  provider: { type: ProviderType; name: string };
  /** Enrolled MFA factors; reset_factors clears them. */
  factors: number;
  /** Open sessions; clearing sessions empties them. */
  sessions: number;
  /** Bumped on every change; the ETag. */
  version: number;
}

export const groupTypes = ['OKTA_GROUP', 'APP_GROUP', 'BUILT_IN'] as const;
export type GroupType = (typeof groupTypes)[number];

export interface GroupRecord {
  id: string;
  type: GroupType;
  created: number;
  lastUpdated: number;
  lastMembershipUpdated: number;
  profile: { name: string; description: string | null } & Profile;
  /** For APP_GROUP: the app the group was imported from. */
  sourceAppId: string | null;
}

export interface JwkRecord {
  id: string;
  status: 'ACTIVE' | 'INACTIVE';
  created: number;
  lastUpdated: number;
  /** The public JWK as registered (kty, n, e / crv, x, y, kid, alg, use). */
  jwk: Record<string, unknown>;
}

/** The OAuth client side of an OPENID_CONNECT app. */
export interface OAuthClientRecord {
  applicationType: 'service' | 'web' | 'native' | 'browser';
  grantTypes: string[];
  responseTypes: string[];
  tokenEndpointAuthMethod: 'private_key_jwt' | 'client_secret_basic' | 'client_secret_post' | 'client_secret_jwt' | 'none';
  /** settings.oauthClient.dpop_bound_access_tokens */
  dpopBound: boolean;
  keys: JwkRecord[];
  clientSecret: string | null;
}

export const appStatuses = ['ACTIVE', 'INACTIVE'] as const;
export type AppStatus = (typeof appStatuses)[number];

export interface AppRecord {
  id: string;
  name: string;
  label: string;
  status: AppStatus;
  signOnMode: string;
  created: number;
  lastUpdated: number;
  /** The rest of the app object as sent (settings, visibility, accessibility, features, credentials …), minus system fields. */
  body: Record<string, unknown>;
  oauthClient: OAuthClientRecord | null;
}

export interface AppUserRecord {
  appId: string;
  userId: string;
  created: number;
  lastUpdated: number;
  statusChanged: number;
  userName: string;
  profile: Profile;
}

export interface AppGroupRecord {
  appId: string;
  groupId: string;
  priority: number;
  profile: Profile;
  lastUpdated: number;
}

export interface GroupRuleRecord {
  id: string;
  name: string;
  status: 'ACTIVE' | 'INACTIVE' | 'INVALID';
  created: number;
  lastUpdated: number;
  expression: string;
  groupIds: string[];
  excludeUserIds: string[];
}

export const adminRoleTypes = [
  'SUPER_ADMIN',
  'ORG_ADMIN',
  'APP_ADMIN',
  'USER_ADMIN',
  'GROUP_MEMBERSHIP_ADMIN',
  'HELP_DESK_ADMIN',
  'READ_ONLY_ADMIN',
  'REPORT_ADMIN',
  'API_ACCESS_MANAGEMENT_ADMIN',
] as const;
export type AdminRoleType = (typeof adminRoleTypes)[number];

export interface RoleAssignmentRecord {
  id: string;
  clientId: string;
  type: AdminRoleType;
  created: number;
  lastUpdated: number;
  /** Group targets; empty means "all groups" (no targets). */
  groupTargets: string[];
  /** App instance targets; empty means "all apps". */
  appTargets: string[];
}

export interface GrantRecord {
  id: string;
  clientId: string;
  scopeId: string;
  issuer: string;
  created: number;
  lastUpdated: number;
}

export interface AccessTokenRecord {
  token: string;
  jti: string;
  clientId: string;
  scopes: string[];
  issuedAt: number;
  expiresAt: number;
  /** DPoP binding: the JWK thumbprint of the proof key (cnf.jkt). */
  jkt: string | null;
  revoked: boolean;
  /** The signed-in user of an authorization-code token (absent for client credentials). */
  userId?: string;
}

/** An authorization code of `/oauth2/v1/authorize`, redeemed once at the token endpoint. */
export interface AuthorizationCodeRecord {
  code: string;
  clientId: string;
  redirectUri: string;
  userId: string;
  scopes: string[];
  nonce: string | null;
  /** PKCE (RFC 7636): the S256 challenge, or null when the client sent none. */
  codeChallenge: string | null;
  /** When the user signed in (epoch s): the id token's auth_time. */
  authTime: number;
  expiresAt: number;
}

/** A System Log event as Okta serializes it, plus the emulator's persistence order. */
export interface LogEventRecord {
  seq: number;
  published: number;
  event: Record<string, unknown> & { uuid: string; eventType: string };
}
