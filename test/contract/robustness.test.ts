// Robustness of the emulator's HTTP surface: protocol-level errors answered as Okta does (bad JSON, media
// types, body size, unknown routes and methods, Accept, Content-Length, URL encoding), the headers every
// answer carries, and fast-check properties that throw random filters, ids, query parameters, bodies and
// rule expressions at it. Whatever arrives, the answer is a 2xx or a 4xx with an Okta error object (never a
// 5xx or a dropped connection), and the org stays intact.
// Reference okta-api.md §2.1, §3.1–3.5 and §7 items 19–20.
import { request } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oktaFetch, profile, startTestOrg, type TestOrg, type TestResponse } from '../support/emulator.ts';

type Body = Record<string, unknown>;

interface UserJson {
  id: string;
  status: string;
  profile: Body;
}

interface GroupJson {
  id: string;
  type: string;
  profile: { name: string };
}

const PASSWORD = 'Tr0ub4dor&3-horse';

let t: TestOrg;

function expectOktaError(res: { status: number; body: unknown }, status: number, errorCode: string, errorSummary: unknown): void {
  expect(res.status).toBe(status);
  expect(res.body).toEqual({
    errorCode,
    errorSummary,
    errorLink: errorCode,
    errorId: expect.stringMatching(/^oae\w{10,}$/),
    errorCauses: expect.any(Array),
  });
}

/** A 2xx, or a 4xx carrying Okta's error object; never a 5xx. */
function expectOktaAnswer(res: TestResponse<unknown>, what: string): void {
  expect(res.status, `${what} → ${res.status} ${res.text.slice(0, 300)}`).toBeGreaterThanOrEqual(200);
  expect(res.status, `${what} → ${res.status} ${res.text.slice(0, 300)}`).toBeLessThan(500);
  expect(res.headers.get('x-okta-request-id'), what).toMatch(/^req\w+$/);
  if (res.status >= 400) {
    expect(res.headers.get('content-type'), what).toMatch(/^application\/json/);
    expect(res.body, what).toEqual({
      errorCode: expect.stringMatching(/^E\d{7}$/),
      errorSummary: expect.any(String),
      errorLink: expect.any(String),
      errorId: expect.stringMatching(/^oae\w+$/),
      errorCauses: expect.any(Array),
    });
  }
}

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

/** A request through node:http, so the test controls exactly which headers go out. */
function rawRequest(method: string, path: string, headers: Record<string, string>, options: { body?: string | Buffer; removeHeaders?: string[] } = {}): Promise<RawResponse> {
  const url = new URL(t.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method, path, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        let body: unknown;
        try {
          body = text.length > 0 ? JSON.parse(text) : undefined;
        } catch {
          body = text;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
      });
    });
    for (const name of options.removeHeaders ?? []) req.removeHeader(name);
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

const auth = () => ({ authorization: `Bearer ${t.token}`, accept: 'application/json' });

/** Every user id in the plain list, following `next` links (small pages, to exercise paging). */
async function allUserIds(org: TestOrg): Promise<string[]> {
  const ids: string[] = [];
  let path: string | undefined = '/api/v1/users?limit=7';
  for (let page = 0; path !== undefined; page++) {
    expect(page).toBeLessThan(1000);
    const res: TestResponse<UserJson[]> = await org.api<UserJson[]>('GET', path);
    expect(res.status).toBe(200);
    ids.push(...res.body.map((u) => u.id));
    const next = /<([^>]+)>;\s*rel="next"/.exec(res.headers.get('link') ?? '')?.[1];
    if (next !== undefined) expect(next.startsWith(`${org.url}/api/v1/users?`)).toBe(true);
    path = next?.slice(org.url.length);
  }
  return ids;
}

async function groupCount(org: TestOrg): Promise<number> {
  const res = await org.api<GroupJson[]>('GET', '/api/v1/groups');
  expect(res.status).toBe(200);
  return res.body.length;
}

beforeAll(async () => {
  t = await startTestOrg();
});
afterAll(async () => {
  await t?.close();
});

