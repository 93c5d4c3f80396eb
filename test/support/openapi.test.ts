import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectValidOktaResponse, loadOktaOpenApi, oktaOpenApiCacheFile, type OktaOpenApi } from './openapi.ts';

/** Okta's sample user (management spec, `components.examples.user-example`, trimmed). */
const sampleUser = {
  id: '00ub0oNGTSWTBKOLGLNR',
  status: 'ACTIVE',
  created: '2013-06-24T16:39:18.000Z',
  activated: '2013-06-24T16:39:19.000Z',
  statusChanged: '2013-06-24T16:39:19.000Z',
  lastLogin: '2013-06-24T17:39:19.000Z',
  lastUpdated: '2013-07-02T21:36:25.344Z',
  passwordChanged: '2013-07-02T21:36:25.344Z',
  type: { id: 'oty1162QAr8hJjTaq0g4' },
  profile: { login: 'isaac.brock@example.com', email: 'isaac.brock@example.com', firstName: 'Isaac', lastName: 'Brock', mobilePhone: null, secondEmail: null },
  credentials: { password: {}, provider: { type: 'OKTA', name: 'OKTA' } },
  _links: { self: { href: 'https://example.okta.com/api/v1/users/00ub0oNGTSWTBKOLGLNR' } },
};

/** `components.examples.group-example`. */
const sampleGroup = {
  id: '00g1emaKYZTWRYYRRTSK',
  created: '2015-02-06T10:11:28.000Z',
  lastUpdated: '2015-10-05T19:16:43.000Z',
  lastMembershipUpdated: '2015-11-28T19:15:32.000Z',
  objectClass: ['okta:user_group'],
  type: 'OKTA_GROUP',
  profile: { name: 'West Coast users', description: 'All users West of The Rockies' },
  _links: {
    logo: [
      { name: 'medium', href: 'https://example.okta.com/img/logos/groups/okta-medium.png', type: 'image/png' },
      { name: 'large', href: 'https://example.okta.com/img/logos/groups/okta-large.png', type: 'image/png' },
    ],
    users: { href: 'https://example.okta.com/api/v1/groups/00g1emaKYZTWRYYRRTSK/users' },
    apps: { href: 'https://example.okta.com/api/v1/groups/00g1emaKYZTWRYYRRTSK/apps' },
  },
};

/**
 * `components.examples.ListLogs[0]` made to match the spec: Okta's own example has `null` in a dozen
 * fields the spec does not mark `nullable`, a numeric `postalCode` and `version: 0`.
 */
