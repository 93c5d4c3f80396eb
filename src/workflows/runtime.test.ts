import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineWorkflow, z, type AnyWorkflow } from './sdk.ts';
import { createOktaEventPoller } from './event-triggers.ts';
import { createTestRuntime, type TestRuntime } from './testing.ts';

let calls = 0;

const moveToGroup = defineWorkflow({
  id: 'move-to-group',
  title: 'Move to a group for a while',
  description: 'Adds a user to a group, waits, removes them again.',
  examples: ['put jane in Data for 2 hours'],
  input: z.object({ login: z.string().describe('the user'), group: z.string().describe('group name'), hold: z.string().default('2h').describe('how long') }),
  access: 'team',
  async run(ctx, input) {
    calls++;
    const user = await ctx.okta.users.get(input.login);
    const [group] = await ctx.okta.groups.list({ q: input.group });
    if (!group) throw new Error(`no group ${input.group}`);
    await ctx.okta.groups.addMember(group.id, user.id);
    const addedAt = await ctx.now('added-at');
    await ctx.sleep('hold', input.hold);
    await ctx.okta.groups.removeMember(group.id, user.id);
    await ctx.notify('tell', { to: [input.login], subject: 'Access ended', text: `You left ${group.profile.name}` });
    return { user: user.id, group: group.id, addedAt };
  },
});

const approved = defineWorkflow({
  id: 'approved-suspend',
  title: 'Suspend after approval',
  description: 'Asks the manager, then suspends.',
  examples: [],
  input: z.object({ login: z.string().describe('the user') }),
  access: 'team',
  async run(ctx, input) {
    const user = await ctx.okta.users.get(input.login);
    const decision = await ctx.waitForApproval('manager', { approvers: ['boss@acme.example'], reason: `suspend ${input.login}`, timeout: '1h' });
    if (!decision) return { outcome: 'expired' };
    if (!decision.approved) return { outcome: 'denied', comment: decision.comment };
    await ctx.okta.users.suspend(user.id);
    return { outcome: 'suspended' };
  },
});

const missing = defineWorkflow({
  id: 'missing-user',
  title: 'Look up someone who does not exist',
  description: 'Fails on a 404.',
  examples: [],
  input: z.object({}),
  access: 'team',
  async run(ctx) {
    await ctx.okta.users.get('nobody@nowhere.example');
  },
});

const nightly = defineWorkflow({
  id: 'nightly-report',
  title: 'Nightly report',
  description: 'Counts suspended users every night.',
  examples: [],
  input: z.object({ status: z.string().describe('status to count') }),
  access: 'team',
  trigger: { type: 'schedule', cron: '0 2 * * *', timezone: 'UTC', input: { status: 'SUSPENDED' } },
  async run(ctx, input) {
    const users = await ctx.okta.users.list({ search: `status eq "${input.status}"` });
    return { count: users.length, by: ctx.startedBy };
  },
});

const onSuspend = defineWorkflow({
  id: 'on-suspend',
  title: 'Note suspensions',
  description: 'Runs when Okta suspends someone.',
  examples: [],
  input: z.object({ userId: z.string().describe('the suspended user') }),
  access: 'team',
  trigger: { type: 'event', source: 'okta', events: ['user.lifecycle.suspend'], toInput: (e) => ({ userId: String((e.target as { id: string }[])[0]?.id) }) },
  async run(ctx, input) {
    const user = await ctx.okta.users.get(input.userId);
    return { status: user.status };
  },
});

const onGroupAdd = defineWorkflow({
  id: 'on-member-added',
  title: 'Follow up on group additions',
  description: 'Runs when a Gatehouse workflow adds someone to a group.',
  examples: [],
  input: z.object({ target: z.string().describe('the group id') }),
  access: 'team',
  trigger: { type: 'event', source: 'gatehouse', events: ['okta.group.member_added'], toInput: (e) => ({ target: String(e.target) }) },
  async run(_ctx, input) {
    return { group: input.target };
  },
});

let t: TestRuntime;
const logins = () => [...t.emulator.context.org.users.values()].filter((u) => u.status === 'ACTIVE').map((u) => String(u.profile.login));
const eventCount = (type: string, targetId: string) =>
  t.emulator.context.org.logs.filter((r) => r.event.eventType === type && (r.event.target as { id: string }[]).some((x) => x.id === targetId)).length;

beforeAll(async () => {
  t = await createTestRuntime({ seed: 'demo', workflows: [moveToGroup, approved, missing, nightly, onSuspend, onGroupAdd] });
});
afterAll(async () => {
  await t.close();
});

