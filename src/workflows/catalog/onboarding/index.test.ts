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

const hire = (manager: string, extra: Record<string, unknown> = {}) => ({
  firstName: 'Jane',
  lastName: 'Newhire',
  email: 'jane.newhire@acme.example',
  department: 'Engineering',
  team: 'Platform',
  title: 'Site Reliability Engineer',
  managerLogin: manager,
  ...extra,
});

describe('onboarding', () => {
  it('plans the creation in a dry run without sending anything', async () => {
    const manager = await pick('ACTIVE');
    const before = logCount(t);
    const plan = await t.dryRun('onboarding', hire(manager.profile.login));
    expect(plan.error).toBeNull();
    expect(plan.changes.map((c) => c.kind === 'okta.write' ? c.call : c.kind)).toEqual(['users.create', 'notify']);
    expect(plan.changes[0]?.summary).toContain('jane.newhire@acme.example');
    expect(logCount(t)).toBe(before);
    expect(await collect(t.okta.users.list({ filter: 'profile.login eq "jane.newhire@acme.example"' }))).toEqual([]);
  });

  it('creates the user with manager and HR profile, in the department and team groups, and tells the manager', async () => {
    const manager = await pick('ACTIVE');
    const run = await t.run('onboarding', hire(manager.profile.login));
    expect(run.error).toBeNull();
    expect(run.status).toBe('completed');
    const user = await t.okta.users.get('jane.newhire@acme.example');
    expect(user.profile).toMatchObject({ department: 'Engineering', team: 'Platform', title: 'Site Reliability Engineer', managerId: manager.id, manager: manager.profile.displayName });
    const engineering = await groupNamed(t, 'Engineering');
    const platform = await groupNamed(t, 'Engineering - Platform');
    expect(await groupIdsOf(t, user.id)).toEqual(expect.arrayContaining([engineering.id, platform.id]));
    // The apps of the groups follow: Datadog is granted to Engineering.
    expect((run.output as { apps: string[] }).apps).toContain('Datadog');
    expect((await collect(t.okta.apps.list({ filter: `user.id eq "${user.id}"` }))).map((a) => a.label)).toContain('Datadog');
    expect(logEvents(t, 'user.lifecycle.create', user.id)).toHaveLength(1);
    const note = t.notifications.filter((n) => n.runId === run.id);
    expect(note).toHaveLength(1);
    expect(note[0]?.to).toEqual([manager.profile.login]);
    expect(note[0]?.text).toContain('Jane Newhire');
    expect(JSON.stringify({ output: run.output, note })).not.toMatch(/password"|activationToken|activationUrl/i);
  });

  it('stages the account until the start date, then activates it', async () => {
    const manager = await pick('ACTIVE');
    const start = new Date(t.clock.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    const run = await t.run('onboarding', hire(manager.profile.login, { email: 'later.hire@acme.example', firstName: 'Later', team: 'Engineering - Data', startDate: start }));
    expect(run.status).toBe('sleeping');
    const user = await t.okta.users.get('later.hire@acme.example');
    expect(user.status).toBe('STAGED');
    await t.advance('3d');
    expect((await t.getRun(run.id)).status).toBe('completed');
    expect((await t.okta.users.get(user.id)).status).not.toBe('STAGED');
    expect(logEvents(t, 'user.lifecycle.activate', user.id)).toHaveLength(1);
  });

  it('refuses an unknown team or manager before creating anything', async () => {
    const manager = await pick('ACTIVE');
    const before = logCount(t);
    const team = await t.run('onboarding', hire(manager.profile.login, { email: 'x.team@acme.example', team: 'Quantum' }));
    expect(team.status).toBe('failed');
    expect(team.error?.message).toContain('There is no team group "Engineering - Quantum"');
    const boss = await t.run('onboarding', hire('nobody@acme.example', { email: 'x.boss@acme.example' }));
    expect(boss.status).toBe('failed');
    expect(boss.error?.message).toContain('"nobody@acme.example"');
    expect(logCount(t)).toBe(before);
  });
});