describe('protocol errors', () => {
  it('malformed JSON → 400 E0000003', async () => {
    for (const body of ['{"profile":', '{profile: 1}', "{'a': 1}", '[1,]']) {
      const res = await t.api('POST', '/api/v1/users', { body });
      expectOktaError(res, 400, 'E0000003', 'The request body was not well-formed.');
    }
    expectOktaError(await t.api('POST', '/api/v1/groups', { body: 'null' }), 400, 'E0000003', 'The request body was not well-formed.');
  });

  it('a body in another media type (text/plain) → 415', async () => {
    const res = await oktaFetch(`${t.url}/api/v1/users`, { method: 'POST', headers: { ...auth(), 'content-type': 'text/plain' }, body: JSON.stringify({ profile: profile('plain@acme.example') }) });
    expectOktaError(res, 415, 'E0000021', 'Bad request. Accept and/or Content-Type headers likely do not match supported values.');
    const form = await oktaFetch(`${t.url}/api/v1/groups`, { method: 'POST', headers: { ...auth(), 'content-type': 'application/xml' }, body: '<group/>' });
    expect(form.status).toBe(415);
  });

  it('a 2 MB body → 413, and the emulator keeps serving', async () => {
    const body = JSON.stringify({ profile: { ...profile('big@acme.example'), padding: 'x'.repeat(2 * 1024 * 1024) } });
    const res = await oktaFetch(`${t.url}/api/v1/users`, { method: 'POST', headers: { ...auth(), 'content-type': 'application/json' }, body });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ errorCode: 'E0000002', errorLink: 'E0000002' });
    expectOktaError(await t.api('GET', '/api/v1/users/big@acme.example'), 404, 'E0000007', 'Not found: Resource not found: big@acme.example (User)');
  });

  it('an unknown route → 404 E0000008', async () => {
    for (const path of ['/api/v1/nothing', '/api/v1/users/x/y/z', '/api/v2/users', '/oauth2/v1/nothing']) {
      expectOktaError(await t.api('GET', path), 404, 'E0000008', 'The requested path was not found');
    }
  });

  it('a method the path does not support → 405 E0000022', async () => {
    expectOktaError(await t.api('PATCH', '/api/v1/users'), 405, 'E0000022', 'The endpoint does not support the provided HTTP method');
    expectOktaError(await t.api('DELETE', '/api/v1/groups'), 405, 'E0000022', 'The endpoint does not support the provided HTTP method');
    expectOktaError(await t.api('PUT', '/api/v1/users', { body: {} }), 405, 'E0000022', 'The endpoint does not support the provided HTTP method');
  });

  it('Accept: text/html → 406 E0000122', async () => {
    const res = await t.api('GET', '/api/v1/users', { headers: { accept: 'text/html' } });
    expectOktaError(res, 406, 'E0000122', "Accept Header did not contain supported media type 'application/json'");
    expect((await t.api('GET', '/api/v1/users', { headers: { accept: 'application/json, text/plain, */*' } })).status).toBe(200);
  });

  it('POST or PUT without a body and without Content-Length → 411; with Content-Length: 0 it is served', async () => {
    const noLength = { removeHeaders: ['content-length', 'transfer-encoding'] };
    const post = await rawRequest('POST', '/api/v1/users', auth(), noLength);
    expect(post.status).toBe(411);
    expect(post.body).toMatchObject({ errorCode: 'E0000002', errorLink: 'E0000002', errorId: expect.stringMatching(/^oae/) });

    const group = await t.api<GroupJson>('POST', '/api/v1/groups', { body: { profile: { name: 'Length check' } } });
    const user = await t.api<UserJson>('POST', '/api/v1/users', { body: { profile: profile('length.check@acme.example'), credentials: { password: { value: PASSWORD } } } });
    const path = `/api/v1/groups/${group.body.id}/users/${user.body.id}`;
    expect((await rawRequest('PUT', path, auth(), noLength)).status).toBe(411);
    expect((await rawRequest('PUT', path, { ...auth(), 'content-length': '0' })).status).toBe(204);
    const lifecycle = await rawRequest('POST', `/api/v1/users/${user.body.id}/lifecycle/suspend`, auth(), noLength);
    expect(lifecycle.status).toBe(411);
    expect((await rawRequest('POST', `/api/v1/users/${user.body.id}/lifecycle/suspend`, { ...auth(), 'content-length': '0' })).status).toBe(200);
  });

  it('a chunked body (no Content-Length) is read', async () => {
    const res = await rawRequest('POST', '/api/v1/groups', { ...auth(), 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, { body: JSON.stringify({ profile: { name: 'Chunked' } }) });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ type: 'OKTA_GROUP', profile: { name: 'Chunked' } });
  });

  it('a path that is not valid percent-encoding → 400 with an Okta error object', async () => {
    for (const path of ['/api/v1/users/%E0%A4%A', '/api/v1/users/%', '/api/v1/groups/%zz/users']) {
      const res = await rawRequest('GET', path, auth());
      expect(res.status, path).toBe(400);
      expect(res.body, path).toMatchObject({ errorCode: 'E0000002', errorLink: 'E0000002', errorId: expect.stringMatching(/^oae/), errorCauses: [] });
      expect(res.headers['x-okta-request-id'], path).toMatch(/^req/);
    }
  });

  it('a path segment over the router limit → 414 with an Okta error object', async () => {
    const res = await rawRequest('GET', `/api/v1/users/${'a'.repeat(1500)}`, auth());
    expect(res.status).toBe(414);
    expect(res.body).toMatchObject({ errorCode: 'E0000002', errorLink: 'E0000002', errorId: expect.stringMatching(/^oae/) });
  });

  it('every answer carries Date and X-Okta-Request-Id; API answers carry the rate-limit headers', async () => {
    const answers = [await t.api('GET', '/api/v1/users'), await t.api('GET', '/api/v1/users/nobody'), await t.api('GET', '/api/v1/nothing'), await t.api('PATCH', '/api/v1/groups')];
    const ids = new Set<string>();
    for (const res of answers) {
      expect(res.headers.get('date')).not.toBeNull();
      const id = res.headers.get('x-okta-request-id') as string;
      expect(id).toMatch(/^req\w+$/);
      ids.add(id);
      expect(Number(res.headers.get('x-rate-limit-limit'))).toBeGreaterThan(0);
      expect(res.headers.get('x-rate-limit-remaining')).toMatch(/^\d+$/);
      // Reset is in UTC epoch seconds.
      expect(Math.abs(Number(res.headers.get('x-rate-limit-reset')) - Date.now() / 1000)).toBeLessThan(3600);
    }
    expect(ids.size).toBe(answers.length);
    // errorId is tied to the request.
    const err = answers[1] as TestResponse<{ errorId: string }>;
    expect(err.body.errorId.slice(3)).toBe(String(err.headers.get('x-okta-request-id')).slice(3, 25));
  });
});

