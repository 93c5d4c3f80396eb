import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, type TestRuntime } from '../../testing.ts';
import { createPicker, logEvents } from '../internal/test-kit.ts';
import workflow from './index.ts';

let t: TestRuntime;
let pick: ReturnType<typeof createPicker>;
beforeAll(async () => {
  t = await createTestRuntime({ seed: 'demo', workflows: [workflow] });
  pick = createPicker(t);
});
afterAll(async () => t.close());

describe('unsuspend-user', () => {
  it('unsuspends a SUSPENDED user once', async () => {
    const user = await pick('SUSPENDED');
    const run = await t.run('unsuspend-user', { user: user.profile.login });
    expect(run.status).toBe('completed');
    expect(run.output).toMatchObject({ userId: user.id, changed: true, status: 'ACTIVE' });
    expect((await t.okta.users.get(user.id)).status).toBe('ACTIVE');
    expect(logEvents(t, 'user.lifecycle.unsuspend', user.id)).toHaveLength(1);
  });

  it('explains that an ACTIVE user is not suspended, and changes nothing', async () => {
    const user = await pick('ACTIVE');
    const run = await t.run('unsuspend-user', { user: user.profile.login });
    expect(run.status).toBe('completed');
    expect(run.output).toMatchObject({ changed: false, status: 'ACTIVE' });
    expect(String((run.output as { detail: string }).detail)).toContain('is ACTIVE, not suspended');
    expect(logEvents(t, 'user.lifecycle.unsuspend', user.id)).toHaveLength(0);
  });

  it('points a LOCKED_OUT user to unlock-account', async () => {
    const user = await pick('LOCKED_OUT');
    const run = await t.run('unsuspend-user', { user: user.id });
    expect(run.status).toBe('failed');
    expect(run.error?.message).toContain('unlock-account');
  });

  it('fails with a clear message for an unknown user', async () => {
    const run = await t.run('unsuspend-user', { user: '00unosuchuser' });
    expect(run.status).toBe('failed');
    expect(run.error?.message).toContain('No Okta user has the login, email or id "00unosuchuser"');
  });
});
