/**
 * Offboarding: suspend the user, end their sessions and revoke their tokens, remove them from every
 * group a person can change (OKTA_GROUPs not filled by a group rule) and from every app assigned to
 * them directly, tell their manager, and deactivate the account after a grace period (during which
 * the account can still be restored with unsuspend-user).
 */
import { defineWorkflow, NonRetriableError, z, type JournaledOkta, type WorkflowContext } from '../../sdk.ts';

type OktaUser = Awaited<ReturnType<JournaledOkta['users']['get']>>;

/** A string literal in an Okta filter or search expression. */
const literal = (value: string): string => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** Finds a user by login, email or id (deactivated users included), or fails saying so. */
async function findUser(ctx: WorkflowContext, ref: string): Promise<OktaUser> {
  const key = ref.trim();
  const hits = await ctx.okta.users.list({ filter: `profile.login eq ${literal(key)} or profile.email eq ${literal(key)} or id eq ${literal(key)}` });
  const best = hits.find((u) => u.id === key) ?? hits.find((u) => u.profile.login.toLowerCase() === key.toLowerCase()) ?? (hits.length === 1 ? hits[0] : undefined);
  if (best) return best;
  if (hits.length > 1) throw new NonRetriableError(`"${key}" is the email of ${hits.length} Okta users (${hits.map((u) => u.profile.login).join(', ')}); give the login instead.`);
  throw new NonRetriableError(`No Okta user has the login, email or id "${key}".`);
}

const DAY_MS = 86_400_000;

/**
 * The groups whose membership a group rule made for this user, as far as the System Log tells (Okta
 * keeps 90 days): rule memberships are logged with Okta's system principal as the actor.
 */
async function ruleManagedGroupIds(ctx: WorkflowContext, userId: string, now: number): Promise<Set<string>> {
  const events = await ctx.okta.logs.query({
    since: new Date(now - 90 * DAY_MS).toISOString(),
    until: new Date(now).toISOString(),
    filter: `eventType eq "group.user_membership.add" and target.id eq ${literal(userId)}`,
  });
  const byRule = new Map<string, boolean>();
  for (const event of events) {
    for (const target of event.target ?? []) if (target.type === 'UserGroup' && target.id) byRule.set(target.id, event.actor?.type === 'SystemPrincipal');
  }
  return new Set([...byRule].filter(([, rule]) => rule).map(([id]) => id));
}

const input = z.object({
  user: z.string().min(1).describe('The departing user: login, email or Okta id'),
  graceDays: z.number().int().min(0).max(90).default(7).describe('Days between suspension and deactivation (0 deactivates at once)'),
  reason: z.string().max(500).optional().describe('Why (kept in the run and sent to the manager), e.g. "last day 2026-03-31"'),
  notifyManager: z.boolean().default(true).describe("Tell the user's manager what was removed"),
});

