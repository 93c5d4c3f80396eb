import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OktaUser } from '../../../okta/index.ts';
import { createTestRuntime, type TestRuntime } from '../../testing.ts';
import { collect, createPicker, groupNamed, logCount, logEvents } from '../internal/test-kit.ts';
import workflow from './index.ts';

let t: TestRuntime;
let pick: ReturnType<typeof createPicker>;
let socialClub: string[];
beforeAll(async () => {
  t = await createTestRuntime({ seed: 'demo', workflows: [workflow] });
  pick = createPicker(t);
  socialClub = (await collect(t.okta.groups.members((await groupNamed(t, 'Acme Social Club')).id))).map((u) => u.id);
});
afterAll(async () => t.close());

/** An ACTIVE person with a manager, in the APP_GROUP "Acme Social Club", with a direct app and a rule-made membership. */
async function subject(ruleName: string): Promise<{ user: OktaUser; ruleGroupId: string; directAppId: string }> {
  const user = await pick('ACTIVE', (u) => typeof u.profile.managerId === 'string' && socialClub.includes(u.id));
  const ruleGroup = await t.okta.groups.create({ name: ruleName });
  const rule = await t.okta.groups.rules.create({ name: ruleName, expression: `user.nickName == "${ruleName}"`, groupIds: [ruleGroup.id] });
  await t.okta.groups.rules.activate(rule.id);
  await t.okta.users.update(user.id, { nickName: ruleName });
  const box = (await collect(t.okta.apps.list({ q: 'Box' }))).find((a) => a.label === 'Box')!;
  await t.okta.apps.assignUser(box.id, user.id);
  return { user, ruleGroupId: ruleGroup.id, directAppId: box.id };
}

describe('offboarding', () => {
  it('plans every change in a dry run and sends none', async () => {
    const { user } = await subject('Dry Rule');
    const before = logCount(t);
    const plan = await t.dryRun('offboarding', { user: user.profile.login });
    expect(plan.error).toBeNull();
    const calls = plan.changes.map((c) => (c.kind === 'okta.write' ? c.call : c.kind));
    expect(calls[0]).toBe('users.suspend');
    expect(calls[1]).toBe('users.clearSessions');
    expect(calls).toContain('groups.removeMember');
    expect(calls).toContain('apps.unassignUser');
    expect(calls.slice(-3)).toEqual(['notify', 'sleep', 'users.deactivate']);
    expect(logCount(t)).toBe(before);
    expect((await t.okta.users.get(user.id)).status).toBe('ACTIVE');
  });

  it('suspends, clears sessions and tokens, removes OKTA_GROUPs and direct apps, tells the manager, deactivates after the grace period', async () => {
    const { user, ruleGroupId, directAppId } = await subject('Offboard Rule');
    t.emulator.context.org.users.get(user.id)!.sessions = 2;
    const groupsBefore = await t.okta.users.groups(user.id);
    const run = await t.run('offboarding', { user: user.profile.email, reason: 'last day today' });
    expect(run.error).toBeNull();
    expect(run.status).toBe('sleeping');

    expect((await t.okta.users.get(user.id)).status).toBe('SUSPENDED');
    expect(t.emulator.context.org.users.get(user.id)!.sessions).toBe(0);
    const groupsNow = await t.okta.users.groups(user.id);
    const kept = groupsNow.map((g) => g.id).sort();
    const expectedKept = groupsBefore.filter((g) => g.type !== 'OKTA_GROUP' || g.id === ruleGroupId).map((g) => g.id).sort();
    expect(kept).toEqual(expectedKept);
    expect(groupsNow.map((g) => g.type)).toEqual(expect.arrayContaining(['APP_GROUP', 'BUILT_IN']));
    expect((await collect(t.okta.apps.users(directAppId))).some((a) => a.id === user.id && a.scope === 'USER')).toBe(false);
    const removedOkta = groupsBefore.filter((g) => g.type === 'OKTA_GROUP' && g.id !== ruleGroupId);
    expect(removedOkta.length).toBeGreaterThanOrEqual(2);
    for (const g of removedOkta) expect(logEvents(t, 'group.user_membership.remove', user.id).filter((e) => JSON.stringify(e.target).includes(g.id))).toHaveLength(1);
    expect(logEvents(t, 'user.lifecycle.suspend', user.id)).toHaveLength(1);
    expect(logEvents(t, 'user.session.clear', user.id)).toHaveLength(1);

    const manager = await t.okta.users.get(String(user.profile.managerId));
    const note = t.notifications.find((n) => n.runId === run.id);
    expect(note?.to).toContain(manager.profile.login);
    expect(note?.text).toContain('Box');

    await t.advance('6d');
    expect((await t.okta.users.get(user.id)).status).toBe('SUSPENDED');
    await t.advance('1d');
    const done = await t.getRun(run.id);
    expect(done.status).toBe('completed');
    expect((await t.okta.users.get(user.id)).status).toBe('DEPROVISIONED');
    expect(logEvents(t, 'user.lifecycle.deactivate', user.id)).toHaveLength(1);
    const output = done.output as { removedGroups: { id: string }[]; keptGroups: { id: string; why: string }[]; removedApps: { label: string }[]; deactivation: string };
    expect(output.removedGroups.map((g) => g.id).sort()).toEqual(removedOkta.map((g) => g.id).sort());
    expect(output.keptGroups.find((g) => g.id === ruleGroupId)?.why).toContain('group rule');
    expect(output.removedApps.map((a) => a.label)).toEqual(['Box']);
    expect(output.deactivation).toBe('deactivated');
  });

  it('deactivates at once with graceDays 0', async () => {
    const user = await pick('ACTIVE');
    const run = await t.run('offboarding', { user: user.id, graceDays: 0 });
    expect(run.status).toBe('completed');
    expect((await t.okta.users.get(user.id)).status).toBe('DEPROVISIONED');
  });

  it('skips the deactivation when the user was unsuspended during the grace period', async () => {
    const user = await pick('ACTIVE');
    const run = await t.run('offboarding', { user: user.id, graceDays: 2 });
    await t.okta.users.unsuspend(user.id);
    await t.advance('2d');
    const done = await t.getRun(run.id);
    expect(done.output).toMatchObject({ deactivation: 'skipped: the user was unsuspended during the grace period' });
    expect((await t.okta.users.get(user.id)).status).toBe('ACTIVE');
  });

  it('fails clearly for an unknown or already deactivated user', async () => {
    const unknown = await t.run('offboarding', { user: 'gone@acme.example' });
    expect(unknown.status).toBe('failed');
    expect(unknown.error?.message).toContain('No Okta user has the login, email or id "gone@acme.example"');
    const gone = await pick('DEPROVISIONED');
    const run = await t.run('offboarding', { user: gone.id });
    expect(run.error?.message).toContain('already deactivated');
  });
});
