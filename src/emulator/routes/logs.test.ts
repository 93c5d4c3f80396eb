// The System Log API of the emulator over real HTTP (reference okta-api.md §2.5, §2.6, §3.1–3.3, §7 items 18–20):
// events of API changes, SCIM filters, keywords, the endless polling query and finite bounded queries.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { profile, requestToken, startTestOrg, type TestOrg, type TestResponse } from '../../../test/support/emulator.ts';
import type { LogEventRecord } from '../state/types.ts';

type Json = Record<string, unknown>;
interface LogEventJson {
  uuid: string;
  published: string;
  eventType: string;
  actor: { id: string; type: string; alternateId: string; displayName: string };
  target: { id: string; type: string; alternateId: string; displayName: string }[];
  debugContext: { debugData: { requestUri: string } };
}
interface OktaErrorBody {
  errorCode: string;
  errorSummary: string;
  errorCauses: { errorSummary: string }[];
}

let t: TestOrg;

beforeAll(async () => {
  t = await startTestOrg();
});
afterAll(async () => {
  await t.close();
});

/** Separate Link headers → { rel: url }. */
function links(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (headers.get('link') ?? '').split(/,\s*(?=<)/)) {
    const m = /^<([^>]+)>;\s*rel="([^"]+)"$/.exec(part.trim());
    if (m) out[m[2] as string] = m[1] as string;
  }
  return out;
}

const logsPath = (params: Record<string, string>) => `/api/v1/logs?${new URLSearchParams(params).toString()}`;

async function logs(params: Record<string, string>, org: TestOrg = t): Promise<TestResponse<LogEventJson[]>> {
  const res = await org.api<LogEventJson[]>('GET', logsPath(params));
  expect(res.status, res.text).toBe(200);
  return res;
}

/** GETs an absolute `next` URL. */
async function follow(url: string, org: TestOrg = t): Promise<TestResponse<LogEventJson[]>> {
  expect(url.startsWith(`${org.url}/api/v1/logs?`)).toBe(true);
  const res = await org.api<LogEventJson[]>('GET', url.slice(org.url.length));
  expect(res.status, res.text).toBe(200);
  return res;
}

/** Follows `next` links of a bounded query to the end. */
async function drain(params: Record<string, string>, org: TestOrg = t): Promise<{ events: LogEventJson[]; pages: number }> {
  let res = await logs(params, org);
  const events = [...res.body];
  let pages = 1;
  for (let next = links(res.headers).next; next !== undefined; next = links(res.headers).next) {
    res = await follow(next, org);
    events.push(...res.body);
    pages += 1;
    expect(pages).toBeLessThan(100);
  }
  return { events, pages };
}

async function logError(params: Record<string, string>, status = 400): Promise<OktaErrorBody> {
  const res = await t.api<OktaErrorBody>('GET', logsPath(params));
  expect(res.status, res.text).toBe(status);
  return res.body;
}

async function createUser(login: string, extra: Json = {}): Promise<string> {
  const res = await t.api<Json>('POST', '/api/v1/users?activate=false', { body: { profile: profile(login, extra) } });
  expect(res.status, res.text).toBe(200);
  return String(res.body.id);
}

async function createGroup(name: string): Promise<string> {
  const res = await t.api<Json>('POST', '/api/v1/groups', { body: { profile: { name } } });
  expect(res.status, res.text).toBe(200);
  return String(res.body.id);
}

async function addMember(groupId: string, userId: string): Promise<void> {
  const res = await t.api('PUT', `/api/v1/groups/${groupId}/users/${userId}`, { headers: { 'content-length': '0' } });
  expect(res.status, res.text).toBe(204);
}

const iso = (ms: number) => new Date(ms).toISOString();
const now = () => t.emulator.context.clock.now();