export default defineWorkflow({
  id: 'offboarding',
  title: 'Offboard a user',
  description:
    'Suspends the user, clears their sessions and revokes their OAuth tokens, removes them from every OKTA_GROUP (APP_GROUP, BUILT_IN and rule-made memberships stay) and from apps assigned to them directly, notifies their manager, and deactivates the account after a grace period. Reports what was removed.',
  examples: ['offboard jane@acme.example', 'bob.smith@acme.example is leaving, offboard him with a 14 day grace period', 'offboard ana.lima@acme.example now, no grace period', 'run offboarding for 00u1abc, last day was Friday'],
  input,
  access: 'team',
  async run(ctx, args) {
    const user = await findUser(ctx, args.user);
    const login = user.profile.login;
    if (user.status === 'DEPROVISIONED') throw new NonRetriableError(`${login} is already deactivated; there is nothing left to offboard.`);
    const now = await ctx.step('now', () => Date.now());

    // 1. Stop sign-in. Okta suspends ACTIVE users only; others are stopped by the deactivation.
    let suspension: string;
    if (user.status === 'ACTIVE') {
      await ctx.okta.users.suspend(user.id);
      suspension = 'suspended';
    } else if (user.status === 'SUSPENDED') {
      suspension = 'already suspended';
    } else {
      suspension = `not suspended: Okta suspends ACTIVE users only and the user is ${user.status}`;
    }

    // 2. End every session and revoke the OAuth tokens Okta issued to them.
    await ctx.okta.users.clearSessions(user.id, { oauthTokens: true });

    // 3. Groups: remove what a person can change, keep (and report) what Okta or a rule manages.
    const groups = await ctx.okta.users.groups(user.id);
    const byRule = groups.some((g) => g.type === 'OKTA_GROUP') ? await ruleManagedGroupIds(ctx, user.id, now) : new Set<string>();
    const removedGroups: { id: string; name: string }[] = [];
    const keptGroups: { id: string; name: string; why: string }[] = [];
    for (const group of groups) {
      const entry = { id: group.id, name: group.profile.name };
      if (group.type === 'APP_GROUP') keptGroups.push({ ...entry, why: 'APP_GROUP: managed by the app it was imported from' });
      else if (group.type === 'BUILT_IN') keptGroups.push({ ...entry, why: 'BUILT_IN: managed by Okta' });
      else if (byRule.has(group.id)) keptGroups.push({ ...entry, why: 'added by a group rule (it ends with the deactivation)' });
      else {
        await ctx.okta.groups.removeMember(group.id, user.id);
        removedGroups.push(entry);
      }
    }

    // 4. Apps assigned to the user directly (scope USER); group-granted ones went with the groups.
    const apps = await ctx.okta.apps.list({ filter: `user.id eq ${literal(user.id)}` });
    const removedApps: { id: string; label: string }[] = [];
    for (const app of apps) {
      const assigned = await ctx.okta.apps.users(app.id);
      if (assigned.some((a) => a.id === user.id && a.scope === 'USER')) {
        await ctx.okta.apps.unassignUser(app.id, user.id);
        removedApps.push({ id: app.id, label: app.label });
      }
    }

    const deactivateAt = new Date(now + args.graceDays * DAY_MS).toISOString();
    const managerId = typeof user.profile.managerId === 'string' && user.profile.managerId !== '' ? user.profile.managerId : null;
    let manager: string | null = null;
    if (args.notifyManager && managerId !== null) {
      const found = await ctx.okta.users.list({ filter: `id eq ${literal(managerId)}` });
      manager = found[0]?.profile.login ?? null;
    }
    const summary =
      `${login} is being offboarded${args.reason ? ` (${args.reason})` : ''}: ${suspension}; sessions cleared and tokens revoked; ` +
      `removed from ${removedGroups.length} group(s)${removedGroups.length > 0 ? ` (${removedGroups.map((g) => g.name).join(', ')})` : ''} ` +
      `and ${removedApps.length} direct app assignment(s)${removedApps.length > 0 ? ` (${removedApps.map((a) => a.label).join(', ')})` : ''}. ` +
      (args.graceDays === 0 ? 'The account is deactivated now.' : `The account will be deactivated in ${args.graceDays} day(s); until then it can be restored with unsuspend-user.`);
    const recipients = [...new Set([...(manager ? [manager] : []), ctx.startedBy])];
    await ctx.notify('notify-offboarding', {
      to: recipients,
      subject: `Offboarding ${login}`,
      text: summary,
      data: { userId: user.id, removedGroups: removedGroups.map((g) => g.name), removedApps: removedApps.map((a) => a.label), graceDays: args.graceDays },
    });

    // 5. Deactivate after the grace period, unless someone restored the account meanwhile.
    let deactivation: string;
    let current: string | null = null;
    if (args.graceDays > 0) {
      await ctx.sleep('grace-period', args.graceDays * DAY_MS);
      // A dry run sent no suspension, so the status it reads says nothing about a restore.
      if (!ctx.dryRun) current = (await ctx.okta.users.get(user.id)).status;
    }
    if (suspension === 'suspended' && current === 'ACTIVE') {
      deactivation = 'skipped: the user was unsuspended during the grace period';
    } else if (current === 'DEPROVISIONED') {
      deactivation = 'already deactivated by someone else';
    } else {
      await ctx.okta.users.deactivate(user.id);
      deactivation = 'deactivated';
    }
    return {
      userId: user.id,
      login,
      suspension,
      sessionsCleared: true,
      tokensRevoked: true,
      removedGroups,
      keptGroups,
      removedApps,
      graceDays: args.graceDays,
      deactivateAt,
      deactivation,
      notified: recipients,
    };
  },
});
