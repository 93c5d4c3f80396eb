import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, type TestRuntime } from '../../testing.ts';
import { collect, createPicker, groupIdsOf, groupNamed, logCount } from '../internal/test-kit.ts';
import workflow from './index.ts';

let t: TestRuntime;
let pick: ReturnType<typeof createPicker>;
beforeAll(async () => {
  t = await createTestRuntime({ seed: 'demo', workflows: [workflow] });
  pick = createPicker(t);
});
afterAll(async () => t.close());

const appNamed = async (label: string) => (await collect(t.okta.apps.list())).find((a) => a.label === label)!;

describe('assign-user-to-app', () => {
  it("goes through the app's group when it has one", async () => {
    const user = await pick('ACTIVE', (u) => u.profile.department === 'Sales');
    const run = await t.run('assign-user-to-app', { user: user.profile.login, app: 'pagerduty' });
    expect(run.error).toBeNull();
    expect(run.output).toMatchObject({ changed: true, via: 'group', group: 'On-call' });
    expect(await groupIdsOf(t, user.id)).toContain((await groupNamed(t, 'On-call')).id);
    const appUsers = await collect(t.okta.apps.users((await appNamed('PagerDuty')).id));
    expect(appUsers.find((a) => a.id === user.id)?.scope).toBe('GROUP');
  });

  it('asks which group when several grant the app, and takes the one given', async () => {
    const user = await pick('ACTIVE', (u) => u.profile.department === 'Sales');
    const before = logCount(t);
    const ambiguous = await t.run('assign-user-to-app', { user: user.id, app: 'Figma' });
    expect(ambiguous.status).toBe('failed');
    expect(ambiguous.error?.message).toMatch(/Figma is granted through 2 groups: .*"Figma Editors".*Say which one/);
    expect(logCount(t)).toBe(before);
    const run = await t.run('assign-user-to-app', { user: user.id, app: 'Figma', group: 'Figma Viewers' });
    expect(run.output).toMatchObject({ via: 'group', group: 'Figma Viewers' });
  });

  it('assigns directly (scope USER) when no OKTA_GROUP is assigned to the app', async () => {
    const app = await t.okta.apps.list({ q: 'Tableau' }).next();
    const tableau = app.value!;
    for (const assignment of await collect(t.okta.apps.groups(tableau.id))) await t.okta.apps.unassignGroup(tableau.id, assignment.id);
    const user = await pick('ACTIVE');
    const run = await t.run('assign-user-to-app', { user: user.profile.login, app: 'Tableau Cloud' });
    expect(run.output).toMatchObject({ changed: true, via: 'user', group: null });
    expect((await collect(t.okta.apps.users(tableau.id))).find((a) => a.id === user.id)?.scope).toBe('USER');
    const again = await t.run('assign-user-to-app', { user: user.profile.login, app: 'Tableau Cloud' });
    expect(again.output).toMatchObject({ changed: false });
  });

  it('says so when the user already has the app through a group', async () => {
    const user = await pick('ACTIVE');
    const run = await t.run('assign-user-to-app', { user: user.id, app: 'Slack' });
    expect(run.output).toMatchObject({ changed: false, via: 'group', group: 'Everyone' });
  });

  it('fails clearly for an unknown app', async () => {
    const user = await pick('ACTIVE');
    const run = await t.run('assign-user-to-app', { user: user.id, app: 'Photoshop' });
    expect(run.status).toBe('failed');
    expect(run.error?.message).toContain('No Okta app is labelled or named "Photoshop"');
  });
});