describe('events of API changes', () => {
  it('logs user, group and membership changes with the service app as actor and typed targets', async () => {
    const userId = await createUser('ada.lovelace@example.com');
    const groupId = await createGroup('Analysts');
    await addMember(groupId, userId);

    const res = await logs({ filter: `eventType eq "group.user_membership.add" and target.id eq "${userId}"` });
    expect(res.body).toHaveLength(1);
    const [event] = res.body as [LogEventJson];
    expect(event.actor).toMatchObject({ type: 'PublicClientApp', id: t.credential.clientId, alternateId: t.credential.clientId });
    expect(event.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(Date.parse(event.published)).toBeGreaterThan(0);
    expect(event.target).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: userId, type: 'User', alternateId: 'ada.lovelace@example.com', displayName: 'Ada Lovelace' }),
        expect.objectContaining({ id: groupId, type: 'UserGroup', alternateId: 'unknown', displayName: 'Analysts' }),
      ]),
    );
    expect(event.debugContext.debugData.requestUri).toBe(`/api/v1/groups/${groupId}/users/${userId}`);

    const created = await logs({ filter: `eventType eq "user.lifecycle.create" and target.id eq "${userId}"` });
    expect(created.body).toHaveLength(1);
    expect(created.body[0]?.target).toEqual([expect.objectContaining({ id: userId, type: 'User' })]);
    expect(created.body[0]?.actor.type).toBe('PublicClientApp');

    const group = await logs({ filter: `eventType eq "group.lifecycle.create" and target.id eq "${groupId}"` });
    expect(group.body).toHaveLength(1);
    expect(group.body[0]?.target).toEqual([expect.objectContaining({ id: groupId, type: 'UserGroup', displayName: 'Analysts' })]);

    // target.id matches any target; every event about the user, in order.
    const aboutUser = await logs({ filter: `target.id eq "${userId}"` });
    expect(aboutUser.body.map((e) => e.eventType)).toEqual(['user.lifecycle.create', 'group.user_membership.add']);
  });

  it('filters on nested paths, with every operator and not/or', async () => {
    const userId = await createUser('grace.hopper@example.com');
    const requestId = (await logs({ filter: `target.id eq "${userId}"` })).body[0] as unknown as { debugContext: { debugData: { requestId: string } } };
    const byRequest = await logs({ filter: `debugContext.debugData.requestId eq "${requestId.debugContext.debugData.requestId}"` });
    expect(byRequest.body.map((e) => e.eventType)).toEqual(['user.lifecycle.create']);

    const types = (filter: string) => logs({ filter, limit: '1000' }).then((r) => r.body.map((e) => e.eventType));
    expect(new Set(await types('eventType sw "group."'))).toEqual(new Set(['group.lifecycle.create', 'group.user_membership.add']));
    expect(new Set(await types('eventType ew ".add"'))).toEqual(new Set(['group.user_membership.add']));
    expect(new Set(await types('eventType co "membership"'))).toEqual(new Set(['group.user_membership.add']));
    expect(await types(`outcome.result eq "SUCCESS" and actor.id eq "${t.credential.clientId}" and target.type eq "UserGroup"`)).toEqual([
      'group.lifecycle.create',
      'group.user_membership.add',
    ]);
    expect(await types(`target.id eq "${userId}" or (eventType eq "group.lifecycle.create")`)).toEqual(['group.lifecycle.create', 'user.lifecycle.create']);
    const notUser = await types(`not (target.type eq "User") and eventType sw "user."`);
    expect(notUser).toEqual([]);
    expect(await types(`target.id ne "${userId}" and eventType eq "user.lifecycle.create"`)).toEqual(['user.lifecycle.create']);
    expect(await types('legacyEventType pr and eventType eq "group.lifecycle.create"')).toEqual(['group.lifecycle.create']);
    // Values are case-sensitive in a filter.
    expect(await types('eventType eq "USER.LIFECYCLE.CREATE"')).toEqual([]);
  });

  it('finds events by keywords (q): case-insensitive, every keyword, whole tokens, hyphenated parts', async () => {
    const userId = await createUser('zebulon.quixote@example.com', { firstName: 'Zebulon', lastName: 'Quixote-Smythe' });
    const ids = async (q: string) => (await logs({ q })).body.map((e) => e.target[0]?.id);
    expect(await ids('zebulon')).toEqual([userId]);
    expect(await ids('ZEBULON quixote-smythe')).toEqual([userId]);
    expect(await ids('Smythe')).toEqual([userId]);
    expect(await ids('zebulon.quixote@example.com')).toEqual([userId]);
    expect(await ids('Zebulon nowhere')).toEqual([]);
    // Keywords match whole tokens, not substrings.
    expect(await ids('Zebul')).toEqual([]);
    expect(await ids('ulon')).toEqual([]);
    // Combined with a filter.
    expect(await ids('zebulon')).toEqual(await ids('Quixote'));
    const both = await logs({ q: 'zebulon', filter: 'eventType eq "user.lifecycle.create"' });
    expect(both.body).toHaveLength(1);
  });
});

