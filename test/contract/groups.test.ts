// Conformance of the emulator's Groups API and group rules with Okta's: group types and what each
// allows (OKTA_GROUP / APP_GROUP / BUILT_IN), membership, q / filter / search, expand=stats, member
// paging, and the group-rule lifecycle with its effect on memberships.
// Reference okta-api.md §2.3, §3.1–3.3 and §7 items 15, 20. Every JSON body is checked against Okta's
// OpenAPI documents by the test support.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGroup as createGroupInState } from '../../src/emulator/state/groups.ts';
import { profile, startTestOrg, type TestOrg, type TestResponse } from '../support/emulator.ts';

type Body = Record<string, unknown>;

interface GroupJson {
  id: string;
  created: string;
  lastUpdated: string;
  lastMembershipUpdated: string;
  objectClass: string[];
  type: string;
  profile: { name: string; description?: string } & Body;
  _links: Record<string, unknown>;
  _embedded?: { stats?: { usersCount: number; appsCount: number } };
}

interface UserJson {
  id: string;
  status: string;
  profile: Body;
}

interface RuleJson {
  type: string;
  id: string;
  status: string;
  name: string;
  conditions: { expression: { value: string; type: string }; people?: Body };
  actions: { assignUserToGroups: { groupIds: string[] } };
  _embedded?: { groupIdToGroupNameMap?: Record<string, string> };
}

const PASSWORD = 'Tr0ub4dor&3-horse';

let t: TestOrg;
let everyoneId: string;
let seq = 0;

function unique(stem: string): string {
  seq += 1;
  return `${stem}-${seq}`;
}

function expectOktaError(res: TestResponse<unknown>, status: number, errorCode: string, errorSummary: unknown, causes?: string[]): void {
  expect(res.status, res.text).toBe(status);
  expect(res.body).toEqual({
    errorCode,
    errorSummary,
    errorLink: errorCode,
    errorId: expect.stringMatching(/^oae\w{10,}$/),
    errorCauses: causes === undefined ? expect.any(Array) : causes.map((errorSummary) => ({ errorSummary })),
  });
}

const E0000006 = (res: TestResponse<unknown>) => expectOktaError(res, 403, 'E0000006', 'You do not have permission to perform the requested action', []);

async function newGroup(name: string, description?: string, org: TestOrg = t): Promise<GroupJson> {
  const res = await org.api<GroupJson>('POST', '/api/v1/groups', { body: { profile: { name, ...(description !== undefined ? { description } : {}) } } });
  expect(res.status, res.text).toBe(200);
  return res.body;
}

async function newUser(login: string, extra: Body = {}, org: TestOrg = t): Promise<UserJson> {
  const res = await org.api<UserJson>('POST', '/api/v1/users', { body: { profile: profile(login, extra), credentials: { password: { value: PASSWORD } } } });
  expect(res.status, res.text).toBe(200);
  return res.body;
}

async function memberIds(groupId: string, org: TestOrg = t): Promise<string[]> {
  const res = await org.api<UserJson[]>('GET', `/api/v1/groups/${groupId}/users`);
  expect(res.status).toBe(200);
  return res.body.map((u) => u.id).sort();
}

function parseLinks(header: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(/,\s*(?=<)/)) {
    const m = /^<([^>]+)>;\s*rel="([^"]+)"$/.exec(part.trim());
    if (m) out[m[2] as string] = m[1] as string;
  }
  return out;
}

const names = (res: TestResponse<unknown>) => (res.body as GroupJson[]).map((g) => g.profile.name);

beforeAll(async () => {
  t = await startTestOrg();
  everyoneId = String(t.emulator.context.org.everyoneGroupId);
});
afterAll(async () => {
  await t?.close();
});

