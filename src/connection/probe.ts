import { OktaApiError, OktaAuthError, type OktaClient, type OktaRequest } from '../okta/index.ts';

/** One row of `gatehouse okta test`. */
export interface CapabilityResult {
  capability: string;
  scope: string;
  /** The scope is in the token Okta issued. */
  scopeGranted: boolean;
  /** The app's admin role let the probe through; null when it could not be asked (scope missing). */
  roleAllows: boolean | null;
  ok: boolean;
  /** What to change in Okta when not ok. */
  fix: string | null;
}

export interface ProbeReport {
  tokenType: 'Bearer' | 'DPoP' | null;
  grantedScopes: string[];
  droppedScopes: string[];
  /** Admin roles assigned to the app, when okta.roles.read let us read them. */
  roles: string[] | null;
  results: CapabilityResult[];
  /** Set when no token could be had at all: the admin-facing reason. */
  tokenError: string | null;
  ok: boolean;
}

interface Probe {
  capability: string;
  scope: string;
  /** A harmless read, or a write Okta authorizes before it validates (answers 400, changing nothing). */
  request: OktaRequest;
  /** Statuses that prove the call was authorized. */
  authorized: (status: number) => boolean;
}

const read = (capability: string, scope: string, path: string): Probe => ({ capability, scope, request: { method: 'GET', path }, authorized: (s) => s === 200 });
const write = (capability: string, scope: string, path: string): Probe => ({
  capability,
  scope,
  // An empty body fails validation, so nothing is created; a 403 before that means the role says no.
  request: { method: 'POST', path, body: {} },
  authorized: (s) => s === 400,
});

const probes: readonly Probe[] = [
  read('Read users', 'okta.users.read', '/api/v1/users?limit=1'),
  write('Create and manage users', 'okta.users.manage', '/api/v1/users?activate=false'),
  read('Read groups', 'okta.groups.read', '/api/v1/groups?limit=1'),
  write('Create and manage groups', 'okta.groups.manage', '/api/v1/groups'),
  read('Read apps and assignments', 'okta.apps.read', '/api/v1/apps?limit=1'),
  write('Manage apps and assignments', 'okta.apps.manage', '/api/v1/apps'),
  read('Read the System Log', 'okta.logs.read', '/api/v1/logs?limit=1'),
];

const roleHint: Record<string, string> = {
  'okta.users.read': 'Read-only Administrator, Help Desk, Group or Organization Administrator',
  'okta.users.manage': 'Group Administrator (USER_ADMIN) or Organization Administrator',
  'okta.groups.read': 'Read-only Administrator or Group Membership Administrator',
  'okta.groups.manage': 'Organization Administrator',
  'okta.apps.read': 'Read-only or Application Administrator',
  'okta.apps.manage': 'Application Administrator or Organization Administrator',
  'okta.logs.read': 'Report, Read-only or Organization Administrator',
};

/**
 * Checks every capability the configured scopes promise: a token first, then per scope a harmless
 * request, and tells what to change in Okta where something does not work (issue 3, `okta test`).
 */
export async function probeConnection(client: OktaClient, options: { clientId: string; scopes: readonly string[] }): Promise<ProbeReport> {
  let token;
  try {
    token = await client.tokens.getToken();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { tokenType: null, grantedScopes: [], droppedScopes: [...options.scopes], roles: null, results: [], tokenError: message, ok: false };
  }
  const granted = new Set(token.scopes);
  const has = (scope: string) => granted.has(scope) || (scope.endsWith('.read') && granted.has(scope.replace(/\.read$/, '.manage')));
  const configured = new Set(options.scopes);
  const promised = (scope: string) => configured.has(scope) || (scope.endsWith('.read') && configured.has(scope.replace(/\.read$/, '.manage')));

  const results: CapabilityResult[] = [];
  for (const probe of probes.filter((p) => promised(p.scope))) {
    if (!has(probe.scope)) {
      results.push({ ...base(probe), scopeGranted: false, roleAllows: null, ok: false, fix: `Grant ${probe.scope} on the app's "Okta API Scopes" tab in the Admin Console.` });
      continue;
    }
    const status = await statusOf(client, probe.request);
    if (probe.authorized(status.code)) {
      results.push({ ...base(probe), scopeGranted: true, roleAllows: true, ok: true, fix: null });
    } else if (status.code === 403 && status.insufficientScope) {
      results.push({ ...base(probe), scopeGranted: false, roleAllows: null, ok: false, fix: `Grant ${probe.scope} on the app's "Okta API Scopes" tab.` });
    } else if (status.code === 403) {
      results.push({
        ...base(probe),
        scopeGranted: true,
        roleAllows: false,
        ok: false,
        fix: `The app's admin role does not allow this. On the app's "Admin roles" tab assign a role that does (e.g. ${roleHint[probe.scope] ?? 'Organization Administrator'}).`,
      });
    } else {
      results.push({ ...base(probe), scopeGranted: true, roleAllows: null, ok: false, fix: `Okta answered ${status.code}${status.detail ? ` (${status.detail})` : ''}; try again, and check the org's status if it persists.` });
    }
  }

  let roles: string[] | null = null;
  if (has('okta.roles.read')) {
    try {
      roles = (await client.apps.clientRoles(options.clientId)).map((r) => r.type);
    } catch {
      roles = null;
    }
  }
  return {
    tokenType: token.type,
    grantedScopes: token.scopes,
    droppedScopes: token.droppedScopes,
    roles,
    results,
    tokenError: null,
    ok: results.every((r) => r.ok) && token.droppedScopes.length === 0,
  };
}

function base(probe: Probe): Pick<CapabilityResult, 'capability' | 'scope'> {
  return { capability: probe.capability, scope: probe.scope };
}

async function statusOf(client: OktaClient, request: OktaRequest): Promise<{ code: number; insufficientScope: boolean; detail?: string }> {
  try {
    const response = await client.request(request);
    return { code: response.status, insufficientScope: false };
  } catch (error) {
    if (error instanceof OktaApiError) return { code: error.status, insufficientScope: error.errorCode === 'insufficient_scope', ...(error.errorCode ? { detail: error.errorCode } : {}) };
    if (error instanceof OktaAuthError) return { code: 401, insufficientScope: false, detail: error.message };
    return { code: 0, insufficientScope: false, detail: error instanceof Error ? error.message : String(error) };
  }
}
