import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, type TestRuntime } from '../../testing.ts';
import { createPicker, groupNamed, logEvents } from '../internal/test-kit.ts';
import workflow from './index.ts';

let t: TestRuntime;
let pick: ReturnType<typeof createPicker>;
beforeAll(async () => {
  t = await createTestRuntime({ seed: 'demo', workflows: [workflow] });
  pick = createPicker(t);
});
afterAll(async () => t.close());

describe('deactivate-user', () => {
  it('deactivates an ACTIVE user once: DEPROVISIONED, hand-made groups kept', async () => {
    const user = await pick('ACTIVE');
    const department = await groupNamed(t, String(user.profile.department));
    const run = await t.run('deactivate-user', { user: user.profile.login });
    expect(run.status).toBe('completed');
    expect(run.output).toMatchObject({ userId: user.id, changed: true, status: 'DEPROVISIONED', previousStatus: 'ACTIVE' });
    expect((await t.okta.users.get(user.id)).status).toBe('DEPROVISIONED');
    // Okta keeps hand-made memberships of a deactivated user (rule memberships go: rules skip DEPROVISIONED users).
    expect((await t.okta.users.groups(user.id)).map((g) => g.id)).toContain(department.id);
    expect(logEvents(t, 'user.lifecycle.deactivate', user.id)).toHaveLength(1);
  });

  it('deactivates a SUSPENDED user too', async () => {
    const user = await pick('SUSPENDED');
    const run = await t.run('deactivate-user', { user: user.id });
    expect(run.output).toMatchObject({ changed: true, previousStatus: 'SUSPENDED' });
    expect((await t.okta.users.get(user.id)).status).toBe('DEPROVISIONED');
  });

  it('does nothing for a user already deactivated', async () => {
    const user = await pick('DEPROVISIONED');
    const run = await t.run('deactivate-user', { user: user.profile.login });
    expect(run.status).toBe('completed');
    expect(run.output).toMatchObject({ changed: false, status: 'DEPROVISIONED' });
    expect(logEvents(t, 'user.lifecycle.deactivate', user.id)).toHaveLength(0);
  });

  it('fails with a clear message for an unknown user', async () => {
    const run = await t.run('deactivate-user', { user: 'ghost@acme.example' });
    expect(run.status).toBe('failed');
    expect(run.error?.message).toContain('No Okta user has the login, email or id "ghost@acme.example"');
  });
});