describe('POST/GET/PUT/DELETE /api/v1/groups', () => {
  it('creates an OKTA_GROUP with objectClass okta:user_group and Okta links', async () => {
    const g = await newGroup('West Coast users', 'Staff in the west');
    expect(g.id).toMatch(/^00g[0-9A-Za-z]{17}$/);
    expect(g).toMatchObject({ type: 'OKTA_GROUP', objectClass: ['okta:user_group'], profile: { name: 'West Coast users', description: 'Staff in the west' } });
    expect(g._links.users).toEqual({ href: `${t.url}/api/v1/groups/${g.id}/users` });
    expect(g._links.apps).toEqual({ href: `${t.url}/api/v1/groups/${g.id}/apps` });
    const read = await t.api<GroupJson>('GET', `/api/v1/groups/${g.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(g);
  });

  it('ignores a type in the body: the API only creates OKTA_GROUPs', async () => {
    const res = await t.api<GroupJson>('POST', '/api/v1/groups', { body: { type: 'BUILT_IN', profile: { name: unique('typed') } } });
    expect(res.status).toBe(200);
    expect(res.body.type).toBe('OKTA_GROUP');
  });

  it('a duplicate name → 400 E0000001 name', async () => {
    const name = unique('Dup');
    await newGroup(name);
    const res = await t.api('POST', '/api/v1/groups', { body: { profile: { name } } });
    expectOktaError(res, 400, 'E0000001', 'Api validation failed: name', ['name: An object with this field already exists in the current organization']);
  });

  it('a missing name → 400 E0000001 name', async () => {
    const res = await t.api('POST', '/api/v1/groups', { body: { profile: { description: 'no name' } } });
    expectOktaError(res, 400, 'E0000001', 'Api validation failed: name', ['name: The field cannot be left blank']);
  });

  it('PUT replaces the profile', async () => {
    const g = await newGroup(unique('Before'), 'old');
    const name = unique('After');
    const res = await t.api<GroupJson>('PUT', `/api/v1/groups/${g.id}`, { body: { profile: { name, description: 'new', costCenter: 'CC-1' } } });
    expect(res.status, res.text).toBe(200);
    expect(res.body.profile).toEqual({ name, description: 'new', costCenter: 'CC-1' });
    expect(Date.parse(res.body.lastUpdated)).toBeGreaterThanOrEqual(Date.parse(g.lastUpdated));
    const again = await t.api<GroupJson>('PUT', `/api/v1/groups/${g.id}`, { body: { profile: { name } } });
    expect(again.body.profile).toEqual({ name });
  });

  it('PUT to the name of another group → 400 E0000001', async () => {
    const a = await newGroup(unique('Taken'));
    const b = await newGroup(unique('Other'));
    expectOktaError(await t.api('PUT', `/api/v1/groups/${b.id}`, { body: { profile: { name: a.profile.name } } }), 400, 'E0000001', 'Api validation failed: name');
  });

  it('DELETE → 204, then GET → 404 E0000007; the user loses the membership', async () => {
    const g = await newGroup(unique('Doomed'));
    const user = await newUser(`${unique('doomed')}@acme.example`);
    expect((await t.api('PUT', `/api/v1/groups/${g.id}/users/${user.id}`)).status).toBe(204);
    const res = await t.api('DELETE', `/api/v1/groups/${g.id}`);
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expectOktaError(await t.api('GET', `/api/v1/groups/${g.id}`), 404, 'E0000007', `Not found: Resource not found: ${g.id} (UserGroup)`, []);
    expectOktaError(await t.api('DELETE', `/api/v1/groups/${g.id}`), 404, 'E0000007', `Not found: Resource not found: ${g.id} (UserGroup)`, []);
    const groups = await t.api<GroupJson[]>('GET', `/api/v1/users/${user.id}/groups`);
    expect(groups.body.map((x) => x.id)).toEqual([everyoneId]);
  });
});

describe('group membership', () => {
  it('PUT / DELETE /groups/{id}/users/{userId} → 204, idempotent', async () => {
    const g = await newGroup(unique('Members'));
    const user = await newUser(`${unique('member')}@acme.example`);
    for (let i = 0; i < 2; i++) {
      const res = await t.api('PUT', `/api/v1/groups/${g.id}/users/${user.id}`);
      expect(res.status).toBe(204);
      expect(res.text).toBe('');
    }
    expect(await memberIds(g.id)).toEqual([user.id]);
    const after = await t.api<GroupJson>('GET', `/api/v1/groups/${g.id}`);
    expect(Date.parse(after.body.lastMembershipUpdated)).toBeGreaterThanOrEqual(Date.parse(g.lastMembershipUpdated));
    for (let i = 0; i < 2; i++) expect((await t.api('DELETE', `/api/v1/groups/${g.id}/users/${user.id}`)).status).toBe(204);
    expect(await memberIds(g.id)).toEqual([]);
  });

  it('an unknown group or user → 404 E0000007', async () => {
    const g = await newGroup(unique('Lonely'));
    const user = await newUser(`${unique('lonely')}@acme.example`);
    expectOktaError(await t.api('PUT', `/api/v1/groups/00g0000000000000none/users/${user.id}`), 404, 'E0000007', 'Not found: Resource not found: 00g0000000000000none (UserGroup)');
    expectOktaError(await t.api('PUT', `/api/v1/groups/${g.id}/users/00u0000000000000none`), 404, 'E0000007', 'Not found: Resource not found: 00u0000000000000none (User)');
  });

  it('Everyone (BUILT_IN): membership changes and delete → 403 E0000006; PUT profile → 403', async () => {
    const user = await newUser(`${unique('everyone')}@acme.example`);
    const everyone = await t.api<GroupJson>('GET', `/api/v1/groups/${everyoneId}`);
    expect(everyone.body).toMatchObject({ type: 'BUILT_IN', profile: { name: 'Everyone' } });
    expect(await memberIds(everyoneId)).toContain(user.id);
    E0000006(await t.api('DELETE', `/api/v1/groups/${everyoneId}/users/${user.id}`));
    E0000006(await t.api('PUT', `/api/v1/groups/${everyoneId}/users/${user.id}`));
    E0000006(await t.api('DELETE', `/api/v1/groups/${everyoneId}`));
    E0000006(await t.api('PUT', `/api/v1/groups/${everyoneId}`, { body: { profile: { name: 'Everybody' } } }));
    expect((await t.api<GroupJson>('GET', `/api/v1/groups/${everyoneId}`)).body.profile.name).toBe('Everyone');
    expect(await memberIds(everyoneId)).toContain(user.id);
  });

  it('an APP_GROUP: membership changes → 403 E0000006, PUT profile → 403; it can be deleted', async () => {
    const appGroup = createGroupInState(t.emulator.context.org, { name: 'AD Engineering', type: 'APP_GROUP' }, null);
    const user = await newUser(`${unique('appgroup')}@acme.example`);
    const read = await t.api<GroupJson>('GET', `/api/v1/groups/${appGroup.id}`);
    expect(read.body).toMatchObject({ type: 'APP_GROUP', objectClass: ['okta:windows_security_principal'] });
    E0000006(await t.api('PUT', `/api/v1/groups/${appGroup.id}/users/${user.id}`));
    E0000006(await t.api('DELETE', `/api/v1/groups/${appGroup.id}/users/${user.id}`));
    E0000006(await t.api('PUT', `/api/v1/groups/${appGroup.id}`, { body: { profile: { name: 'Renamed' } } }));
    expect(await memberIds(appGroup.id)).toEqual([]);
    expect((await t.api('DELETE', `/api/v1/groups/${appGroup.id}`)).status).toBe(204);
  });

  it('an APP_GROUP in groupIds of a new user → 403 E0000006', async () => {
    const appGroup = createGroupInState(t.emulator.context.org, { name: unique('AD Sales'), type: 'APP_GROUP' }, null);
    const res = await t.api('POST', '/api/v1/users', { body: { profile: profile(`${unique('adsales')}@acme.example`), groupIds: [appGroup.id] } });
    E0000006(res);
  });
});

describe('GET /api/v1/groups: q, filter, search, expand', () => {
  let org: TestOrg;
  let engineering: GroupJson;

  beforeAll(async () => {
    org = await startTestOrg();
    engineering = await newGroup('Engineering', 'Builders', org);
    await newGroup('eng-platform', 'Platform team', org);
    await newGroup('Sales', 'Sellers of engines', org);
    await newGroup('Finance', undefined, org);
    createGroupInState(org.emulator.context.org, { name: 'Engineering (AD)', type: 'APP_GROUP' }, null);
    const a = await newUser('ann.eng@acme.example', {}, org);
    const b = await newUser('ben.eng@acme.example', {}, org);
    for (const u of [a, b]) expect((await org.api('PUT', `/api/v1/groups/${engineering.id}/users/${u.id}`)).status).toBe(204);
  });
  afterAll(async () => {
    await org?.close();
  });

  const list = (query: string) => org.api<GroupJson[]>('GET', `/api/v1/groups${query}`);
  const enc = encodeURIComponent;

  it('lists every group, Everyone included, with a self link', async () => {
    const res = await list('');
    expect(res.status).toBe(200);
    expect(names(res).sort()).toEqual(['Engineering', 'Engineering (AD)', 'Everyone', 'Finance', 'Sales', 'eng-platform']);
    expect(parseLinks(res.headers.get('link'))).toEqual({ self: `${org.url}/api/v1/groups` });
  });

  it('q is a case-insensitive starts-with on the name, without a next link', async () => {
    const res = await list('?q=eng');
    expect(res.status).toBe(200);
    expect(names(res).sort()).toEqual(['Engineering', 'Engineering (AD)', 'eng-platform']);
    expect(parseLinks(res.headers.get('link')).next).toBeUndefined();
    expect(names(await list('?q=ales'))).toEqual([]);
    expect(names(await list('?q=eng&limit=1'))).toHaveLength(1);
  });

  it('filter type eq "BUILT_IN" / "APP_GROUP" / "OKTA_GROUP"', async () => {
    expect(names(await list(`?filter=${enc('type eq "BUILT_IN"')}`))).toEqual(['Everyone']);
    expect(names(await list(`?filter=${enc('type eq "APP_GROUP"')}`))).toEqual(['Engineering (AD)']);
    expect(names(await list(`?filter=${enc('type eq "OKTA_GROUP"')}`)).sort()).toEqual(['Engineering', 'Finance', 'Sales', 'eng-platform']);
    expect(names(await list(`?filter=${enc(`id eq "${engineering.id}" or type eq "BUILT_IN"`)}`)).sort()).toEqual(['Engineering', 'Everyone']);
    // Values are case-sensitive in filter.
    expect(names(await list(`?filter=${enc('type eq "built_in"')}`))).toEqual([]);
  });

  it('filter on a profile attribute → 400 E0000031', async () => {
    expectOktaError(await list(`?filter=${enc('profile.name eq "Sales"')}`), 400, 'E0000031', 'Invalid search criteria.');
    expectOktaError(await list(`?filter=${enc('type eq "BUILT_IN" and')}`), 400, 'E0000031', 'Invalid search criteria.');
  });

  it('search profile.name sw "eng" (case-insensitive), co on description, sortBy', async () => {
    const res = await list(`?search=${enc('profile.name sw "eng"')}`);
    expect(res.status).toBe(200);
    expect(names(res).sort()).toEqual(['Engineering', 'Engineering (AD)', 'eng-platform']);
    expect(names(await list(`?search=${enc('profile.description co "ENGINE"')}`))).toEqual(['Sales']);
    const both = `?search=${enc('profile.description pr and profile.name sw "eng"')}`;
    const asc = names(await list(`${both}&sortBy=profile.description`));
    expect(asc).toEqual(['Engineering', 'eng-platform']);
    expect(names(await list(`${both}&sortBy=profile.description&sortOrder=desc`))).toEqual([...asc].reverse());
    expectOktaError(await list(`?search=${enc('profile.name ne "Sales"')}`), 400, 'E0000031', 'Invalid search criteria.');
  });

  it('expand=stats embeds usersCount', async () => {
    const res = await list(`?filter=${enc(`id eq "${engineering.id}"`)}&expand=stats`);
    expect(res.status).toBe(200);
    expect(res.body[0]?._embedded?.stats).toMatchObject({ usersCount: 2, appsCount: 0 });
    const one = await org.api<GroupJson>('GET', `/api/v1/groups/${engineering.id}?expand=stats`);
    expect(one.body._embedded?.stats?.usersCount).toBe(2);
    const everyone = await list(`?filter=${enc('type eq "BUILT_IN"')}&expand=stats`);
    expect(everyone.body[0]?._embedded?.stats?.usersCount).toBe(2);
    expect((await list('')).body.every((g) => g._embedded === undefined)).toBe(true);
  });

  it('pages the group list with limit and Link next', async () => {
    const seen: string[] = [];
    let url: string | undefined = '/api/v1/groups?limit=4';
    let pages = 0;
    while (url !== undefined) {
      const res: TestResponse<GroupJson[]> = await org.api<GroupJson[]>('GET', url);
      expect(res.status).toBe(200);
      seen.push(...res.body.map((g) => g.id));
      const next = parseLinks(res.headers.get('link')).next;
      if (next !== undefined) expect(next.startsWith(`${org.url}/api/v1/groups?`)).toBe(true);
      url = next?.slice(org.url.length);
      pages++;
    }
    expect(pages).toBe(2);
    expect(new Set(seen).size).toBe(6);
  });

  it('a cursor whose group was deleted meanwhile resumes after it, not from the start', async () => {
    const temp = [await newGroup('Cursor A', undefined, org), await newGroup('Cursor B', undefined, org), await newGroup('Cursor C', undefined, org)];
    const first = await org.api<GroupJson[]>('GET', '/api/v1/groups?limit=7');
    const next = parseLinks(first.headers.get('link')).next as string;
    expect(next).toBeDefined();
    const last = first.body[first.body.length - 1] as GroupJson;
    expect((await org.api('DELETE', `/api/v1/groups/${last.id}`)).status).toBe(204);
    const second = await org.api<GroupJson[]>('GET', next.slice(org.url.length));
    expect(second.status).toBe(200);
    const firstIds = new Set(first.body.map((g) => g.id));
    expect(second.body.filter((g) => firstIds.has(g.id))).toEqual([]);
    expect(second.body.map((g) => g.id)).toEqual(temp.map((g) => g.id).filter((id) => !firstIds.has(id)));
    for (const g of temp) if (g.id !== last.id) expect((await org.api('DELETE', `/api/v1/groups/${g.id}`)).status).toBe(204);
  });
});

describe('GET /api/v1/groups/{id}/users paging', () => {
  it('pages members with limit and Link next, each member exactly once', async () => {
    const g = await newGroup(unique('Big'));
    const ids = new Set<string>();
    for (let i = 0; i < 7; i++) {
      const u = await newUser(`${unique('big')}@acme.example`);
      ids.add(u.id);
      expect((await t.api('PUT', `/api/v1/groups/${g.id}/users/${u.id}`)).status).toBe(204);
    }
    const seen: string[] = [];
    const sizes: number[] = [];
    let url: string | undefined = `${t.url}/api/v1/groups/${g.id}/users?limit=3`;
    while (url !== undefined) {
      expect(url.startsWith(`${t.url}/api/v1/groups/${g.id}/users?`)).toBe(true);
      const res: TestResponse<UserJson[]> = await t.api<UserJson[]>('GET', url.slice(t.url.length));
      expect(res.status).toBe(200);
      sizes.push(res.body.length);
      seen.push(...res.body.map((u) => u.id));
      const links = parseLinks(res.headers.get('link'));
      expect(links.self).toBe(url);
      url = links.next;
    }
    expect(sizes).toEqual([3, 3, 1]);
    expect(seen).toHaveLength(7);
    expect(new Set(seen)).toEqual(ids);
  });

  it('an unknown group → 404 E0000007', async () => {
    expectOktaError(await t.api('GET', '/api/v1/groups/00g0000000000000none/users'), 404, 'E0000007', 'Not found: Resource not found: 00g0000000000000none (UserGroup)');
  });
});

describe('group rules', () => {
  let org: TestOrg;
  let target: GroupJson;
  let ruleId: string;
  let alice: UserJson;
  let bob: UserJson;
  let manual: UserJson;

  const ruleBody = (name: string, groupId: string, value = 'user.department=="Engineering"'): Body => ({
    type: 'group_rule',
    name,
    conditions: { expression: { value, type: 'urn:okta:expression:1.0' } },
    actions: { assignUserToGroups: { groupIds: [groupId] } },
  });

  beforeAll(async () => {
    org = await startTestOrg();
    target = await newGroup('Engineers (rule)', undefined, org);
    alice = await newUser('alice.rule@acme.example', { department: 'Engineering' }, org);
    bob = await newUser('bob.rule@acme.example', { department: 'Sales' }, org);
    // Already a member by hand: a rule must not take the manual membership away.
    manual = await newUser('mona.manual@acme.example', { department: 'Engineering' }, org);
    expect((await org.api('PUT', `/api/v1/groups/${target.id}/users/${manual.id}`)).status).toBe(204);
  });
  afterAll(async () => {
    await org?.close();
  });

  it('GET /api/v1/groups/rules is a rule list, not a group lookup', async () => {
    const res = await org.api('GET', '/api/v1/groups/rules');
    expect(res.status).toBe(200);
    expect(res.body).toEqual([]);
  });

  it('creates a rule INACTIVE; it assigns nobody yet', async () => {
    const res = await org.api<RuleJson>('POST', '/api/v1/groups/rules', { body: ruleBody('Engineering dept', target.id) });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({
      type: 'group_rule',
      status: 'INACTIVE',
      name: 'Engineering dept',
      conditions: { expression: { value: 'user.department=="Engineering"', type: 'urn:okta:expression:1.0' } },
      actions: { assignUserToGroups: { groupIds: [target.id] } },
    });
    expect(res.body.id).toMatch(/^0pr[0-9A-Za-z]{17}$/);
    ruleId = res.body.id;
    expect(await memberIds(target.id, org)).toEqual([manual.id]);
    const listed = await org.api<RuleJson[]>('GET', '/api/v1/groups/rules');
    expect(listed.body.map((r) => r.id)).toEqual([ruleId]);
    const one = await org.api<RuleJson>('GET', `/api/v1/groups/rules/${ruleId}?expand=groupIdToGroupNameMap`);
    expect(one.status).toBe(200);
    expect(one.body._embedded?.groupIdToGroupNameMap).toEqual({ [target.id]: 'Engineers (rule)' });
  });

  it('activate → 204 and users matching the expression become members', async () => {
    const res = await org.api('POST', `/api/v1/groups/rules/${ruleId}/lifecycle/activate`);
    expect(res.status).toBe(204);
    expect((await org.api<RuleJson>('GET', `/api/v1/groups/rules/${ruleId}`)).body.status).toBe('ACTIVE');
    expect(await memberIds(target.id, org)).toEqual([alice.id, manual.id].sort());
    expect(await memberIds(target.id, org)).not.toContain(bob.id);
  });

  it('a new Engineering user joins the group when created', async () => {
    const carl = await newUser('carl.new@acme.example', { department: 'Engineering' }, org);
    expect(await memberIds(target.id, org)).toContain(carl.id);
    const groups = await org.api<GroupJson[]>('GET', `/api/v1/users/${carl.id}/groups`);
    expect(names(groups).sort()).toEqual(['Engineers (rule)', 'Everyone']);
  });

  it('changing department moves users in and out; a manual membership stays', async () => {
    expect((await org.api('POST', `/api/v1/users/${alice.id}`, { body: { profile: { department: 'Marketing' } } })).status).toBe(200);
    expect((await org.api('POST', `/api/v1/users/${bob.id}`, { body: { profile: { department: 'Engineering' } } })).status).toBe(200);
    expect((await org.api('POST', `/api/v1/users/${manual.id}`, { body: { profile: { department: 'Legal' } } })).status).toBe(200);
    const members = await memberIds(target.id, org);
    expect(members).not.toContain(alice.id);
    expect(members).toContain(bob.id);
    expect(members).toContain(manual.id);
  });

  it('an ACTIVE rule cannot be updated or deleted → 400', async () => {
    const del = await org.api('DELETE', `/api/v1/groups/rules/${ruleId}`);
    expect(del.status).toBe(400);
    expect(del.body).toMatchObject({ errorCode: 'E0000001' });
    const put = await org.api('PUT', `/api/v1/groups/rules/${ruleId}`, { body: ruleBody('Renamed', target.id) });
    expect(put.status).toBe(400);
  });

  it('deactivate → 204 and keeps the members it made', async () => {
    const before = await memberIds(target.id, org);
    expect((await org.api('POST', `/api/v1/groups/rules/${ruleId}/lifecycle/deactivate`)).status).toBe(204);
    expect((await org.api<RuleJson>('GET', `/api/v1/groups/rules/${ruleId}`)).body.status).toBe('INACTIVE');
    expect(await memberIds(target.id, org)).toEqual(before);
    // An INACTIVE rule no longer reacts to profile changes.
    const dora = await newUser('dora.late@acme.example', { department: 'Engineering' }, org);
    expect(await memberIds(target.id, org)).not.toContain(dora.id);
  });

  it('DELETE ?removeUsers=true → 202 and removes the members the rule made, not manual ones', async () => {
    const res = await org.api('DELETE', `/api/v1/groups/rules/${ruleId}?removeUsers=true`);
    expect(res.status).toBe(202);
    expect(await memberIds(target.id, org)).toEqual([manual.id]);
    expectOktaError(await org.api('GET', `/api/v1/groups/rules/${ruleId}`), 404, 'E0000007', `Not found: Resource not found: ${ruleId} (GroupRule)`);
  });

  it('DELETE without removeUsers leaves the members the rule made', async () => {
    const group = await newGroup('Keepers', undefined, org);
    const created = await org.api<RuleJson>('POST', '/api/v1/groups/rules', { body: ruleBody('Keep them', group.id, 'user.department == "Sales"') });
    expect(created.status).toBe(200);
    const sally = await newUser('sally.sales@acme.example', { department: 'Sales' }, org);
    expect((await org.api('POST', `/api/v1/groups/rules/${created.body.id}/lifecycle/activate`)).status).toBe(204);
    expect(await memberIds(group.id, org)).toEqual([sally.id]);
    expect((await org.api('POST', `/api/v1/groups/rules/${created.body.id}/lifecycle/deactivate`)).status).toBe(204);
    expect((await org.api('DELETE', `/api/v1/groups/rules/${created.body.id}`)).status).toBe(202);
    expect(await memberIds(group.id, org)).toEqual([sally.id]);
    // The membership is now an ordinary one: a manual remove takes it away.
    expect((await org.api('DELETE', `/api/v1/groups/${group.id}/users/${sally.id}`)).status).toBe(204);
    expect(await memberIds(group.id, org)).toEqual([]);
  });

  it('an invalid expression → 400 E0000001', async () => {
    for (const value of ['user.department ==', 'user.department == "x" &&', 'department == "x"', 'Nope.fn(user.x)', '"unterminated']) {
      const res = await org.api('POST', '/api/v1/groups/rules', { body: ruleBody(unique('bad'), target.id, value) });
      expect(res.status, value).toBe(400);
      expect(res.body, value).toMatchObject({ errorCode: 'E0000001', errorSummary: 'Api validation failed: conditions.expression.value' });
    }
  });

  it('a rule targeting an unknown or non-OKTA group → 400', async () => {
    expect((await org.api('POST', '/api/v1/groups/rules', { body: ruleBody(unique('nogroup'), '00g0000000000000none') })).status).toBe(400);
    const everyone = String(org.emulator.context.org.everyoneGroupId);
    expect((await org.api('POST', '/api/v1/groups/rules', { body: ruleBody(unique('everyone'), everyone) })).status).toBe(400);
  });

  it('an unknown rule → 404 E0000007', async () => {
    expectOktaError(await org.api('GET', '/api/v1/groups/rules/0pr0000000000000none'), 404, 'E0000007', 'Not found: Resource not found: 0pr0000000000000none (GroupRule)');
    expectOktaError(await org.api('POST', '/api/v1/groups/rules/0pr0000000000000none/lifecycle/activate'), 404, 'E0000007', 'Not found: Resource not found: 0pr0000000000000none (GroupRule)');
  });
});
