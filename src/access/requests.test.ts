/**
 * Access requests end to end against the emulator over HTTP, under a fake clock: approvals in
 * sequence, refusals that name their rule, time-bound grants revoked on time across a restart and
 * never brought back by a sync, extensions through the same policy, reminders and escalation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DirUser } from './directory/reader.ts';
import { createAccessTestbed, type AccessTestbed } from './testing.ts';

const HOUR = 3_600_000;
let t: AccessTestbed;
/** Someone in Design with an active manager, not yet in either Figma group. */
let designer: DirUser;
let manager: DirUser;
/** The named owner of Figma (not the designer's manager). */
let owner: DirUser;
let figmaEditors: string;
let figmaViewers: string;

async function isMemberInOkta(groupId: string, userId: string): Promise<boolean> {
  for await (const user of t.okta.groups.members(groupId)) if (user.id === userId) return true;
  return false;
}

async function pickPeople(count: number, exclude: Set<string>): Promise<DirUser[]> {
  const out: DirUser[] = [];
  for (const user of await t.access.directory.listUsers({ status: 'ACTIVE', limit: 5_000 })) {
    if (out.length === count) break;
    if (exclude.has(user.id) || !user.managerId) continue;
    const mgr = await t.access.directory.managerOf(user.id);
    if (!mgr || mgr.status !== 'ACTIVE' || exclude.has(mgr.id)) continue;
    const groups = new Set((await t.access.directory.groupsOf(user.id)).map((m) => m.groupId));
    if (groups.has(figmaEditors) || groups.has(figmaViewers)) continue;
    out.push(user);
    exclude.add(user.id);
  }
  return out;
}

