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

interface Output {
  status: string;
  suspension: string;
  password: string;
  factors: string;
  notified: string[];
  activity: { count: number; since: string; until: string; events: { eventType: string; published: string }[] };
}

describe('incident-lockdown', () => {
  it('suspends, clears sessions and tokens, resets factors, attaches the recent System Log and alerts security', async () => {
    const user = await pick('ACTIVE');
    const bystander = await pick('ACTIVE');
    // Recent activity on the account (and on someone else's, which must not be attached).
    await t.okta.users.update(user.id, { title: 'Compromised Title' });
    await t.okta.users.update(bystander.id, { title: 'Unrelated' });
    const org = t.emulator.context.org;
    org.users.get(user.id)!.sessions = 4;
    org.users.get(user.id)!.factors = 2;

    const run = await t.run('incident-lockdown', { user: user.profile.login, reason: 'laptop stolen', notify: ['#security', 'ciso@acme.example'] });
    expect(run.error).toBeNull();
    expect(run.status).toBe('completed');
    const output = run.output as unknown as Output;
    expect(output).toMatchObject({ status: 'SUSPENDED', suspension: 'suspended', factors: 'reset' });
    expect(output.password).toContain('not expired');
    expect((await t.okta.users.get(user.id)).status).toBe('SUSPENDED');
    expect(org.users.get(user.id)!.sessions).toBe(0);
    expect(org.users.get(user.id)!.factors).toBe(0);
    for (const type of ['user.lifecycle.suspend', 'user.session.clear', 'user.mfa.factor.reset_all']) expect(logEvents(t, type, user.id)).toHaveLength(1);

    // The attached log: the account's events before the lockdown, none of the bystander's, none of the lockdown's own.
    const types = output.activity.events.map((e) => e.eventType);
    expect(types).toContain('user.account.update_profile');
    expect(output.activity.count).toBe(types.length);
    expect(types).not.toContain('user.lifecycle.suspend');
    const bystanderEvents = logEvents(t, 'user.account.update_profile', bystander.id).map((e) => e.uuid);
    expect(bystanderEvents.length).toBe(1);
    expect(JSON.stringify(output.activity)).not.toContain(bystander.profile.login);
    expect(Date.parse(output.activity.until) - Date.parse(output.activity.since)).toBe(24 * 3_600_000);

    const alert = t.notifications.find((n) => n.runId === run.id);
    expect(alert?.to).toEqual(['#security', 'ciso@acme.example', 'admin@acme.example']);
    expect(alert?.text).toContain('laptop stolen');
  });

  it('expires the password instead when suspension is turned off', async () => {
    const user = await pick('ACTIVE');
    const run = await t.run('incident-lockdown', { user: user.id, suspend: false });
    expect(run.output).toMatchObject({ status: 'PASSWORD_EXPIRED', suspension: 'not requested' });
    expect((await t.okta.users.get(user.id)).status).toBe('PASSWORD_EXPIRED');
    expect(logEvents(t, 'user.account.expire_password', user.id)).toHaveLength(1);
    expect(logEvents(t, 'user.lifecycle.suspend', user.id)).toHaveLength(0);
  });

  it('expires the password of a LOCKED_OUT user, whom Okta cannot suspend, and says so', async () => {
    const user = await pick('LOCKED_OUT');
    const run = await t.run('incident-lockdown', { user: user.id });
    expect(run.status).toBe('completed');
    expect(run.output).toMatchObject({ status: 'PASSWORD_EXPIRED' });
    expect(String((run.output as unknown as Output).suspension)).toContain('Okta suspends ACTIVE users only');
  });

  it('fails clearly for an unknown user', async () => {
    const run = await t.run('incident-lockdown', { user: 'mallory@acme.example' });
    expect(run.status).toBe('failed');
    expect(run.error?.message).toContain('No Okta user has the login, email or id "mallory@acme.example"');
  });
});