describe('the polling query (no until, ASCENDING)', () => {
  it('returns each event exactly once across pages and later polls; an empty page still has next', async () => {
    // Catch up with everything so far.
    let res = await logs({ limit: '1000' });
    let next = links(res.headers).next;
    for (let guard = 0; res.body.length > 0; guard++) {
      expect(guard).toBeLessThan(10);
      expect(next).toBeDefined();
      res = await follow(next as string);
      next = links(res.headers).next;
    }
    expect(res.body).toEqual([]);
    expect(next).toBeDefined();
    const resume = next as string;
    expect(new URL(resume).searchParams.get('after')).toMatch(/^\d+_\d+$/);

    // An empty page again: the same position.
    const again = await follow(resume);
    expect(again.body).toEqual([]);
    expect(links(again.headers).next).toBe(resume);

    const before = t.emulator.context.org.logs.length;
    const users = [];
    for (let i = 0; i < 5; i++) users.push(await createUser(`poll.user${i}@example.com`));
    const group = await createGroup('Pollers');
    for (const u of users) await addMember(group, u);
    const expected = t.emulator.context.org.logs.slice(before).map((r) => r.event.uuid);
    expect(expected).toHaveLength(11);

    // Follow `next` with a small page size; the link keeps limit but not since.
    const seen: string[] = [];
    let url = resume.replace(/limit=\d+/, 'limit=3');
    for (let guard = 0; ; guard++) {
      expect(guard).toBeLessThan(20);
      const page = await follow(url);
      const nextUrl = links(page.headers).next;
      expect(nextUrl, 'polling pages always have next').toBeDefined();
      const nextParams = new URL(nextUrl as string).searchParams;
      expect(nextParams.get('limit')).toBe('3');
      expect(nextParams.has('since')).toBe(false);
      url = nextUrl as string;
      if (page.body.length === 0) break;
      expect(page.body.length).toBeLessThanOrEqual(3);
      seen.push(...page.body.map((e) => e.uuid));
    }
    expect(seen).toEqual(expected);

    // One more change: the stored next link returns exactly it.
    const late = await createUser('late.arrival@example.com');
    const latePage = await follow(url);
    expect(latePage.body.map((e) => [e.eventType, e.target[0]?.id])).toEqual([['user.lifecycle.create', late]]);
    const after = await follow(links(latePage.headers).next as string);
    expect(after.body).toEqual([]);
    expect(links(after.headers).next).toBeDefined();
  });

  it('keeps filter and q in the next link and applies them to later events', async () => {
    const group = await createGroup('Filtered Pollers');
    const filter = `eventType eq "group.user_membership.add" and target.id eq "${group}"`;
    const first = await logs({ filter, since: iso(now() - 60_000), limit: '50' });
    expect(first.body).toEqual([]);
    const self = links(first.headers).self as string;
    expect(self.startsWith(`${t.url}/api/v1/logs?`)).toBe(true);
    expect(new URL(self).searchParams.get('filter')).toBe(filter);
    expect(new URL(self).searchParams.has('since')).toBe(true);
    const next = links(first.headers).next as string;
    expect(new URL(next).searchParams.get('filter')).toBe(filter);
    expect(new URL(next).searchParams.has('since')).toBe(false);

    const member = await createUser('filtered.member@example.com');
    await createUser('other.person@example.com');
    await addMember(group, member);
    const page = await follow(next);
    expect(page.body.map((e) => e.eventType)).toEqual(['group.user_membership.add']);
    expect(page.body[0]?.target.map((x) => x.id)).toEqual(expect.arrayContaining([member, group]));
  });

  it('answers limit=0 with an empty page and a next link that does not skip anything', async () => {
    const since = iso(now() - 3_600_000);
    const zero = await logs({ since, limit: '0' });
    expect(zero.body).toEqual([]);
    const next = links(zero.headers).next as string;
    expect(next).toBeDefined();
    const all = await logs({ since, limit: '1000' });
    const followed = await follow(next.replace('limit=0', 'limit=1000'));
    expect(followed.body.map((e) => e.uuid)).toEqual(all.body.map((e) => e.uuid));
    expect(all.body.length).toBeGreaterThan(0);
  });
});

