import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, type TestRuntime } from '../../testing.ts';
import { collect, createPicker, groupIdsOf, groupNamed, logCount, logEvents } from '../internal/test-kit.ts';
import workflow from './index.ts';

let t: TestRuntime;
let pick: ReturnType<typeof createPicker>;
beforeAll(async () => {
  t = await createTestRuntime({ seed: 'demo', workflows: [workflow] });
  pick = createPicker(t);
});
afterAll(async () => t.close());

describe('remove-user-from-group', () => {
  it('removes a hand-made membership once', async () => {
    const group = await groupNamed(t, 'Figma Editors');
    const member = (await collect(t.okta.groups.members(group.id))).find((u) => u.status === 'ACTIVE')!;
    const run = await t.run('remove-user-from-group', { user: member.profile.login, group: 'Figma Editors' });
    expect(run.error).toBeNull();
    expect(run.output).toMatchObject({ removed: true, userId: member.id, groupId: group.id });
    expect(await groupIdsOf(t, member.id)).not.toContain(group.id);
    expect(logEvents(t, 'group.user_membership.remove', member.id)).toHaveLength(1);
  });

  it('does nothing for a user who is not a member', async () => {
    const user = await pick('ACTIVE', (u) => u.profile.department === 'Sales');
    const run = await t.run('remove-user-from-group', { user: user.id, group: 'GitHub Admins' });
    expect(run.output).toMatchObject({ removed: false });
  });

  it('refuses an APP_GROUP (Okta does not allow managing its members)', async () => {
    const group = await groupNamed(t, 'Acme Social Club');
    const member = (await collect(t.okta.groups.members(group.id)))[0]!;
    const before = logCount(t);
    const run = await t.run('remove-user-from-group', { user: member.profile.login, group: group.id });
    expect(run.status).toBe('failed');
    expect(run.error?.message).toContain('is an APP_GROUP');
    expect(await groupIdsOf(t, member.id)).toContain(group.id);
    expect(logCount(t)).toBe(before);
  });

  it('refuses a membership a group rule made', async () => {
    const group = await t.okta.groups.create({ name: 'Rule Testers' });
    const rule = await t.okta.groups.rules.create({ name: 'Rule testers', expression: 'user.title == "Rule Tester"', groupIds: [group.id] });
    await t.okta.groups.rules.activate(rule.id);
    const user = await pick('ACTIVE');
    await t.okta.users.update(user.id, { title: 'Rule Tester' });
    expect(await groupIdsOf(t, user.id)).toContain(group.id);
    const run = await t.run('remove-user-from-group', { user: user.profile.login, group: 'Rule Testers' });
    expect(run.status).toBe('failed');
    expect(run.error?.message).toContain('through a group rule');
    expect(await groupIdsOf(t, user.id)).toContain(group.id);
  });
});
