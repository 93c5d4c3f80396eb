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

describe('reset-mfa-factors', () => {
  it('resets the factors of an ACTIVE user once', async () => {
    const user = await pick('ACTIVE');
    t.emulator.context.org.users.get(user.id)!.factors = 2;
    const run = await t.run('reset-mfa-factors', { user: user.profile.login });
    expect(run.status).toBe('completed');
    expect(run.output).toMatchObject({ userId: user.id, changed: true });
    expect(t.emulator.context.org.users.get(user.id)!.factors).toBe(0);
    expect(logEvents(t, 'user.mfa.factor.reset_all', user.id)).toHaveLength(1);
  });

  it('explains that a deactivated user has no factors to reset', async () => {
    const user = await pick('DEPROVISIONED');
    const run = await t.run('reset-mfa-factors', { user: user.id });
    expect(run.status).toBe('failed');
    expect(run.error?.message).toContain('is deactivated');
    expect(logEvents(t, 'user.mfa.factor.reset_all', user.id)).toHaveLength(0);
  });

  it('explains that a staged user has no factors', async () => {
    const user = await pick('STAGED');
    const run = await t.run('reset-mfa-factors', { user: user.id });
    expect(run.status).toBe('failed');
    expect(run.error?.message).toContain('not been activated');
  });
});