const sampleLogEvent = {
  actor: { id: '00uttidj01jqL21aM1d6', type: 'User', alternateId: 'john.doe@example.com', displayName: 'John Doe' },
  client: {
    userAgent: { rawUserAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/127.0.0.0 Safari/537.36', os: 'Mac OS X', browser: 'CHROME' },
    device: 'Computer',
    ipAddress: '10.0.0.1',
    geographicalContext: { city: 'New York', state: 'New York', country: 'United States', postalCode: '10013', geolocation: { lat: 40.3157, lon: -74.01 } },
  },
  authenticationContext: { authenticationStep: 0, rootSessionId: 'idxBager62CSveUkTxvgRtonA', externalSessionId: 'idxBager62CSveUkTxvgRtonA' },
  displayMessage: 'User login to Okta',
  eventType: 'user.session.start',
  outcome: { result: 'SUCCESS' },
  published: '2024-08-13T15:58:20.353Z',
  securityContext: { asNumber: 394089, asOrg: 'ASN 0000', isp: 'google', isProxy: false },
  severity: 'INFO',
  debugContext: { debugData: { requestId: 'ab609228fe84ce59cdcbfa690bcce016', requestUri: '/idp/idx/authenticators/poll', url: '/idp/idx/authenticators/poll' } },
  legacyEventType: 'core.user_auth.login_success',
  transaction: { type: 'WEB', id: 'ab609228fe84ce59cdcbfa690bgce016' },
  uuid: 'dc9fd3c0-598c-11ef-8478-2b7584bf8d5a',
  version: '0',
  request: { ipChain: [{ ip: '10.0.0.1', geographicalContext: { city: 'New York', state: 'New York', country: 'United States', postalCode: '10013', geolocation: { lat: 40.3157, lon: -74.01 } }, version: 'V4' }] },
  target: [
    { id: 'pfdfdhyjf0HMbkP2e1d7', type: 'AuthenticatorEnrollment', alternateId: 'unknown', displayName: 'Okta Verify' },
    { id: '0oatxlef9sQvvqInq5d6', type: 'AppInstance', alternateId: 'Okta Admin Console', displayName: 'Okta Admin Console' },
  ],
};

/** `components.examples.AppUserListEx[0]`, assigned through a group. */
const sampleGroupAppUser = {
  id: '00u1dnq5S0CfjlkpABCD',
  externalId: '00u5edt3PNbbjzvIABCD',
  created: '2024-01-31T18:25:01.000Z',
  lastUpdated: '2024-01-31T18:25:03.000Z',
  scope: 'GROUP',
  status: 'PROVISIONED',
  statusChanged: '2024-01-31T18:25:03.000Z',
  passwordChanged: null,
  syncState: 'SYNCHRONIZED',
  lastSync: '2024-01-31T18:25:03.000Z',
  credentials: { userName: 'saml.test@example.com' },
  profile: { secondEmail: null, lastName: 'Test', mobilePhone: null, displayName: 'Saml O Test', email: 'saml.test@example.com', salesforceGroups: [], role: 'Tester', firstName: 'Saml', streetAddress: null },
  _links: {
    app: { href: 'https://example.okta.com/api/v1/apps/0oajiqIRNXPPJBNZMGYL' },
    user: { href: 'https://example.okta.com/api/v1/users/00u1dnq5S0CfjlkpABCD' },
    group: { name: 'Everyone', href: 'https://example.okta.com/api/v1/groups/00g1emaKYZTWRYYRRTSK' },
  },
};

/** `components.examples.StandardRolesListResponseGroup[0]` and `CustomRolesListResponseGroup[0]`. */
const standardRole = {
  id: 'IFIFAX2BIRGUSTQ',
  label: 'Application Administrator',
  type: 'APP_ADMIN',
  status: 'ACTIVE',
  created: '2019-02-06T16:17:40.000Z',
  lastUpdated: '2019-02-06T16:17:40.000Z',
  assignmentType: 'USER',
  _links: { assignee: { href: 'https://example.okta.com/api/v1/users/00ur32Vg0fvpyHZeQ0g3' } },
};
const customRole = {
  id: 'irb1q92TFAHzySt3x0g4',
  role: 'cr0Yq6IJxGIr0ouum0g3',
  label: 'UserCreatorRole',
  type: 'CUSTOM',
  status: 'ACTIVE',
  created: '2019-02-06T16:20:57.000Z',
  lastUpdated: '2019-02-06T16:20:57.000Z',
  assignmentType: 'USER',
  'resource-set': 'iamoJDFKaJxGIr0oamd9g',
  _links: {
    assignee: { href: 'https://example.okta.com/api/v1/users/00ur32Vg0fvpyHZeQ0g3' },
    'resource-set': { href: 'https://example.okta.com/api/v1/iam/resource-sets/iamoJDFKaJxGIr0oamd9g' },
    role: { href: 'https://example.okta.com/api/v1/iam/roles/cr0Yq6IJxGIr0ouum0g3' },
  },
};

const origin = 'http://127.0.0.1:43210';

describe("Okta's OpenAPI documents", () => {
  let api: OktaOpenApi;
  beforeAll(async () => {
    api = await loadOktaOpenApi();
  });

  it('caches the prepared documents as JSON under .cache/okta-openapi', async () => {
    const file = await oktaOpenApiCacheFile();
    expect(file).toMatch(/\/\.cache\/okta-openapi\/[0-9a-f]{64}\.json$/);
    expect(existsSync(file)).toBe(true);
    expect(await loadOktaOpenApi()).toBe(api);
  });

  describe('matchPath', () => {
    it('maps concrete paths to templates', () => {
      expect(api.matchPath('POST', '/api/v1/users/00u123/lifecycle/activate')).toBe('/api/v1/users/{id}/lifecycle/activate');
      expect(api.matchPath('GET', '/api/v1/users/00u123')).toBe('/api/v1/users/{id}');
      expect(api.matchPath('GET', '/api/v1/users/isaac%40example.com')).toBe('/api/v1/users/{id}');
      expect(api.matchPath('GET', '/api/v1/users?limit=2&after=x')).toBe('/api/v1/users');
      expect(api.matchPath('GET', '/api/v1/users/')).toBe('/api/v1/users');
      expect(api.matchPath('GET', '/api/v1/apps/0oa1/users')).toBe('/api/v1/apps/{appId}/users');
    });

    it('prefers literal segments over parameters', () => {
      expect(api.matchPath('GET', '/api/v1/groups/rules')).toBe('/api/v1/groups/rules');
      expect(api.matchPath('GET', '/api/v1/groups/00g123')).toBe('/api/v1/groups/{groupId}');
      expect(api.matchPath('POST', '/api/v1/groups/rules/0pr123/lifecycle/activate')).toBe('/api/v1/groups/rules/{groupRuleId}/lifecycle/activate');
      expect(api.matchPath('POST', '/oauth2/v1/token')).toBe('/oauth2/v1/token');
      expect(api.matchPath('POST', '/oauth2/aus123/v1/token')).toBe('/oauth2/{authorizationServerId}/v1/token');
    });

    it('spans both documents', () => {
      expect(api.matchPath('GET', '/oauth2/v1/clients/0oa1')).toBe('/oauth2/v1/clients/{clientId}');
      expect(api.matchPath('GET', '/oauth2/v1/clients/0oa1/roles')).toBe('/oauth2/v1/clients/{clientId}/roles');
    });

    it('returns undefined for unknown paths', () => {
      expect(api.matchPath('GET', '/api/v1/nope/at/all/here')).toBeUndefined();
      expect(api.matchPath('GET', '/__emulator/health')).toBeUndefined();
    });
  });

  describe('validateResponse', () => {
    it("accepts Okta's sample user for GET /api/v1/users/{id} 200", () => {
      expect(api.validateResponse('GET', '/api/v1/users/00ub0oNGTSWTBKOLGLNR', 200, sampleUser)).toEqual({ documented: true, errors: [] });
      expect(api.validateResponse('get', '/api/v1/users/{id}', 200, sampleUser)).toEqual({ documented: true, errors: [] });
    });

    it('rejects an unknown status and lists the allowed values', () => {
      const { documented, errors } = api.validateResponse('GET', '/api/v1/users/00ub0oNGTSWTBKOLGLNR', 200, { ...sampleUser, status: 'WEIRD' });
      expect(documented).toBe(true);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toContain('/status must be equal to one of the allowed values');
      for (const status of ['ACTIVE', 'DEPROVISIONED', 'LOCKED_OUT', 'PASSWORD_EXPIRED', 'PROVISIONED', 'RECOVERY', 'STAGED', 'SUSPENDED']) expect(errors[0]).toContain(`"${status}"`);
      expect(errors[0]).toContain('got "WEIRD"');
    });

    it('reports every problem, with where it is', () => {
      const body = { ...sampleUser, created: 'yesterday', profile: { ...sampleUser.profile, firstName: 42 }, _links: { self: {} } };
      const { errors } = api.validateResponse('GET', '/api/v1/users/x', 200, body);
      expect(errors).toEqual(
        expect.arrayContaining(['/created must match format "date-time", got "yesterday"', '/profile/firstName must be string, got 42', "/_links/self must have required property 'href'"]),
      );
    });

    it('allows null where the spec says nullable, also next to an enum', () => {
      expect(api.validateResponse('GET', '/api/v1/users/x', 200, { ...sampleUser, transitioningToStatus: null }).errors).toEqual([]);
      expect(api.validateResponse('GET', '/api/v1/users/x', 200, { ...sampleUser, lastLogin: null, activated: null }).errors).toEqual([]);
      expect(api.validateResponse('GET', '/api/v1/users/x', 200, { ...sampleUser, id: null }).errors).toEqual(['/id must be string, got null']);
    });

    it('accepts an array of users for GET /api/v1/users 200', () => {
      const other = { ...sampleUser, id: '00u2', status: 'STAGED', activated: null, lastLogin: null, profile: { ...sampleUser.profile, login: 'b@example.com', email: 'b@example.com' } };
      expect(api.validateResponse('GET', '/api/v1/users', 200, [sampleUser, other]).errors).toEqual([]);
      expect(api.validateResponse('GET', '/api/v1/users', 200, sampleUser).errors).toEqual([expect.stringMatching(/^\(root\) must be array, got \{/)]);
    });

    it('accepts a group for GET /api/v1/groups/{groupId} 200', () => {
      expect(api.validateResponse('GET', '/api/v1/groups/00g1emaKYZTWRYYRRTSK', 200, sampleGroup)).toEqual({ documented: true, errors: [] });
      expect(api.validateResponse('GET', '/api/v1/groups/00g1', 200, { ...sampleGroup, type: 'TEAM' }).errors[0]).toContain('/type must be equal to one of the allowed values: "APP_GROUP", "BUILT_IN", "OKTA_GROUP"');
    });

    it('accepts a token response for POST /oauth2/v1/token 200', () => {
      const token = { token_type: 'Bearer', expires_in: 3600, access_token: 'x', scope: 'okta.users.read' };
      expect(api.validateResponse('POST', '/oauth2/v1/token', 200, token)).toEqual({ documented: true, errors: [] });
      expect(api.validateResponse('POST', '/oauth2/v1/token', 200, { ...token, token_type: 'DPoP' }).errors).toEqual([]);
      expect(api.validateResponse('POST', '/oauth2/v1/token', 200, { ...token, expires_in: '3600' }).errors).toEqual(['/expires_in must be integer, got "3600"']);
      expect(api.validateResponse('POST', '/oauth2/v1/token', 400, { error: 'invalid_client', error_description: 'nope' }).errors).toEqual([]);
    });

    it('accepts a LogEvent for GET /api/v1/logs 200', () => {
      expect(api.validateResponse('GET', '/api/v1/logs?since=2024-01-01T00:00:00Z', 200, [sampleLogEvent])).toEqual({ documented: true, errors: [] });
    });

    it('reports null where the spec does not say nullable (Okta itself sends some of these)', () => {
      const { errors } = api.validateResponse('GET', '/api/v1/logs', 200, [{ ...sampleLogEvent, actor: { ...sampleLogEvent.actor, detailEntry: null }, outcome: { result: 'SUCCESS', reason: null } }]);
      expect(errors).toEqual(['/0/actor/detailEntry must be object, got null', '/0/outcome/reason must be string, got null']);
    });

    it('accepts an app user assigned through a group for GET /api/v1/apps/{appId}/users 200', () => {
      expect(api.validateResponse('GET', '/api/v1/apps/0oajiqIRNXPPJBNZMGYL/users', 200, [sampleGroupAppUser])).toEqual({ documented: true, errors: [] });
      expect(api.validateResponse('GET', '/api/v1/apps/0oa1/users', 200, [{ ...sampleGroupAppUser, scope: 'RULE' }]).errors[0]).toContain('/0/scope must be equal to one of the allowed values: "USER", "GROUP"');
    });

    it('tells standard from custom role assignments by their type (discriminator mapping)', () => {
      // Without the mapping both alternatives match a standard role, and `oneOf` rejects it.
      expect(api.validateResponse('GET', '/api/v1/users/00u1/roles', 200, [standardRole, customRole]).errors).toEqual([]);
      expect(api.validateResponse('GET', '/api/v1/users/00u1/roles', 200, [{ ...customRole, role: 42 }]).errors).toEqual(['/0/role must be string, got 42']);
      expect(api.validateResponse('GET', '/api/v1/users/00u1/roles', 200, [{ ...standardRole, type: 'NOT_A_ROLE' }]).errors).not.toEqual([]);
    });

    it('validates documented error responses (shared component responses)', () => {
      const error = { errorCode: 'E0000007', errorSummary: 'Not found: Resource not found: 00u1 (User)', errorLink: 'E0000007', errorId: 'oae1', errorCauses: [] };
      expect(api.validateResponse('GET', '/api/v1/groups/00g1', 404, error)).toEqual({ documented: true, errors: [] });
      expect(api.validateResponse('GET', '/api/v1/users/00u1', 429, error)).toEqual({ documented: true, errors: [] });
      expect(api.validateResponse('GET', '/api/v1/users/00u1', 404, { ...error, errorCauses: 'none' }).errors).toEqual(['/errorCauses must be array, got "none"']);
    });

    it('survives the self-referencing JWK schemas of dynamic client registration', () => {
      const client = {
        client_id: '0oa1',
        client_name: 'service',
        application_type: 'service',
        grant_types: ['client_credentials'],
        response_types: ['token'],
        token_endpoint_auth_method: 'private_key_jwt',
        jwks: { keys: [{ kid: 'k1', kty: 'RSA', e: 'AQAB', n: 'xyz', alg: 'RS256', use: 'sig' }] },
      };
      expect(api.validateResponse('POST', '/oauth2/v1/clients', 201, client).errors).toEqual([]);
    });

    it('says when a status or path is undocumented', () => {
      expect(api.validateResponse('GET', '/api/v1/users/00u1', 500, { anything: true })).toEqual({ documented: false, errors: [] });
      expect(api.validateResponse('POST', '/api/v1/users/00u1/lifecycle/deactivate', 204, undefined)).toEqual({ documented: false, errors: [] });
      expect(api.validateResponse('GET', '/api/v1/unknown/thing', 200, {})).toEqual({ documented: false, errors: [] });
    });
  });

  describe('expectValidOktaResponse', () => {
    it('takes a full URL, ignoring origin and query', async () => {
      await expectValidOktaResponse('GET', `${origin}/api/v1/users/00ub0oNGTSWTBKOLGLNR?expand=blocks`, 200, sampleUser);
      await expectValidOktaResponse('GET', `${origin}/api/v1/users?limit=1`, 200, [sampleUser]);
    });

    it('throws listing every problem', async () => {
      const attempt = expectValidOktaResponse('GET', `${origin}/api/v1/users/00u1`, 200, { ...sampleUser, status: 'WEIRD', created: 5 });
      await expect(attempt).rejects.toThrow(/GET \/api\/v1\/users\/00u1 → 200: .*GET \/api\/v1\/users\/\{id\} 200/);
      await expect(attempt).rejects.toThrow(/- \/status must be equal to one of the allowed values: .*"SUSPENDED".*got "WEIRD"/);
      await expect(attempt).rejects.toThrow(/- \/created must be string, got 5/);
    });

    it('checks Okta error objects against the Error schema where the status is undocumented', async () => {
      await expectValidOktaResponse('GET', `${origin}/api/v1/users/00u1`, 400, { errorCode: 'E0000001', errorSummary: 'Api validation failed', errorCauses: [{ errorSummary: 'login: required' }] });
      await expect(expectValidOktaResponse('GET', `${origin}/api/v1/users/00u1`, 500, { errorCode: 'E0000009', errorSummary: 7 })).rejects.toThrow(
        /components\.schemas\.Error[\s\S]*\/errorSummary must be string, got 7/,
      );
      // 429 on a path that documents none:
      await expect(expectValidOktaResponse('GET', `${origin}/.well-known/okta-organization`, 429, { errorCode: 'E0000047', errorCauses: {} })).rejects.toThrow(/errorCauses must be array/);
    });

    it('checks OAuth errors of the token endpoint against OAuthError where the status is undocumented', async () => {
      await expectValidOktaResponse('POST', `${origin}/oauth2/v1/token`, 500, { error: 'server_error', error_description: 'oops' });
      await expect(expectValidOktaResponse('POST', `${origin}/oauth2/v1/token`, 500, { error: 'server_error', error_description: 5 })).rejects.toThrow(/OAuthError[\s\S]*error_description must be string/);
      await expect(expectValidOktaResponse('POST', `${origin}/oauth2/v1/token`, 400, { error: 'invalid_dpop_proof', error_description: ['x'] })).rejects.toThrow(/error_description must be string/);
    });

    it('accepts other undocumented bodies and skips emulator paths', async () => {
      await expectValidOktaResponse('GET', `${origin}/__emulator/stats`, 200, { anything: ['goes'] });
      await expectValidOktaResponse('POST', `${origin}/__emulator/reset`, 200, { errorCode: 5 });
      await expectValidOktaResponse('GET', `${origin}/api/v1/users/00u1`, 500, { message: 'not an Okta error' });
    });
  });
});
