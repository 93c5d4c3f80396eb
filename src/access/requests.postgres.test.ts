/**
 * The same grant lifecycle on PostgreSQL (what several Gatehouse processes share): a grant survives
 * a restart and ends on time, and two processes deciding one approval at once — one wins.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPostgresUrl } from '../store/testing/index.ts';
import { createAccessTestbed, type AccessTestbed } from './testing.ts';

const HOUR = 3_600_000;
const schema = `gh_test_access_${randomBytes(4).toString('hex')}`;
let t: AccessTestbed;

beforeAll(async () => {
  t = await createAccessTestbed({ database: { postgresUrl: testPostgresUrl, schema } });
  await t.access.sync.full();
  // Any one of the manager and the members of Admins - IT approves.
  const admins = (await t.access.directory.getGroup('Admins - IT'))!.id;
  await t.access.catalog.putPolicy({ id: 'manager', name: 'Manager or IT', maxDurationMs: 8 * HOUR, defaultDurationMs: 8 * HOUR, steps: [{ name: 'Manager or IT', approvers: [{ kind: 'manager' }, { kind: 'group', groupId: admins }] }] }, 'admin');
  await t.access.catalog.putResource({ id: 'on-call', kind: 'group', name: 'On-call', policyId: 'manager', roles: [{ id: 'member', name: 'Member', groupId: 'On-call' }] }, 'admin');
}, 120_000);

afterAll(async () => {
  await t?.close();
  const client = new pg.Client({ connectionString: testPostgresUrl });
  await client.connect();
  await client.query(`drop schema if exists "${schema}" cascade`);
  await client.end();
});

describe('access requests on PostgreSQL', () => {
  it('grants after one of two racing approvals, keeps the grant across a restart and ends it on time', async () => {
    const { directory, requests } = t.access;
    const onCall = (await directory.getGroup('On-call'))!;
    let person;
    for (const user of await directory.listUsers({ status: 'ACTIVE', limit: 5_000 })) {
      const boss = await directory.managerOf(user.id);
      if (boss?.status === 'ACTIVE' && !(await directory.isMember(onCall.id, user.id))) {
        person = { user, boss };
        break;
      }
    }
    const { user, boss } = person!;
    const request = await requests.request({ by: user.login, resource: 'on-call' });
    await t.drive();
    const approval = (await requests.pendingApproval(request.id))!;
    const itAdmin = approval.approvers.find((a) => a !== boss.login)!;
    // Two approvers at once: exactly one decision is recorded, the other is told it was decided.
    const results = await Promise.allSettled([
      t.process.approvals.decide(approval.id, { by: boss.login, approved: true }),
      t.process.approvals.decide(approval.id, { by: itAdmin, approved: true }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'APPROVAL_REFUSED', reason: 'already_decided' } });
    expect((await t.process.approvalRepository.get(approval.id))?.decisions).toHaveLength(1);
    await t.drive();
    expect((await requests.get(request.id)).status).toBe('active');
    await t.restart();
    await t.advance(8 * HOUR - 1);
    expect((await t.access.requests.get(request.id)).status).toBe('active');
    await t.advance(1);
    expect((await t.access.requests.get(request.id)).status).toBe('ended');
    expect(await t.access.directory.isMember(onCall.id, user.id)).toBe(false);
  });
});