beforeAll(async () => {
  t = await createAccessTestbed();
  await t.access.sync.full();
  const groups = await t.access.directory.listGroups({ limit: 10_000 });
  figmaEditors = groups.find((g) => g.name === 'Figma Editors')!.id;
  figmaViewers = groups.find((g) => g.name === 'Figma Viewers')!.id;
  const figma = (await t.access.directory.listApps()).find((a) => a.label === 'Figma')!;
  const used = new Set<string>();
  designer = (await pickPeople(1, used))[0]!;
  manager = (await t.access.directory.managerOf(designer!.id))!;
  used.add(manager.id);
  owner = (await pickPeople(1, used))[0]!;
  const { catalog } = t.access;
  await catalog.putPolicy(
    {
      id: 'two-step',
      name: 'Manager then owner',
      maxDurationMs: 12 * HOUR,
      defaultDurationMs: 8 * HOUR,
      requireJustification: true,
      steps: [
        { name: 'Manager', approvers: [{ kind: 'manager' }], reminderAfterMs: 4 * HOUR },
        { name: 'Owner', approvers: [{ kind: 'owners' }], reminderAfterMs: null },
      ],
    },
    'admin',
  );
  await catalog.putResource(
    {
      id: 'figma',
      kind: 'app',
      name: 'Figma',
      appId: figma.id,
      policyId: 'two-step',
      owners: { users: [owner.login] },
      roles: [
        { id: 'viewer', name: 'Viewer', groupId: 'Figma Viewers' },
        { id: 'editor', name: 'Editor', groupId: figmaEditors },
      ],
    },
    'admin',
  );
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('access requests', () => {
  it('goes through two approval steps in order, then grants the Okta group and audits each transition', async () => {
    const request = await t.access.requests.request({ by: designer.login, resource: 'figma', role: 'editor', justification: 'Redesign of the onboarding flow' });
    expect(request).toMatchObject({ status: 'pending', durationMs: 8 * HOUR, forUser: designer.login, groupId: figmaEditors });
    await t.drive();
    const first = await t.access.requests.pendingApproval(request.id);
    expect(first?.approvers).toEqual([manager.login]);
    expect(t.notifications.some((n) => n.to.includes(manager.login) && n.subject.includes('Figma (Editor)'))).toBe(true);

    // The owner cannot decide the manager's step.
    await expect(t.access.requests.decide(request.id, { by: owner.login, approved: true })).rejects.toMatchObject({ code: 'APPROVAL_REFUSED', reason: 'not_an_approver' });
    await t.access.requests.decide(request.id, { by: manager.login, approved: true, comment: 'ok' });
    await t.drive();
    const second = await t.access.requests.pendingApproval(request.id);
    expect(second?.approvers).toEqual([owner.login]);
    expect((await t.access.requests.get(request.id)).status).toBe('pending');
    expect(await isMemberInOkta(figmaEditors, designer.id)).toBe(false);

    await t.access.requests.decide(request.id, { by: owner.login, approved: true });
    await t.drive();
    const granted = await t.access.requests.get(request.id);
    expect(granted.status).toBe('active');
    expect(granted.endsAt).toBe(granted.grantedAt! + 8 * HOUR);
    expect(await isMemberInOkta(figmaEditors, designer.id)).toBe(true);
    expect(granted.history.map((h) => h.action)).toEqual(['requested', 'approval_requested', 'approval_requested', 'approved', 'granted']);
    const actions = (await t.store.listAudit({ limit: 10_000 })).filter((e) => e.target?.startsWith(request.id)).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['access.requested', 'access.approval_requested', 'approval.approved', 'access.granted']));

    // A second request for what they hold is refused, and says to extend instead.
    await expect(t.access.requests.request({ by: designer.login, resource: 'figma', role: 'editor', justification: 'again' })).rejects.toMatchObject({ code: 'ACCESS_REQUEST_CONFLICT', message: expect.stringContaining('extend it instead') });
    await t.access.requests.revoke(request.id, { by: 'admin', reason: 'test over' });
    expect(await isMemberInOkta(figmaEditors, designer.id)).toBe(false);
  });

  it('refuses self-approval, even by someone who is also an approver', async () => {
    // The owner asks for themselves: the owner step would be theirs, so the policy has nobody left.
    await expect(t.access.requests.request({ by: owner.login, resource: 'figma', role: 'viewer', justification: 'to look' })).rejects.toMatchObject({
      code: 'ACCESS_DENIED_BY_POLICY',
      rule: 'policy:two-step.steps.1',
    });
    // The manager asks on the designer's behalf: they may not approve the manager step, so nobody can.
    await expect(t.access.requests.request({ by: manager.login, forUser: designer.login, resource: 'figma', role: 'viewer', justification: 'for the review' })).rejects.toMatchObject({
      rule: 'policy:two-step.steps.0',
      message: expect.stringContaining('once the requester is excluded'),
    });
    // An approver list that came to hold the requester (an escalation, an edit) still refuses them.
    const request = await t.access.requests.request({ by: designer.login, resource: 'figma', role: 'viewer', justification: 'for the review' });
    await t.drive();
    const approval = await t.access.requests.pendingApproval(request.id);
    await t.process.approvalRepository.update(approval!.id, (a) => ({ ...a, approvers: [...a.approvers, designer.login] }));
    await expect(t.access.requests.decide(request.id, { by: designer.login, approved: true })).rejects.toMatchObject({ code: 'APPROVAL_REFUSED', reason: 'self_approval' });
    await expect(t.access.requests.cancel(request.id, { by: owner.login })).rejects.toMatchObject({ rule: 'cancel.not-allowed' });
    await t.access.requests.cancel(request.id, { by: designer.login, reason: 'not needed' });
    await t.drive();
    expect((await t.access.requests.get(request.id)).status).toBe('cancelled');
    expect((await t.process.approvalRepository.get(approval!.id))?.status).toBe('cancelled');
  });

  it('names the rule of every refusal: duration, justification, eligibility, on behalf', async () => {
    const { requests, catalog } = t.access;
    await expect(requests.request({ by: designer.login, resource: 'figma', role: 'viewer', durationMs: 24 * HOUR, justification: 'x' })).rejects.toMatchObject({
      rule: 'policy:two-step.maxDuration',
      message: expect.stringContaining('at most 12h'),
    });
    await expect(requests.request({ by: designer.login, resource: 'figma', role: 'viewer' })).rejects.toMatchObject({ rule: 'policy:two-step.justification' });
    await expect(requests.request({ by: owner.login, forUser: designer.login, resource: 'figma', role: 'viewer', justification: 'x' })).rejects.toMatchObject({
      rule: 'policy:two-step.onBehalf',
      message: expect.stringContaining('only their manager'),
    });
    await catalog.putProfile({ id: 'finance-only', name: 'Finance people', rules: [{ kind: 'attribute', attribute: 'department', values: ['Finance'] }] }, 'admin');
    await catalog.putPolicy({ id: 'open', name: 'Open', maxDurationMs: null }, 'admin');
    await catalog.putResource({ id: 'tableau', kind: 'group', name: 'Tableau creators', policyId: 'open', eligibility: ['finance-only'], roles: [{ id: 'member', name: 'Member', groupId: 'Finance - FP&A' }] }, 'admin');
    const outsider = designer.department === 'Finance' ? owner : designer;
    await expect(requests.request({ by: outsider.login, resource: 'tableau' })).rejects.toMatchObject({
      rule: 'profile:finance-only',
      message: expect.stringContaining('Finance people (department is Finance)'),
    });
    await expect(requests.request({ by: outsider.login, resource: 'nope' })).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('figma') });
    await expect(catalog.putResource({ id: 'bad', kind: 'group', name: 'Bad', policyId: 'missing', roles: [{ id: 'm', name: 'M', groupId: 'Contractors' }] }, 'admin')).rejects.toMatchObject({
      code: 'ACCESS_CONFIG_INVALID',
      message: expect.stringMatching(/no access policy "missing".*managed by a group rule/),
    });
  });

  it('revokes an 8-hour grant at hour 8 with the server restarted in between, and a later sync does not bring it back', async () => {
    await t.access.catalog.putPolicy({ id: 'auto', name: 'Auto for 8h', maxDurationMs: 8 * HOUR, defaultDurationMs: 8 * HOUR }, 'admin');
    await t.access.catalog.putResource({ id: 'aws-admin', kind: 'group', name: 'AWS production admin', policyId: 'auto', roles: [{ id: 'admin', name: 'Admin', groupId: 'AWS Production Admins' }] }, 'admin');
    const request = await t.access.requests.request({ by: designer.login, resource: 'aws-admin' });
    await t.drive();
    const active = await t.access.requests.get(request.id);
    expect(active.status).toBe('active');
    expect(await isMemberInOkta(active.groupId, designer.id)).toBe(true);

    await t.advance(3 * HOUR);
    await t.restart();
    await t.advance(4 * HOUR);
    expect((await t.access.requests.get(request.id)).status).toBe('active');
    expect(await isMemberInOkta(active.groupId, designer.id)).toBe(true);
    // The reminder before the end went out (a quarter of the grant, at most an hour, before it).
    expect(t.notifications.some((n) => n.to.includes(designer.login) && n.subject.includes('ends soon'))).toBe(true);
    await t.restart();
    await t.advance(HOUR);
    const ended = await t.access.requests.get(request.id);
    expect(ended).toMatchObject({ status: 'ended', endedAt: active.grantedAt! + 8 * HOUR });
    expect(await isMemberInOkta(active.groupId, designer.id)).toBe(false);

    await t.access.sync.full();
    await t.access.sync.incremental();
    expect(await t.access.directory.isMember(active.groupId, designer.id)).toBe(false);
    expect((await t.access.requests.get(request.id)).status).toBe('ended');
    expect(await t.access.requests.listActive({ userId: designer.id })).toEqual([]);
  });

  it('lets an approver shorten the duration, extends through the same policy, and escalates and reminds on time', async () => {
    const { requests, catalog } = t.access;
    await catalog.putPolicy(
      {
        id: 'escalating',
        name: 'Manager, escalating to the owner',
        maxDurationMs: 8 * HOUR,
        defaultDurationMs: 4 * HOUR,
        steps: [{ name: 'Manager', approvers: [{ kind: 'manager' }], reminderAfterMs: HOUR, escalateAfterMs: 3 * HOUR, escalateTo: [owner.login], timeoutMs: 6 * HOUR }],
      },
      'admin',
    );
    await catalog.putResource({ id: 'pagerduty', kind: 'group', name: 'On-call', policyId: 'escalating', roles: [{ id: 'member', name: 'Member', groupId: 'On-call' }] }, 'admin');
    const onCall = (await t.access.directory.getGroup('On-call'))!;
    const [person] = await pickPeople(1, new Set([designer.id, owner.id, manager.id, ...(await t.access.directory.membersOf(onCall.id)).map((m) => m.userId)]));
    const boss = (await t.access.directory.managerOf(person!.id))!;
    const request = await requests.request({ by: person!.login, resource: 'pagerduty' });
    await t.drive();
    await t.advance(HOUR);
    expect(t.notifications.filter((n) => n.subject.startsWith('Reminder') && n.to.includes(boss.login))).toHaveLength(1);
    await t.advance(2 * HOUR);
    expect((await requests.pendingApproval(request.id))?.approvers).toEqual([boss.login, owner.login]);
    expect(t.notifications.some((n) => n.subject.startsWith('Escalated') && n.to.includes(owner.login))).toBe(true);
    await requests.decide(request.id, { by: owner.login, approved: true, durationMs: 2 * HOUR });
    await t.drive();
    const active = await requests.get(request.id);
    expect(active).toMatchObject({ status: 'active', durationMs: 2 * HOUR });
    expect(active.endsAt).toBe(active.grantedAt! + 2 * HOUR);

    // Extending beyond the policy's maximum is refused; within it, it needs the manager again.
    await expect(requests.extend(request.id, { by: person!.login, durationMs: 9 * HOUR })).rejects.toMatchObject({ rule: 'policy:escalating.maxDuration' });
    await requests.extend(request.id, { by: person!.login, durationMs: 2 * HOUR });
    await t.drive();
    await requests.decide(request.id, { by: boss.login, approved: true });
    await t.drive();
    const extended = await requests.get(request.id);
    expect(extended.endsAt).toBe(active.endsAt! + 2 * HOUR);
    expect(extended.extensions).toMatchObject([{ status: 'approved', durationMs: 2 * HOUR }]);
    await t.advance(3 * HOUR);
    expect((await requests.get(request.id)).status).toBe('active');
    await t.advance(HOUR);
    expect((await requests.get(request.id)).status).toBe('ended');
    expect(await isMemberInOkta(onCall.id, person!.id)).toBe(false);
  });

  it('expires a request nobody decides, and refuses a second decision', async () => {
    const { requests } = t.access;
    const [person] = await pickPeople(1, new Set([designer.id, owner.id, manager.id]));
    const request = await requests.request({ by: person!.login, resource: 'pagerduty', durationMs: HOUR });
    await t.drive();
    await t.advance(6 * HOUR);
    expect(await requests.get(request.id)).toMatchObject({ status: 'expired', outcome: { reason: expect.stringContaining('nobody decided') } });
    const boss = (await t.access.directory.managerOf(person!.id))!;
    await expect(requests.decide(request.id, { by: boss.login, approved: true })).rejects.toMatchObject({ code: 'ACCESS_REQUEST_CONFLICT' });

    const again = await requests.request({ by: person!.login, resource: 'pagerduty', durationMs: HOUR });
    await t.drive();
    await requests.decide(again.id, { by: boss.login, approved: false, comment: 'not on the rota' });
    await t.drive();
    expect(await requests.get(again.id)).toMatchObject({ status: 'denied', outcome: { by: boss.login, reason: 'not on the rota' } });
    await expect(requests.decide(again.id, { by: owner.login, approved: true })).rejects.toMatchObject({ code: 'ACCESS_REQUEST_CONFLICT' });
    expect(t.notifications.some((n) => n.to.includes(person!.login) && n.subject.includes('denied'))).toBe(true);
  });

  it('fails a request whose Okta group was deleted before it could be granted, and says why', async () => {
    const { requests, catalog } = t.access;
    const temp = await t.okta.groups.create({ name: 'Temp project' });
    await t.access.sync.incremental();
    await catalog.putPolicy({ id: 'manager-only', name: 'Manager', steps: [{ name: 'Manager', approvers: [{ kind: 'manager' }] }] }, 'admin');
    await catalog.putResource({ id: 'temp', kind: 'group', name: 'Temp project', policyId: 'manager-only', roles: [{ id: 'member', name: 'Member', groupId: temp.id }] }, 'admin');
    const request = await requests.request({ by: designer.login, resource: 'temp' });
    await t.drive();
    await t.okta.groups.delete(temp.id);
    await requests.decide(request.id, { by: manager.login, approved: true });
    await t.drive();
    expect(await requests.get(request.id)).toMatchObject({ status: 'failed', outcome: { reason: expect.stringMatching(/provisioning failed: .*404|not found/i) } });
    expect(t.notifications.some((n) => n.to.includes(designer.login) && n.subject.includes('failed'))).toBe(true);
  });
});