describe('group rule expressions cannot reach Object.prototype', () => {
  it('a prototype name as a function → 400; as an attribute it reads as null', async () => {
    const group = await t.api<GroupJson>('POST', '/api/v1/groups', { body: { profile: { name: 'Prototype rule target' } } });
    const body = (value: string, name: string) => ({ type: 'group_rule', name, conditions: { expression: { value, type: 'urn:okta:expression:1.0' } }, actions: { assignUserToGroups: { groupIds: [group.body.id] } } });
    for (const fn of ['hasOwnProperty("x")', 'toString()', 'constructor(1)', 'valueOf()']) {
      const res = await t.api('POST', '/api/v1/groups/rules', { body: body(fn, `proto ${fn.slice(0, 8)}`) });
      expect(res.status, fn).toBe(400);
      expect(res.body).toMatchObject({ errorCode: 'E0000001' });
    }
    const rule = await t.api<{ id: string }>('POST', '/api/v1/groups/rules', { body: body('user.constructor != null || user.__proto__ != null || user.toString != null', 'proto attrs') });
    expect(rule.status).toBe(200);
    expect((await t.api('POST', `/api/v1/groups/rules/${rule.body.id}/lifecycle/activate`)).status).toBe(204);
    const user = await t.api<UserJson>('POST', '/api/v1/users', { body: { profile: profile('proto.check@acme.example'), credentials: { password: { value: PASSWORD } } } });
    expect(user.status).toBe(200);
    const members = await t.api<UserJson[]>('GET', `/api/v1/groups/${group.body.id}/users`);
    expect(members.body).toEqual([]);
  });
});

// ---- properties -----------------------------------------------------------------------------

