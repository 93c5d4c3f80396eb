import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, type TestRuntime } from '../../testing.ts';
import { collect, groupIdsOf, groupNamed, logCount, logEvents } from '../internal/test-kit.ts';
import workflow from './index.ts';

let t: TestRuntime;
beforeAll(async () => {
  t = await createTestRuntime({ seed: 'demo', workflows: [workflow] });
});
afterAll(async () => t.close());

describe('create-user', () => {
  it('creates an activated user with profile and groups (by name and by id), once', async () => {
    const engineering = await groupNamed(t, 'Engineering');
    const platform = await groupNamed(t, 'Engineering - Platform');
    const run = await t.run('create-user', {
      login: 'new.person@acme.example',
      firstName: 'New',
      lastName: 'Person',
      title: 'Site Reliability Engineer',
      profile: { costCenter: 'CC-2010' },
      groups: ['Engineering', platform.id],
    });
    expect(run.error).toBeNull();
    const output = run.output as { userId: string; status: string; groups: { name: string }[] };
    expect(output.groups.map((g) => g.name)).toEqual(['Engineering', 'Engineering - Platform']);
    const user = await t.okta.users.get('new.person@acme.example');
    expect(user.id).toBe(output.userId);
    expect(['ACTIVE', 'PROVISIONED']).toContain(user.status);
    expect(user.profile).toMatchObject({ email: 'new.person@acme.example', displayName: 'New Person', title: 'Site Reliability Engineer', costCenter: 'CC-2010' });
    expect(await groupIdsOf(t, user.id)).toEqual(expect.arrayContaining([engineering.id, platform.id]));
    expect(logEvents(t, 'user.lifecycle.create', user.id)).toHaveLength(1);
    expect(JSON.stringify(run.output)).not.toMatch(/password|activationToken/i);
  });

  it('stages the user when activate is false', async () => {
    const run = await t.run('create-user', { login: 'staged.person@acme.example', firstName: 'Staged', lastName: 'Person', activate: false });
    expect(run.output).toMatchObject({ status: 'STAGED', activated: false });
    expect((await t.okta.users.get('staged.person@acme.example')).status).toBe('STAGED');
  });

  it('refuses an existing login', async () => {
    const run = await t.run('create-user', { login: 'new.person@acme.example', firstName: 'Again', lastName: 'Person' });
    expect(run.status).toBe('failed');
    expect(run.error?.message).toContain('already exists');
  });

  it('refuses an APP_GROUP and an unknown group before creating anything', async () => {
    const before = logCount(t);
    const app = await t.run('create-user', { login: 'x1@acme.example', firstName: 'X', lastName: 'One', groups: ['Acme Social Club'] });
    expect(app.status).toBe('failed');
    expect(app.error?.message).toContain('is an APP_GROUP group');
    const unknown = await t.run('create-user', { login: 'x2@acme.example', firstName: 'X', lastName: 'Two', groups: ['Figma'] });
    expect(unknown.status).toBe('failed');
    expect(unknown.error?.message).toContain('No Okta group is named "Figma" or has that id. Did you mean: "Figma Editors", "Figma Viewers"?');
    expect(logCount(t)).toBe(before);
    expect(await collect(t.okta.users.list({ filter: 'profile.login eq "x1@acme.example" or profile.login eq "x2@acme.example"' }))).toEqual([]);
  });
});
