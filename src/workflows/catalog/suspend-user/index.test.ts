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

describe('suspend-user', () => {
  it('suspends an ACTIVE user once, found by email', async () => {
    const user = await pick('ACTIVE');
    const run = await t.run('suspend-user', { user: user.profile.email });
    expect(run.error).toBeNull();
    expect(run.status).toBe('completed');
    expect(run.output).toMatchObject({ userId: user.id, changed: true, status: 'SUSPENDED', previousStatus: 'ACTIVE' });
    expect((await t.okta.users.get(user.id)).status).toBe('SUSPENDED');
    expect(logEvents(t, 'user.lifecycle.suspend', user.id)).toHaveLength(1);
  });

  it('does nothing for a user already suspended, and says so', async () => {
    const user = await pick('SUSPENDED');
    const run = await t.run('suspend-user', { user: user.profile.login });
    expect(run.status).toBe('completed');
    expect(run.output).toMatchObject({ changed: false, status: 'SUSPENDED' });
    expect(logEvents(t, 'user.lifecycle.suspend', user.id)).toHaveLength(0);
  });

  it('explains why a LOCKED_OUT user cannot be suspended', async () => {
    const user = await pick('LOCKED_OUT');
    const run = await t.run('suspend-user', { user: user.id });
    expect(run.status).toBe('failed');
    expect(run.error?.message).toContain('locked out');
    expect((await t.okta.users.get(user.id)).status).toBe('LOCKED_OUT');
  });

  it('fails with a clear message for an unknown user', async () => {
    const run = await t.run('suspend-user', { user: 'nobody@acme.example' });
    expect(run.status).toBe('failed');
    expect(run.error?.message).toBe('No Okta user has the login, email or id "nobody@acme.example".');
  });
});