describe('the workflow runtime on the engine and the emulator', () => {
  it('journals every Okta call, sleeps durably, and never repeats a change on replay', async () => {
    const login = logins()[0] as string;
    const group = [...t.emulator.context.org.groups.values()].find((g) => g.type === 'OKTA_GROUP' && g.profile.name === 'Figma Viewers')!;
    calls = 0;
    const startedAt = t.clock.now();
    const run = await t.run('move-to-group', { login, group: 'Figma Viewers' });
    expect(run.status).toBe('sleeping');
    const user = await t.okta.users.get(login);
    expect(t.emulator.context.org.groups.get(group.id)).toBeDefined();
    const members = async () => {
      const out: string[] = [];
      for await (const m of t.okta.groups.members(group.id)) out.push(m.id);
      return out;
    };
    expect(await members()).toContain(user.id);

    await t.advance('1h');
    expect((await t.getRun(run.id)).status).toBe('sleeping');
    await t.advance('1h');
    const done = await t.getRun(run.id);
    expect(done.status).toBe('completed');
    expect(done.output).toEqual({ user: user.id, group: group.id, addedAt: startedAt });
    expect(await members()).not.toContain(user.id);
    // The run function ran more than once (replay), Okta saw each change once.
    expect(calls).toBeGreaterThan(1);
    expect(eventCount('group.user_membership.add', user.id)).toBe(1);
    expect(eventCount('group.user_membership.remove', user.id)).toBe(1);
    const steps = await t.steps(run.id);
    expect(steps.map((s) => s.stepId)).toEqual([
      `okta.users.get(${JSON.stringify(login)})`,
      'okta.groups.list({"q":"Figma Viewers"})',
      `okta.groups.addMember(${JSON.stringify(group.id)}, ${JSON.stringify(user.id)})`,
      'added-at',
      'hold',
      `okta.groups.removeMember(${JSON.stringify(group.id)}, ${JSON.stringify(user.id)})`,
      'tell',
      'audit.completed',
    ]);
    expect(t.notifications.map((n) => n.subject)).toContain('Access ended');

    // The audit log: who started it, each Okta change with Okta's request id, the end; a sound chain.
    const entries = (await t.store.listAudit({ limit: 1000 })).filter((e) => e.target === run.id || e.data.runId === run.id);
    expect(entries.map((e) => e.action)).toEqual(['workflow.run_started', 'okta.group.member_added', 'okta.group.member_removed', 'workflow.run_completed']);
    expect(entries.every((e) => e.actor === 'admin@acme.example')).toBe(true);
    const added = entries[1]!;
    expect(added.target).toBe(group.id);
    const oktaIds = added.data.oktaRequestIds as string[];
    expect(oktaIds).toHaveLength(1);
    const logged = t.emulator.context.org.logs.find((r) => r.event.eventType === 'group.user_membership.add' && (r.event.target as { id: string }[]).some((x) => x.id === user.id));
    expect((logged?.event.debugContext as { debugData: { requestId: string } }).debugData.requestId).toBe(oktaIds[0]);
    expect(await t.store.verifyAuditChain()).toMatchObject({ ok: true });
  });

  it('checks input against the schema, naming each field', async () => {
    await expect(t.runtime.start('move-to-group', { login: 3 }, { startedBy: 'x' })).rejects.toMatchObject({
      code: 'WORKFLOW_INPUT_INVALID',
      issues: expect.arrayContaining([expect.objectContaining({ path: 'login' }), expect.objectContaining({ path: 'group' })]),
    });
    await expect(t.runtime.start('nope', {}, { startedBy: 'x' })).rejects.toMatchObject({ code: 'WORKFLOW_UNKNOWN' });
  });

  it('fails a run on an Okta 4xx without retrying, with Okta\'s message', async () => {
    const run = await t.run('missing-user', {});
    expect(run.status).toBe('failed');
    expect(run.error?.message).toMatch(/404|E0000007|Not found/i);
    const steps = await t.steps(run.id);
    expect(steps[0]?.attempts).toBe(1);
    expect((await t.store.listAudit({ target: run.id })).map((e) => e.action)).toEqual(['workflow.run_started', 'workflow.run_failed']);
  });

  it('waits for an approval; a decision resumes the run; a timeout returns null', async () => {
    const [a, b] = logins().slice(5, 7) as [string, string];
    const first = await t.run('approved-suspend', { login: a }, { startedBy: 'requester@acme.example' });
    expect(first.status).toBe('waiting');
    const pending = await t.approvals.list({ status: 'pending', approver: 'boss@acme.example' });
    const approval = pending.find((p) => p.runId === first.id)!;
    expect(approval.reason).toBe(`suspend ${a}`);
    await expect(t.approvals.decide(approval.id, { by: 'requester@acme.example', approved: true })).rejects.toMatchObject({ reason: 'not_an_approver' });
    await t.approvals.decide(approval.id, { by: 'BOSS@acme.example', approved: true, comment: 'fine' });
    await t.drive();
    expect((await t.getRun(first.id)).output).toEqual({ outcome: 'suspended' });
    expect((await t.okta.users.get(a)).status).toBe('SUSPENDED');
    await expect(t.approvals.decide(approval.id, { by: 'boss@acme.example', approved: false })).rejects.toMatchObject({ reason: 'already_decided' });

    const second = await t.run('approved-suspend', { login: b });
    expect(second.status).toBe('waiting');
    await t.advance('61m');
    expect((await t.getRun(second.id)).output).toEqual({ outcome: 'expired' });
    const expired = (await t.approvals.list()).find((p) => p.runId === second.id);
    expect(expired?.status).toBe('expired');
    expect((await t.okta.users.get(b)).status).toBe('ACTIVE');
  });

  it('detects code that no longer matches its journal', async () => {
    const login = logins()[10] as string;
    const run = await t.run('move-to-group', { login, group: 'Figma Viewers', hold: '1h' });
    expect(run.status).toBe('sleeping');
    // The workflow file changes while the run sleeps: it now calls something else first.
    const changed: AnyWorkflow = defineWorkflow({
      ...moveToGroup,
      async run(ctx, input) {
        await ctx.okta.users.get(`${input.login}-renamed`);
        return null;
      },
    });
    t.runtime.register(changed);
    await t.advance('2h');
    const after = await t.getRun(run.id);
    expect(after.status).toBe('failed');
    expect(after.error?.code).toBe('WORKFLOW_NONDETERMINISTIC');
    t.runtime.register(moveToGroup);
  });

  it('plans a dry run with real reads and no writes', async () => {
    const login = logins()[12] as string;
    const before = t.emulator.context.org.logs.length;
    const plan = await t.dryRun('move-to-group', { login, group: 'Figma Viewers' });
    expect(plan.error).toBeNull();
    expect(plan.changes.map((c) => c.kind)).toEqual(['okta.write', 'sleep', 'okta.write', 'notify']);
    expect(plan.output).toMatchObject({ addedAt: t.clock.now() });
    expect(plan.changes[0]?.summary).toMatch(/^Add to group /);
    expect(plan.reads).toBe(2);
    // (A token grant may appear: earlier tests moved the clock past the token's life.)
    expect(t.emulator.context.org.logs.slice(before).map((r) => r.event.eventType).filter((type) => !type.startsWith('app.oauth2.'))).toEqual([]);
  });

  it('fires a schedule trigger at its cron time under the fake clock, once per fire time', async () => {
    const nightlyRuns = async () => (await t.engine.listRuns({ workflowId: 'nightly-report' })).length;
    await t.drive();
    const before = await nightlyRuns();
    const now = new Date(t.clock.now());
    const next2am = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + (now.getUTCHours() >= 2 ? 1 : 0), 2, 0, 0);
    t.clock.advance(next2am - t.clock.now() - 60_000);
    await t.drive();
    expect(await nightlyRuns()).toBe(before);
    await t.advance('61s');
    await t.drive();
    const runs = await t.engine.listRuns({ workflowId: 'nightly-report' });
    expect(runs).toHaveLength(before + 1);
    const run = runs.find((r) => r.status === 'completed' && (r.output as { by?: string } | null)?.by === 'schedule:nightly-report');
    expect(run?.output).toMatchObject({ by: 'schedule:nightly-report', count: expect.any(Number) });
  });

  it('starts event-triggered runs from the System Log, once per event, across re-polls', async () => {
    await t.eventPoller.pollOnce(); // the first poll sets the cursor at now
    const victim = await t.okta.users.get(logins()[20] as string);
    const suspendedAt = t.clock.now();
    await t.okta.users.suspend(victim.id);
    const first = await t.eventPoller.pollOnce();
    expect(first.started).toHaveLength(1);
    await t.drive();
    expect((await t.getRun(first.started[0] as string)).output).toEqual({ status: 'SUSPENDED' });
    expect((await t.getRun(first.started[0] as string)).meta).toMatchObject({ startedBy: 'okta:user.lifecycle.suspend' });
    // Nothing new: nothing started. A replay of the same event (an old cursor) starts nothing twice.
    expect((await t.eventPoller.pollOnce()).started).toEqual([]);
    const again = await createOktaEventPoller({ okta: t.okta, runtime: t.runtime, store: { kvGet: async () => undefined, kvPut: async () => undefined, kvList: async () => [] }, clock: { now: () => suspendedAt - 1000 } }).pollOnce();
    expect(again.started).toEqual(first.started);
  });

  it('starts runs on Gatehouse events, never on a workflow\'s own', async () => {
    const login = logins()[22] as string;
    const run = await t.run('move-to-group', { login, group: 'Figma Viewers', hold: '1m' });
    const triggered = (await t.engine.listRuns({ workflowId: 'on-member-added' })).filter((r) => r.meta.eventType === 'okta.group.member_added');
    expect(triggered.length).toBeGreaterThanOrEqual(1);
    const group = [...t.emulator.context.org.groups.values()].find((g) => g.profile.name === 'Figma Viewers')!;
    expect(triggered.some((r) => (r.output as { group?: string } | null)?.group === group.id)).toBe(true);
    await t.advance('2m');
    expect((await t.getRun(run.id)).status).toBe('completed');
  });
});