const attributes = fc.constantFrom(
  'status',
  'id',
  'lastUpdated',
  'created',
  'type',
  'type.id',
  'profile.login',
  'profile.email',
  'profile.firstName',
  'profile.lastName',
  'profile.department',
  'profile.name',
  'profile.description',
  'profile.__proto__',
  'profile.constructor',
  'profile.hasOwnProperty',
  'eventType',
  'target.id',
  'actor.id',
  'published',
  'outcome.result',
  'source.id',
  'x',
  'Profile.Login',
);
const operators = fc.constantFrom('eq', 'ne', 'gt', 'ge', 'lt', 'le', 'sw', 'co', 'ew', 'EQ', 'Sw', 'xx', '==');
const literal = fc.oneof(
  fc.string({ maxLength: 12 }).map((s) => JSON.stringify(s)),
  fc.constantFrom('"ACTIVE"', '"DEPROVISIONED"', '"BUILT_IN"', '"2024-01-01T00:00:00.000Z"', '"2024-13-45T99:99:99Z"', 'true', 'null', '"\\u00e9"', '"\\x"', '"unterminated'),
  fc.double({ noNaN: false }).map(String),
  fc.integer().map(String),
);
const comparison = fc.oneof(
  fc.tuple(attributes, operators, literal).map(([a, o, v]) => `${a} ${o} ${v}`),
  attributes.map((a) => `${a} pr`),
);
const { filterExpr } = fc.letrec<{ filterExpr: string }>((tie) => ({
  filterExpr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    comparison,
    fc.tuple(tie('filterExpr'), fc.constantFrom('and', 'or', 'AND', 'Or'), tie('filterExpr')).map(([l, op, r]) => `${l} ${op} ${r}`),
    tie('filterExpr').map((e) => `(${e})`),
    tie('filterExpr').map((e) => `not (${e})`),
  ),
}));
/** Filter-shaped text: well-formed, nearly well-formed, or noise. */
const filterText = fc.oneof(
  filterExpr,
  filterExpr.chain((e) => fc.nat({ max: Math.max(0, e.length - 1) }).map((cut) => e.slice(0, cut))),
  fc.stringMatching(/^[()" a-z.\\]{0,40}$/),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.constantFrom('(((((((((((((((((((((((((((((((((((((((((((((((((((((((((((status eq "A"', 'a'.repeat(5000), '', ' ', 'status eq "ACTIVE" and', '"', '\\'),
);

const queryValue = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('0', '-1', '1', '200', '201', '99999999999', '1.5', 'asc', 'desc', 'profile.lastName', 'stats', 'true', '__proto__'));

const idText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.stringMatching(/^(00u|00g|0pr)[0-9A-Za-z]{0,20}$/),
  fc.constantFrom('me', 'rules', 'Everyone', '..', '.', '%', '%zz', '%00', 'a%2Fb', '__proto__', 'constructor', 'toString', 'x'.repeat(999)),
);

/** A path segment: usually percent-encoded, sometimes raw (the URL parser and router must cope). */
const segment = fc.tuple(idText, fc.boolean()).map(([id, raw]) => (raw ? id : encodeURIComponent(id)));

const NUM_RUNS = 150;