describe('bounded queries (until given, or DESCENDING)', () => {
  let group: string;
  let since: string;
  let until: string;

  beforeAll(async () => {
    since = iso(now() - 1);
    group = await createGroup('Bounded');
    for (let i = 0; i < 5; i++) await addMember(group, await createUser(`bounded.user${i}@example.com`));
    until = iso(now());
  });

  it('pages in published order and the last page has no next', async () => {
    const filter = `target.id eq "${group}"`;
    const { events, pages } = await drain({ since, until, filter, limit: '2' });
    expect(pages).toBe(3);
    expect(events.map((e) => e.eventType)).toEqual(['group.lifecycle.create', ...Array(5).fill('group.user_membership.add')]);
    const published = events.map((e) => Date.parse(e.published));
    expect(published).toEqual([...published].sort((a, b) => a - b));

    const last = await logs({ since, until, filter, limit: '6' });
    expect(last.body).toHaveLength(6);
    expect(links(last.headers).next).toBeUndefined();
    expect(links(last.headers).self).toBe(`${t.url}${logsPath({ since, until, filter, limit: '6' })}`);

    const first = await logs({ since, until, filter, limit: '2' });
    const nextParams = new URL(links(first.headers).next as string).searchParams;
    expect(nextParams.get('until')).toBe(until);
    expect(nextParams.has('since')).toBe(false);
  });

  it('DESCENDING returns the same events newest first, finite', async () => {
    const filter = `target.id eq "${group}"`;
    const asc = (await drain({ since, until, filter, limit: '2' })).events.map((e) => e.uuid);
    const desc = await drain({ since, until, filter, limit: '4', sortOrder: 'DESCENDING' });
    expect(desc.pages).toBe(2);
    expect(desc.events.map((e) => e.uuid)).toEqual([...asc].reverse());

    // Without until, DESCENDING is bounded by now.
    const latest = await drain({ filter, limit: '5', sortOrder: 'DESCENDING' });
    expect(latest.events.map((e) => e.uuid)).toEqual([...asc].reverse());
    expect(latest.pages).toBe(2);
  });

  it('leaves out events outside since..until', async () => {
    const filter = `target.id eq "${group}"`;
    const before = await logs({ since: iso(Date.parse(since) - 3_600_000), until: iso(Date.parse(since) - 1), filter });
    expect(before.body).toEqual([]);
    expect(links(before.headers).next).toBeUndefined();
    const later = await logs({ since: iso(Date.parse(until) + 1), until: iso(Date.parse(until) + 3_600_000), filter });
    expect(later.body).toEqual([]);
  });
});

