/**
 * Which Okta rate-limit bucket a request counts against (reference §3.4: exact matches, then the
 * longest prefix). The governor keeps one budget per bucket; unknown paths share "other".
 * @see https://developer.okta.com/docs/reference/rl-global-mgmt/
 */
const seg = '[^/]+';
const rules: readonly { key: string; methods: readonly string[] | null; re: RegExp }[] = [
  { key: '/oauth2/v1/token', methods: null, re: /^\/oauth2\/v1\/token$/ },
  { key: '/oauth2/v1/clients', methods: null, re: /^\/oauth2\/v1\/clients(\/.*)?$/ },
  { key: 'GET,POST /api/v1/users', methods: ['GET', 'POST'], re: /^\/api\/v1\/users$/ },
  { key: 'GET /api/v1/users/{id}', methods: ['GET'], re: new RegExp(`^/api/v1/users/${seg}$`) },
  { key: 'POST,PUT,DELETE /api/v1/users/{id}', methods: ['POST', 'PUT', 'DELETE'], re: new RegExp(`^/api/v1/users/${seg}$`) },
  { key: '/api/v1/groups', methods: null, re: /^\/api\/v1\/groups$/ },
  { key: '/api/v1/groups/{id}', methods: null, re: new RegExp(`^/api/v1/groups/${seg}$`) },
  { key: '/api/v1/apps/{id}', methods: null, re: new RegExp(`^/api/v1/apps/${seg}$`) },
  { key: '/api/v1/apps', methods: null, re: /^\/api\/v1\/apps(\/.*)?$/ },
  { key: '/api/v1/logs', methods: null, re: /^\/api\/v1\/logs$/ },
  { key: '/api/v1', methods: null, re: /^\/api\/v1\/.*$/ },
];

/** The bucket name of a request. */
export function bucketOf(method: string, path: string): string {
  for (const r of rules) if ((r.methods === null || r.methods.includes(method)) && r.re.test(path)) return r.key;
  return 'other';
}
