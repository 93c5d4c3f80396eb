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

describe('clear-sessions', () => {
  it('ends the sessions of an ACTIVE user and revokes tokens when asked', async () => {
    const user = await pick('ACTIVE');
    t.emulator.context.org.users.get(user.id)!.sessions = 3;
    const run = await t.run('clear-sessions', { user: user.profile.login, revokeTokens: true });
    expect(run.status).toBe('completed');
    expect(run.output).toMatchObject({ userId: user.id, changed: true, tokensRevoked: true });
    expect(t.emulator.context.org.users.get(user.id)!.sessions).toBe(0);
    expect(logEvents(t, 'user.session.clear', user.id)).toHaveLength(1);
  });

  it('does nothing for a deactivated user, and says why', async () => {
    const user = await pick('DEPROVISIONED');
    const run = await t.run('clear-sessions', { user: user.id });
    expect(run.status).toBe('completed');
    expect(run.output).toMatchObject({ changed: false });
    expect(String((run.output as { detail: string }).detail)).toContain('deactivated');
  });
});