describe('properties: random input never breaks the emulator', () => {
  let org: TestOrg;
  let baseUsers: string[];
  let baseGroups: number;
  let createdUsers = 0;
  let createdGroups = 0;

  beforeAll(async () => {
    org = await startTestOrg();
    for (let i = 0; i < 23; i++) {
      const res = await org.api('POST', `/api/v1/users${i % 5 === 0 ? '?activate=false' : ''}`, {
        body: { profile: profile(`fuzz.base${i}@robust.example`, { department: i % 2 ? 'Engineering' : 'Sales' }), credentials: { password: { value: PASSWORD } } },
      });
      expect(res.status).toBe(200);
    }
    for (const name of ['Engineering', 'engineering-leads', 'Sales']) expect((await org.api('POST', '/api/v1/groups', { body: { profile: { name } } })).status).toBe(200);
    baseUsers = await allUserIds(org);
    baseGroups = await groupCount(org);
    expect(baseUsers).toHaveLength(23);
  });
  afterAll(async () => {
    await org?.close();
  });

  it('filter / search / q with random expressions on users, groups and logs', async () => {
    const endpoint = fc.constantFrom('/api/v1/users', '/api/v1/groups', '/api/v1/logs');
    const param = fc.constantFrom('filter', 'search', 'q');
    const extras = fc.dictionary(fc.constantFrom('limit', 'after', 'sortBy', 'sortOrder', 'expand', 'since', 'until'), queryValue, { maxKeys: 3 });
    await fc.assert(
      fc.asyncProperty(endpoint, param, filterText, extras, async (path, name, text, more) => {
        const query = new URLSearchParams({ [name]: text, ...more }).toString();
        const res = await org.api('GET', `${path}?${query}`);
        expectOktaAnswer(res, `GET ${path}?${query}`);
        if (res.status === 200) expect(Array.isArray(res.body)).toBe(true);
      }),
      { numRuns: NUM_RUNS * 2 },
    );
  });

  it('random ids in paths', async () => {
    const route = fc.constantFrom(
      ['GET', '/api/v1/users/{}'],
      ['GET', '/api/v1/users/{}/groups'],
      ['GET', '/api/v1/users/{}/appLinks'],
      ['POST', '/api/v1/users/{}/lifecycle/unlock'],
      ['POST', '/api/v1/users/{}/lifecycle/reset_factors'],
      ['POST', '/api/v1/users/{}/lifecycle/{}'],
      ['GET', '/api/v1/groups/{}'],
      ['GET', '/api/v1/groups/{}/users'],
      ['GET', '/api/v1/groups/rules/{}'],
      ['POST', '/api/v1/groups/rules/{}/lifecycle/{}'],
      ['PUT', '/api/v1/groups/{}/users/{}'],
      ['GET', '/api/v1/{}'],
      ['GET', '/api/v1/users/{}/{}'],
    );
    await fc.assert(
      fc.asyncProperty(route, segment, segment, async ([method, template], a, b) => {
        const path = template.replace('{}', a).replace('{}', b);
        // POST/PUT need a Content-Length: send an empty JSON object.
        const res = await org.api(method, path, method === 'GET' ? {} : { body: {} });
        expectOktaAnswer(res, `${method} ${path}`);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('random JSON bodies at POST /api/v1/users and /api/v1/groups', async () => {
    const json = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.jsonValue({ maxDepth: 3, stringUnit: 'binary' }));
    const baseKey = fc.constantFrom('login', 'email', 'firstName', 'lastName', 'name', 'description', 'secondEmail', 'countryCode', 'managerId', 'department');
    const profileKey = fc.oneof(baseKey, fc.string({ maxLength: 10 }));
    // Custom attributes: names that are not base attributes, with scalar values.
    const customKey = fc.stringMatching(/^[a-z][A-Za-z0-9_]{0,9}$/).filter((k) => !['login', 'email', 'firstName', 'lastName', 'secondEmail', 'countryCode', 'managerId', 'manager', 'name', 'description'].includes(k));
    const scalar = fc.oneof(fc.string({ maxLength: 20 }), fc.string({ unit: 'binary', maxLength: 20 }), fc.integer(), fc.boolean(), fc.constant(null));
    const local = fc.stringMatching(/^[a-z0-9]{1,8}(\.[a-z0-9]{1,8})?$/);
    /** A valid user, with random custom attributes, credentials or not, and perhaps one field broken. */
    const nearValidUser = fc
      .record(
        {
          local,
          custom: fc.dictionary(customKey, scalar, { maxKeys: 3 }),
          password: fc.oneof(fc.constant(PASSWORD), fc.string({ maxLength: 12 })),
          broken: fc.tuple(profileKey, json),
        },
        { requiredKeys: ['local', 'custom'] },
      )
      .map(({ local: l, custom, password, broken }) => ({
        profile: { ...profile(`${l}@fuzz.example`), ...custom, ...(broken ? { [broken[0]]: broken[1] } : {}) },
        ...(password !== undefined ? { credentials: { password: { value: password } } } : {}),
      }));
    const userish = fc.record(
      {
        profile: fc.oneof(fc.dictionary(profileKey, json, { maxKeys: 6 }), json),
        credentials: fc.oneof(json, fc.record({ password: fc.oneof(json, fc.record({ value: fc.oneof(fc.string(), fc.constant(PASSWORD)) })) }, { requiredKeys: [] })),
        groupIds: fc.oneof(json, fc.array(fc.string({ maxLength: 20 }), { maxLength: 25 })),
        type: json,
      },
      { requiredKeys: ['profile'] },
    );
    const nearValidGroup = fc
      .record({ name: fc.oneof(fc.string({ minLength: 1, maxLength: 30 }), fc.string({ unit: 'binary', minLength: 1, maxLength: 30 })), description: fc.oneof(fc.string({ maxLength: 30 }), json), extra: fc.dictionary(customKey, scalar, { maxKeys: 2 }) }, { requiredKeys: ['name'] })
      .map(({ name, description, extra }) => ({ profile: { ...extra, name, ...(description !== undefined ? { description } : {}) } }));
    const groupish = fc.record({ profile: fc.oneof(json, fc.dictionary(profileKey, json, { maxKeys: 4 })) }, { requiredKeys: [] });
    const query = fc.oneof(
      fc.constant(''),
      fc.dictionary(fc.constantFrom('activate', 'provider', 'nextLogin', 'strict'), queryValue, { maxKeys: 2 }).map((q) => `?${new URLSearchParams(q).toString()}`),
    );
    const call = fc.oneof(
      fc.tuple(fc.constant('/api/v1/users'), fc.oneof({ arbitrary: nearValidUser, weight: 3 }, userish, json), query),
      fc.tuple(fc.constant('/api/v1/groups'), fc.oneof({ arbitrary: nearValidGroup, weight: 3 }, groupish, json), fc.constant('')),
    );
    await fc.assert(
      fc.asyncProperty(call, async ([path, value, q]) => {
        const res = await org.api<{ id?: string; profile?: Body }>('POST', `${path}${q}`, { body: JSON.stringify(value) });
        expectOktaAnswer(res, `POST ${path}${q} ${JSON.stringify(value).slice(0, 200)}`);
        if (res.status !== 200) return;
        if (path === '/api/v1/users') {
          createdUsers++;
          expect(res.body.id).toMatch(/^00u/);
        } else {
          createdGroups++;
          expect(res.body.id).toMatch(/^00g/);
        }
        // What was created reads back as it was answered.
        const read = await org.api('GET', `${path}/${String(res.body.id)}`);
        expect(read.status).toBe(200);
        expect(read.body).toMatchObject({ id: res.body.id, profile: res.body.profile });
      }),
      { numRuns: NUM_RUNS * 2 },
    );
  });

  it('random group rule expressions: create, activate, a user created under them, deactivate, delete', async () => {
    const groups = await org.api<GroupJson[]>('GET', '/api/v1/groups?q=Engineering');
    const targetId = (groups.body[0] as GroupJson).id;
    const attr = fc.constantFrom('user.department', 'user.title', 'user.login', 'user.constructor', 'user.__proto__', 'user.toString', 'user', 'department', 'user.', 'user..x');
    const value = fc.oneof(fc.string({ maxLength: 8 }).map((s) => JSON.stringify(s)), fc.constantFrom('"Engineering"', "'Sales'", 'null', 'true', '1', '1.5', '"'));
    const fn = fc.constantFrom('String.stringContains', 'String.startsWith', 'String.toLowerCase', 'isMemberOfAnyGroup', 'isMemberOfGroup', 'hasOwnProperty', 'constructor', 'toString', 'valueOf', 'Nope.fn', '__proto__');
    const { expr } = fc.letrec<{ expr: string }>((tie) => ({
      expr: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.tuple(attr, fc.constantFrom('==', '!=', '>', '<=', '=', '==='), value).map(([a, o, v]) => `${a} ${o} ${v}`),
        { arbitrary: fc.tuple(fn, fc.array(fc.oneof(attr, value), { maxLength: 3 })).map(([f, args]) => `${f}(${args.join(', ')})`), weight: 3 },
        fc.tuple(tie('expr'), fc.constantFrom('&&', '||', 'and', '|'), tie('expr')).map(([l, o, r]) => `${l} ${o} ${r}`),
        tie('expr').map((e) => `!(${e})`),
        tie('expr').map((e) => `(${e}`),
      ),
    }));
    const expression = fc.oneof(
      { arbitrary: expr, weight: 6 },
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.constantFrom('', '('.repeat(1000), '!'.repeat(1000) + 'true', 'x'.repeat(1100)),
    );
    let n = 0;
    await fc.assert(
      fc.asyncProperty(expression, fc.constantFrom('Engineering', 'Sales', 'Legal'), async (text, department) => {
        n++;
        const body = { type: 'group_rule', name: `fuzz rule ${n}`, conditions: { expression: { value: text, type: 'urn:okta:expression:1.0' } }, actions: { assignUserToGroups: { groupIds: [targetId] } } };
        const created = await org.api<{ id: string }>('POST', '/api/v1/groups/rules', { body });
        expectOktaAnswer(created, `create rule ${JSON.stringify(text)}`);
        if (created.status !== 200) return;
        const id = created.body.id;
        let removed = false;
        try {
          const activated = await org.api('POST', `/api/v1/groups/rules/${id}/lifecycle/activate`);
          expectOktaAnswer(activated, `activate rule ${JSON.stringify(text)}`);
          const user = await org.api('POST', '/api/v1/users', { body: { profile: profile(`rule${n}.fuzz@robust.example`, { department }), credentials: { password: { value: PASSWORD } } } });
          expectOktaAnswer(user, `create a user under rule ${JSON.stringify(text)}`);
          expect(user.status).toBe(200);
          createdUsers++;
          expectOktaAnswer(await org.api('POST', `/api/v1/groups/rules/${id}/lifecycle/deactivate`), 'deactivate rule');
          const deleted = await org.api('DELETE', `/api/v1/groups/rules/${id}?removeUsers=true`);
          expectOktaAnswer(deleted, 'delete rule');
          expect(deleted.status).toBe(202);
          removed = true;
        } finally {
          // A failed run must not leave an ACTIVE rule behind to break the runs fast-check shrinks with.
          if (!removed) {
            await org.api('POST', `/api/v1/groups/rules/${id}/lifecycle/deactivate`);
            await org.api('DELETE', `/api/v1/groups/rules/${id}`);
          }
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('random update bodies at POST/PUT /api/v1/users/{id} and PUT /api/v1/groups/{id}', async () => {
    const user = await org.api<UserJson>('POST', '/api/v1/users', { body: { profile: profile('fuzz.target@robust.example'), credentials: { password: { value: PASSWORD } } } });
    const group = await org.api<GroupJson>('POST', '/api/v1/groups', { body: { profile: { name: 'Fuzz target' } } });
    expect(user.status).toBe(200);
    expect(group.status).toBe(200);
    createdUsers++;
    createdGroups++;
    const json = fc.jsonValue({ maxDepth: 3 });
    const key = fc.constantFrom('login', 'email', 'firstName', 'lastName', 'department', 'title', 'mobilePhone', 'countryCode', 'locale', 'name', 'description', 'favorite');
    const value = fc.oneof(json, fc.string({ maxLength: 20 }), fc.constant(null), fc.constantFrom('x@fuzz.example', 'fuzz.target@robust.example', 'fuzz.base2@robust.example', 'US'));
    const body = fc.oneof(
      fc.record({ profile: fc.dictionary(key, value, { maxKeys: 4 }) }),
      fc.record({ profile: fc.dictionary(key, value, { maxKeys: 3 }).map((extra) => ({ ...profile('fuzz.target@robust.example'), ...extra })) }),
      fc.record({ credentials: fc.oneof(json, fc.record({ password: fc.record({ value: fc.oneof(fc.string(), fc.constant('An0ther-Str0ng-one')) }) })) }),
      json,
    );
    const target = fc.constantFrom('POST user', 'PUT user', 'PUT group');
    const ifMatch = fc.option(fc.oneof(fc.string({ maxLength: 10 }), fc.constant('*')), { nil: undefined });
    await fc.assert(
      fc.asyncProperty(target, body, ifMatch, async (which, value, etag) => {
        const [method, kind] = which.split(' ') as [string, string];
        const path = kind === 'user' ? `/api/v1/users/${user.body.id}` : `/api/v1/groups/${group.body.id}`;
        const res = await org.api<{ profile?: Body }>(method, path, { body: JSON.stringify(value), ...(etag !== undefined ? { headers: { 'if-match': etag } } : {}) });
        expectOktaAnswer(res, `${which} ${JSON.stringify(value).slice(0, 200)} if-match=${String(etag)}`);
        if (res.status === 200) {
          const read = await org.api<{ profile?: Body }>('GET', path);
          expect(read.body.profile).toEqual(res.body.profile);
        }
      }),
      { numRuns: NUM_RUNS },
    );
    // The login may have changed, but the user is still there and still one user.
    const again = await org.api<UserJson>('GET', `/api/v1/users/${user.body.id}`);
    expect(again.status).toBe(200);
  });

  it('afterwards the org is intact: the user list pages fully, counts changed only by successful creates', async () => {
    const health = await oktaFetch(`${org.url}/__emulator/health`);
    expect(health.status).toBe(200);
    const ids = await allUserIds(org);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(baseUsers.length + createdUsers);
    expect(ids).toEqual(expect.arrayContaining(baseUsers));
    expect(await groupCount(org)).toBe(baseGroups + createdGroups);
    const base = await org.api<UserJson>('GET', '/api/v1/users/fuzz.base1@robust.example');
    expect(base.status).toBe(200);
    expect(base.body.profile.department).toBe('Engineering');
  });
});

describe('property: random lifecycle sequences follow the state machine', () => {
  let org: TestOrg;
  beforeAll(async () => {
    org = await startTestOrg();
  });
  afterAll(async () => {
    await org?.close();
  });

  const statuses = ['STAGED', 'PROVISIONED', 'ACTIVE', 'RECOVERY', 'PASSWORD_EXPIRED', 'LOCKED_OUT', 'SUSPENDED', 'DEPROVISIONED'];
  /** Where each allowed op leads (reference §2.2); an op not listed for a status must fail with a 4xx. */
  const allowed: Record<string, (status: string, hasPassword: boolean) => string | undefined> = {
    activate: (s, pw) => (s === 'STAGED' || s === 'DEPROVISIONED' ? (pw ? 'ACTIVE' : 'PROVISIONED') : undefined),
    reactivate: (s) => (s === 'PROVISIONED' || s === 'RECOVERY' ? 'PROVISIONED' : undefined),
    deactivate: (s) => (s !== 'DEPROVISIONED' ? 'DEPROVISIONED' : undefined),
    suspend: (s) => (s === 'ACTIVE' ? 'SUSPENDED' : undefined),
    unsuspend: (s) => (s === 'SUSPENDED' ? 'ACTIVE' : undefined),
    unlock: (s) => (s === 'LOCKED_OUT' ? 'ACTIVE' : undefined),
  };

  it('each op either moves the user as Okta does or fails with a 4xx and leaves the status alone', async () => {
    const op = fc.constantFrom('activate', 'reactivate', 'deactivate', 'suspend', 'unsuspend', 'unlock', 'reset_password', 'expire_password', 'reset_factors', 'lock (operator)', 'delete');
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.boolean(), fc.array(op, { minLength: 1, maxLength: 8 }), async (withPassword, activate, ops) => {
        n++;
        const created = await org.api<UserJson>('POST', `/api/v1/users?activate=${String(activate)}`, {
          body: { profile: profile(`seq${n}.user@robust.example`), ...(withPassword ? { credentials: { password: { value: PASSWORD } } } : {}) },
        });
        expect(created.status).toBe(200);
        const id = created.body.id;
        let status = created.body.status;
        let hasPassword = withPassword;
        let gone = false;
        for (const name of ops) {
          if (gone) break;
          let res: TestResponse<unknown>;
          if (name === 'lock (operator)') res = await org.api('POST', `/__emulator/users/${id}/status`, { body: { status: 'LOCKED_OUT' } });
          else if (name === 'delete') res = await org.api('DELETE', `/api/v1/users/${id}`);
          else res = await org.api('POST', `/api/v1/users/${id}/lifecycle/${name}?sendEmail=false`);
          expectOktaAnswer(res, `${name} from ${status}`);
          const read = await org.api<UserJson>('GET', `/api/v1/users/${id}`);
          if (name === 'delete' && status === 'DEPROVISIONED') {
            expect(res.status).toBe(204);
            expect(read.status).toBe(404);
            gone = true;
            continue;
          }
          expect(read.status).toBe(200);
          expect(statuses).toContain(read.body.status);
          const rule = allowed[name];
          if (name === 'delete') expect(read.body.status).toBe('DEPROVISIONED');
          else if (name === 'lock (operator)') expect(read.body.status).toBe('LOCKED_OUT');
          else if (rule !== undefined) {
            const expected = rule(status, hasPassword);
            if (expected === undefined) {
              expect(res.status, `${name} from ${status}`).toBeGreaterThanOrEqual(400);
              expect(read.body.status).toBe(status);
            } else {
              expect(res.status, `${name} from ${status}`).toBe(200);
              expect(read.body.status, `${name} from ${status}`).toBe(expected);
            }
          } else if (res.status >= 400) {
            expect(read.body.status).toBe(status);
          }
          if (name === 'reset_password' && res.status === 200) hasPassword = false;
          status = read.body.status;
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