describe('parameter errors', () => {
  it('refuses a bad filter with E0000053 and the parser message', async () => {
    const body = await logError({ filter: 'eventType eqq "x"' });
    expect(body.errorCode).toBe('E0000053');
    // The parser's own message (its position and operator list are the query module's business).
    expect(body.errorSummary).toMatch(/^Invalid filter 'eventType eqq "x"': Unrecognized attribute operator 'eqq' at position \d+\. Expected: /);
    expect((await logError({ filter: 'eventType eq "x" and' })).errorCode).toBe('E0000053');
  });

  it('refuses filters on published, unknown fields and co on URLs', async () => {
    const published = await logError({ filter: `published gt "${iso(now() - 1000)}"` });
    expect(published.errorCode).toBe('E0000053');
    expect(published.errorSummary).toContain('published');
    expect((await logError({ filter: 'some_invalid_field eq "x"' })).errorSummary).toBe('field is not valid: some_invalid_field');
    const co = await logError({ filter: 'debugContext.debugData.url co "/oauth/"' });
    expect(co).toMatchObject({ errorCode: 'E0000031', errorSummary: 'The supplied combination of operator and field is not currently supported. Operator: co, Field: debugContext.debugData.url' });
  });

  it('refuses since together with after', async () => {
    const first = await logs({ limit: '1' });
    const after = new URL(links(first.headers).next as string).searchParams.get('after') as string;
    const body = await logError({ since: iso(now() - 60_000), after });
    expect(body.errorCode).toBe('E0000053');
    expect((await logError({ after: 'not-a-cursor' })).errorCode).toBe('E0000053');
  });

  it('refuses a since more than 180 days back', async () => {
    const body = await logError({ since: iso(now() - 181 * 86_400_000) });
    expect(body).toMatchObject({ errorCode: 'E0000053', errorSummary: 'Invalid parameter: The since parameter is over 180 days prior to the current day.' });
    // 179 days back is fine.
    await logs({ since: iso(now() - 179 * 86_400_000) });
  });

  it('refuses bad dates with E0000001 and a cause per field', async () => {
    const body = await logError({ since: 'yesterday' });
    expect(body.errorCode).toBe('E0000001');
    expect(body.errorSummary).toContain("'since'");
    expect(body.errorCauses.map((c) => c.errorSummary)).toEqual([
      'since: The date format in your query is not recognized. Please enter dates using ISO8601 string format.',
      'since: must be a valid date-time or empty.',
    ]);
    const both = await logError({ since: '2026-02-30T00:00:00Z', until: '2026-01-01' });
    expect(both.errorCauses.map((c) => c.errorSummary.split(':')[0])).toEqual(['since', 'since', 'until', 'until']);
    // Offsets and fractions are fine.
    const yesterday = iso(now() - 86_400_000).slice(0, 10);
    await logs({ since: `${yesterday}T10:00:00.123456+02:00`, until: `${yesterday}T23:00:00Z` });
  });

  it('refuses until before since', async () => {
    const body = await logError({ since: iso(now() - 1000), until: iso(now() - 2000) });
    expect(body.errorCode).toBe('E0000053');
  });

  it('checks q, limit and sortOrder', async () => {
    const long = await logError({ q: 'x'.repeat(41) });
    expect(long.errorCode).toBe('E0000001');
    expect(long.errorSummary).toContain('longer than 40 characters');
    await logs({ q: 'x'.repeat(40) });
    const many = await logError({ q: Array.from({ length: 11 }, (_, i) => `k${i}`).join(' ') });
    expect(many.errorCode).toBe('E0000001');
    await logs({ q: Array.from({ length: 10 }, (_, i) => `k${i}`).join(' ') });

    expect((await logError({ limit: 'ten' })).errorCode).toBe('E0000001');
    expect((await logError({ limit: '-1' })).errorCode).toBe('E0000001');
    expect((await logs({ limit: '5000' })).body.length).toBeLessThanOrEqual(1000);
    expect((await logError({ sortOrder: 'SIDEWAYS' })).errorCode).toBe('E0000001');

    const zero = await logs({ limit: '0', until: iso(now()) });
    expect(zero.body).toEqual([]);
  });

  it('needs okta.logs.read', async () => {
    const token = await requestToken(t.url, t.credential, ['okta.users.read']);
    expect(token.status).toBe(200);
    const res = await t.api('GET', '/api/v1/logs', { token: String(token.body.access_token) });
    expect(res.status).toBe(403);
    expect(res.headers.get('www-authenticate')).toContain('okta.logs.read');
  });
});

