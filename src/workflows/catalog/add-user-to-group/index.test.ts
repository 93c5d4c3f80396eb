import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, type TestRuntime } from '../../testing.ts';
import { createPicker, groupIdsOf, groupNamed, logCount, logEvents } from '../internal/test-kit.ts';
import workflow from './index.ts';

let t: TestRuntime;
let pick: ReturnType<typeof createPicker>;
beforeAll(async () => {
  t = await createTestRuntime({ seed: 'demo', workflows: [workflow] });
  pick = createPicker(t);
});
afterAll(async () => t.close());

describe('add-user-to-group', () => {
  it('adds the user once and lists the apps the group grants', async () => {
    const group = await groupNamed(t, 'Figma Editors');
    const user = await pick('ACTIVE', (u) => u.profile.department === 'Sales');
    const run = await t.run('add-user-to-group', { user: user.profile.login, group: 'Figma Editors' });
    expect(run.status).toBe('completed');
    expect(run.output).toMatchObject({ added: true, groupId: group.id, appsThroughGroup: ['Figma'] });
    expect(await groupIdsOf(t, user.id)).toContain(group.id);
    expect(logEvents(t, 'group.user_membership.add', user.id).filter((e) => JSON.stringify(e).includes(group.id))).toHaveLength(1);

    const again = await t.run('add-user-to-group', { user: user.id, group: group.id });
    expect(again.output).toMatchObject({ added: false });
    expect(logEvents(t, 'group.user_membership.add', user.id).filter((e) => JSON.stringify(e).includes(group.id))).toHaveLength(1);
  });

  it('refuses an APP_GROUP and a BUILT_IN group, changing nothing', async () => {
    const user = await pick('ACTIVE');
    const before = logCount(t);
    const app = await t.run('add-user-to-group', { user: user.profile.login, group: 'Engineering Announcements' });
    expect(app.status).toBe('failed');
    expect(app.error?.message).toContain('"Engineering Announcements" is an APP_GROUP');
    const builtIn = await t.run('add-user-to-group', { user: user.profile.login, group: 'Everyone' });
    expect(builtIn.status).toBe('failed');
    expect(builtIn.error?.message).toContain('BUILT_IN');
    expect(logCount(t)).toBe(before);
  });

  it('fails clearly for an unknown user or group', async () => {
    const unknownUser = await t.run('add-user-to-group', { user: 'who@acme.example', group: 'On-call' });
    expect(unknownUser.error?.message).toContain('No Okta user has the login, email or id "who@acme.example"');
    const user = await pick('ACTIVE');
    const unknownGroup = await t.run('add-user-to-group', { user: user.id, group: 'Nope Group' });
    expect(unknownGroup.status).toBe('failed');
    expect(unknownGroup.error?.message).toContain('No Okta group is named "Nope Group"');
  });
});
