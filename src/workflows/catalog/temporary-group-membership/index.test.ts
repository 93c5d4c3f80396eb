import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, type TestRuntime } from '../../testing.ts';
import { collect, createPicker, groupIdsOf, groupNamed, logEvents } from '../internal/test-kit.ts';
import workflow from './index.ts';

let t: TestRuntime;
let pick: ReturnType<typeof createPicker>;
beforeAll(async () => {
  t = await createTestRuntime({ seed: 'demo', workflows: [workflow] });
  pick = createPicker(t);
});
afterAll(async () => t.close());

const membershipEvents = (type: 'add' | 'remove', userId: string, groupId: string) =>
  logEvents(t, `group.user_membership.${type}`, userId).filter((e) => JSON.stringify(e.target).includes(groupId));

describe('temporary-group-membership', () => {
  it('adds now, sleeps durably, removes after the duration, with the end time in the output', async () => {
    const group = await groupNamed(t, 'AWS Production Admins');
    const user = await pick('ACTIVE', (u) => u.profile.department === 'Sales');
    const started = t.clock.now();
    const run = await t.run('temporary-group-membership', { user: user.profile.login, group: 'AWS Production Admins', duration: '8h', reason: 'INC-1234' });
    expect(run.status).toBe('sleeping');
    expect(await groupIdsOf(t, user.id)).toContain(group.id);
    const note = t.notifications.find((n) => n.runId === run.id);
    expect(note?.text).toContain('INC-1234');

    await t.advance('7h');
    expect((await t.getRun(run.id)).status).toBe('sleeping');
    expect(await groupIdsOf(t, user.id)).toContain(group.id);

    await t.advance('1h');
    const done = await t.getRun(run.id);
    expect(done.status).toBe('completed');
    const output = done.output as { added: boolean; removed: boolean; endsAt: string };
    expect(output).toMatchObject({ added: true, removed: true });
    expect(Math.abs(Date.parse(output.endsAt) - (started + 8 * 3_600_000))).toBeLessThan(60_000);
    expect(note?.text).toContain(output.endsAt);
    expect(await groupIdsOf(t, user.id)).not.toContain(group.id);
    expect(membershipEvents('add', user.id, group.id)).toHaveLength(1);
    expect(membershipEvents('remove', user.id, group.id)).toHaveLength(1);
  });

  it('leaves an earlier membership alone and says so', async () => {
    const group = await groupNamed(t, 'Figma Editors');
    const member = (await collect(t.okta.groups.members(group.id))).find((u) => u.status === 'ACTIVE')!;
    const run = await t.run('temporary-group-membership', { user: member.id, group: group.id, duration: '2h' });
    expect(run.status).toBe('completed');
    expect(run.output).toMatchObject({ added: false, removed: false, endsAt: null });
    expect(String((run.output as { detail: string }).detail)).toContain('already a member');
    await t.advance('3h');
    expect(await groupIdsOf(t, member.id)).toContain(group.id);
    expect(membershipEvents('remove', member.id, group.id)).toHaveLength(0);
  });

  it('refuses an APP_GROUP and a malformed duration', async () => {
    const user = await pick('ACTIVE');
    const app = await t.run('temporary-group-membership', { user: user.id, group: 'Acme Social Club', duration: '1h' });
    expect(app.status).toBe('failed');
    expect(app.error?.message).toContain('APP_GROUP');
    await expect(t.run('temporary-group-membership', { user: user.id, group: 'On-call', duration: 'soon' })).rejects.toThrow(/duration like 30m, 8h/);
  });
});