describe('a large log', () => {
  let big: TestOrg;
  const count = 120_005;
  let base: number;

  beforeAll(async () => {
    big = await startTestOrg();
    const org = big.emulator.context.org;
    const template = org.logs[0] as LogEventRecord;
    // Events over the last 5 days, 3 ms apart; one in 10,000 is a "rare" event.
    base = big.emulator.context.clock.now() - 5 * 86_400_000;
    org.logs.length = 0;
    for (let i = 1; i <= count; i++) {
      const published = base + i * 3;
      const hex = i.toString(16).padStart(12, '0');
      const eventType = i % 10_000 === 0 ? 'rare.event' : 'user.session.start';
      org.logs.push({ seq: i, published, event: { ...template.event, uuid: `00000000-0000-4000-a000-${hex}`, published: new Date(published).toISOString(), eventType } });
    }
    org.logSeq = count;
  });
  afterAll(async () => {
    await big.close();
  });

  it('starts a polling query at since and pages from the cursor', async () => {
    const since = iso(base + 50_000 * 3);
    const first = await logs({ since, limit: '5' }, big);
    expect(first.body.map((e) => e.published)).toEqual([50_000, 50_001, 50_002, 50_003, 50_004].map((i) => iso(base + i * 3)));
    const second = await follow(links(first.headers).next as string, big);
    expect(second.body[0]?.published).toBe(iso(base + 50_005 * 3));
    expect(new URL(links(second.headers).next as string).searchParams.get('after')).toBe(`${base + 50_009 * 3}_50009`);
  });

  it('finds rare events by filter and ends the polling page at the end of the log', async () => {
    const res = await logs({ filter: 'eventType eq "rare.event"', since: iso(base), limit: '1000' }, big);
    expect(res.body).toHaveLength(12);
    const after = new URL(links(res.headers).next as string).searchParams.get('after');
    // The cursor is the last event looked at, not the last match: the next poll starts after it.
    expect(after).toBe(`${base + count * 3}_${count}`);
  });

  it('answers bounded queries from the middle, both ways', async () => {
    const since = iso(base + 1000 * 3);
    const until = iso(base + 1009 * 3);
    const asc = await logs({ since, until, limit: '4' }, big);
    expect(asc.body.map((e) => e.uuid.slice(-4))).toEqual(['03e8', '03e9', '03ea', '03eb']);
    expect(links(asc.headers).next).toBeDefined();
    const desc = await drain({ since, until, limit: '4', sortOrder: 'DESCENDING' }, big);
    expect(desc.pages).toBe(3);
    const seen = desc.events;
    expect(seen.map((e) => parseInt(e.uuid.slice(-12), 16))).toEqual([1009, 1008, 1007, 1006, 1005, 1004, 1003, 1002, 1001, 1000]);
  });

  it('answers quickly from a cursor near the end', async () => {
    const first = await logs({ since: iso(base + (count - 10) * 3), limit: '1000' }, big);
    expect(first.body).toHaveLength(11);
    const started = performance.now();
    for (let i = 0; i < 50; i++) await follow(links(first.headers).next as string, big);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
