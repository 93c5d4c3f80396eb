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

describe('unlock-account', () => {
  it('lets a locked-out person unlock their own account (self-service)', async () => {
    const user = await pick('LOCKED_OUT');
    const run = await t.run('unlock-account', {}, { startedBy: user.profile.login });
    expect(run.status).toBe('completed');
    expect(run.output).toMatchObject({ userId: user.id, changed: true, status: 'ACTIVE', as: 'self' });
    expect((await t.okta.users.get(user.id)).status).toBe('ACTIVE');
    expect(logEvents(t, 'user.account.unlock_by_admin', user.id)).toHaveLength(1);
  });

  it("lets the IT team unlock someone else's account", async () => {
    const user = await pick('LOCKED_OUT', (u) => u.profile.login !== itAdmin);
    t.emulator.context.org.users.get(user.id)!.status = 'LOCKED_OUT';
    const run = await t.run('unlock-account', { user: user.profile.login }, { startedBy: itAdmin });
    expect(run.status).toBe('completed');
    expect(run.output).toMatchObject({ changed: true, as: 'team' });
  });

  it("refuses anyone else unlocking another person's account, and changes nothing", async () => {
    const other = await pick('ACTIVE', (u) => u.profile.login !== itAdmin);
    const user = await pick('ACTIVE', (u) => u.profile.login !== itAdmin);
    t.emulator.context.org.users.get(user.id)!.status = 'LOCKED_OUT';
    const run = await t.run('unlock-account', { user: user.profile.login }, { startedBy: other.profile.login });
    expect(run.status).toBe('failed');
    expect(run.error?.message).toContain('only for your own account');
    expect((await t.okta.users.get(user.id)).status).toBe('LOCKED_OUT');
    expect(logEvents(t, 'user.account.unlock_by_admin', user.id)).toHaveLength(0);
  });

  it('explains that an ACTIVE account is not locked out', async () => {
    const user = await pick('ACTIVE');
    const run = await t.run('unlock-account', {}, { startedBy: user.profile.login });
    expect(run.status).toBe('completed');
    expect(run.output).toMatchObject({ changed: false, status: 'ACTIVE' });
    expect(String((run.output as { detail: string }).detail)).toContain('not locked out');
  });

  it('explains that a suspended account is not a lock-out', async () => {
    const user = await pick('SUSPENDED');
    const run = await t.run('unlock-account', {}, { startedBy: user.profile.login });
    expect(run.status).toBe('failed');
    expect(run.error?.message).toContain('suspended');
  });
});
