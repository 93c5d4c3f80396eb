/**
 * A role provisioned by workflows instead of a group membership: granting starts the grant
 * workflow and waits for it to finish; the end of the grant starts the revoke workflow.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineWorkflow, z } from '../workflows/sdk.ts';
import { createAccessTestbed, type AccessTestbed } from './testing.ts';

const input = z.object({ user: z.string(), group: z.string(), resource: z.string(), role: z.string() });
const grant = defineWorkflow({
  id: 'grant-license',
  title: 'Grant a license',
  description: 'Adds the person to the license group and tags their profile.',
  examples: [],
  input,
  access: 'team',
  async run(ctx, args) {
    const user = await ctx.okta.users.get(args.user);
    await ctx.okta.groups.addMember(args.group, user.id);
    await ctx.okta.users.update(user.id, { title: 'Licensed' });
    return { user: user.id };
  },
});
const revoke = defineWorkflow({
  id: 'revoke-license',
  title: 'Revoke a license',
  description: 'Removes the person from the license group.',
  examples: [],
  input,
  access: 'team',
  async run(ctx, args) {
    const user = await ctx.okta.users.get(args.user);
    await ctx.okta.groups.removeMember(args.group, user.id);
    return { user: user.id };
  },
});
const failing = defineWorkflow({
  id: 'grant-broken',
  title: 'A grant that fails',
  description: 'Asks Okta for a user that does not exist.',
  examples: [],
  input,
  access: 'team',
  async run(ctx) {
    await ctx.okta.users.get('nobody-at-all@acme.example');
  },
});

let t: AccessTestbed;

beforeAll(async () => {
  t = await createAccessTestbed({ workflows: [grant, revoke, failing] });
  await t.access.sync.full();
  await t.access.catalog.putPolicy({ id: 'auto', name: 'Automatic, 2 hours', maxDurationMs: 7_200_000, defaultDurationMs: 7_200_000 }, 'admin');
  await t.access.catalog.putResource(
    {
      id: 'tableau-license',
      kind: 'group',
      name: 'Tableau license',
      policyId: 'auto',
      roles: [
        { id: 'creator', name: 'Creator', groupId: 'Finance - FP&A', provisioning: { kind: 'workflow', grantWorkflowId: 'grant-license', revokeWorkflowId: 'revoke-license' } },
        { id: 'broken', name: 'Broken', groupId: 'Design', provisioning: { kind: 'workflow', grantWorkflowId: 'grant-broken', revokeWorkflowId: 'revoke-license' } },
      ],
    },
    'admin',
  );
}, 120_000);

afterAll(async () => {
  await t?.close();
});

async function outsider(groupId: string) {
  for (const user of await t.access.directory.listUsers({ status: 'ACTIVE', limit: 5_000 })) if (!(await t.access.directory.isMember(groupId, user.id))) return user;
  throw new Error('everyone is a member');
}

describe('roles provisioned by workflows', () => {
  it('grants through the grant workflow and ends through the revoke workflow', async () => {
    const group = (await t.access.directory.getGroup('Finance - FP&A'))!;
    const user = await outsider(group.id);
    const request = await t.access.requests.request({ by: user.login, resource: 'tableau-license', role: 'creator' });
    await t.drive();
    await t.advance('5s');
    const active = await t.access.requests.get(request.id);
    expect(active.status).toBe('active');
    expect((await t.okta.users.get(user.id)).profile.title).toBe('Licensed');
    const runs = await t.process.engine.listRuns({ workflowId: 'grant-license' });
    expect(runs.map((r) => r.status)).toEqual(['completed']);

    await t.advance('2h');
    expect((await t.access.requests.get(request.id)).status).toBe('ended');
    const revokes = await t.process.engine.listRuns({ workflowId: 'revoke-license' });
    expect(revokes.map((r) => r.status)).toEqual(['completed']);
    let member = false;
    for await (const m of t.okta.groups.members(group.id)) if (m.id === user.id) member = true;
    expect(member).toBe(false);
  });

  it('fails the request, with the workflow run named, when the grant workflow fails', async () => {
    const group = (await t.access.directory.getGroup('Design'))!;
    const user = await outsider(group.id);
    const request = await t.access.requests.request({ by: user.login, resource: 'tableau-license', role: 'broken' });
    await t.drive();
    await t.advance('5s');
    const failed = await t.access.requests.get(request.id);
    expect(failed).toMatchObject({ status: 'failed', outcome: { reason: expect.stringMatching(/provisioning workflow run \S+ failed/) } });
  });
});
