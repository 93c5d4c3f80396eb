import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, type TestRuntime } from '../../testing.ts';
import { collect, createPicker, groupNamed, logEvents } from '../internal/test-kit.ts';
import workflow from './index.ts';

let t: TestRuntime;
let pick: ReturnType<typeof createPicker>;
let itAdmin: string;
beforeAll(async () => {
  t = await createTestRuntime({ seed: 'demo', workflows: [workflow] });
  pick = createPicker(t);
  const admins = await collect(t.okta.groups.members((await groupNamed(t, 'Admins - IT')).id));
  itAdmin = admins.find((u) => u.status === 'ACTIVE')!.profile.login;
});
afterAll(async () => t.close());

describe('reset-password', () => {
  it('lets a person reset their own password; Okta emails the link and nothing secret is returned', async () => {
    const user = await pick('ACTIVE', (u) => u.profile.login !== itAdmin);
    const run = await t.run('reset-password', {}, { startedBy: user.profile.login });
    expect(run.status).toBe('completed');
    expect(run.output).toMatchObject({ userId: user.id, status: 'RECOVERY', emailSent: true, as: 'self' });
    expect((await t.okta.users.get(user.id)).status).toBe('RECOVERY');
    expect(logEvents(t, 'user.account.reset_password', user.id)).toHaveLength(1);
    const everything = JSON.stringify({ output: run.output, steps: await t.steps(run.id), notifications: t.notifications });
    expect(everything).not.toMatch(/reset_password\/|resetPasswordUrl|activationToken/);
  });

  it("lets the IT team reset someone else's password", async () => {
    const user = await pick('PASSWORD_EXPIRED');
    const run = await t.run('reset-password', { user: user.profile.email }, { startedBy: itAdmin });
    expect(run.status).toBe('completed');
    expect(run.output).toMatchObject({ as: 'team', previousStatus: 'PASSWORD_EXPIRED' });
  });

  it("refuses resetting another person's password for someone not on the team", async () => {
    const user = await pick('ACTIVE', (u) => u.profile.login !== itAdmin);
    const run = await t.run('reset-password', { user: user.profile.login }, { startedBy: 'someone@elsewhere.example' });
    expect(run.status).toBe('failed');
    expect(run.error?.message).toContain('only for your own account');
    expect((await t.okta.users.get(user.id)).status).toBe('ACTIVE');
  });

  it('refuses a SUSPENDED user (a reset would lift the suspension)', async () => {
    const user = await pick('SUSPENDED');
    const run = await t.run('reset-password', { user: user.id }, { startedBy: itAdmin });
    expect(run.status).toBe('failed');
    expect(run.error?.message).toContain('unsuspend');
    expect((await t.okta.users.get(user.id)).status).toBe('SUSPENDED');
  });
});
