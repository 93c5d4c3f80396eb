/**
 * Incident lockdown for a possibly compromised account: stop sign-in, end sessions and revoke tokens,
 * reset MFA factors (an attacker may have enrolled one), make the password unusable, and hand the
 * security team the account's last 24 hours of System Log.
 *
 * Okta's lifecycle limits the order: it suspends ACTIVE users only, and it expires the password of a
 * user who is not SUSPENDED only. So the password is expired first (ACTIVE → PASSWORD_EXPIRED would
 * then block the suspension), unless `suspend` is on: a suspended user cannot sign in with any
 * password, and the output says the password still has to be reset when the account is restored.
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

const HOUR_MS = 3_600_000;

/** One System Log event as the security team reads it. */
interface Activity {
  [key: string]: string | null;
  published: string;
  eventType: string;
  displayMessage: string | null;
  outcome: string | null;
  actor: string | null;
  ipAddress: string | null;
}

const input = z.object({
  user: z.string().min(1).describe('The account to lock down: login, email or Okta id'),
  reason: z.string().max(500).optional().describe('What happened (e.g. "laptop stolen", "phishing report INC-1234")'),
  notify: z.array(z.string().min(1)).default([]).describe('Who to alert: security channels or people (e.g. #security, ciso@acme.example); the requester is always told'),
  suspend: z.boolean().default(true).describe('Suspend the account (blocks every sign-in). Off: expire the password instead, so the next sign-in must set a new one'),
  logHours: z.number().int().min(1).max(168).default(24).describe('Hours of System Log activity to attach (default 24)'),
});

export default defineWorkflow({
  id: 'incident-lockdown',
  title: 'Lock down a compromised account',
  description:
    "Suspends the user, clears their sessions and revokes their OAuth tokens, resets their MFA factors, expires the password where Okta allows it, attaches the account's last 24 hours of System Log activity, and alerts the security team.",
  examples: [
    "lock down bob's account, his laptop was stolen",
    'incident lockdown for jane@acme.example',
    'ana.lima@acme.example clicked a phishing link, lock her account and alert #security',
    'compromised account: 00u1abc, lock it down now',
  ],
  input,
  access: 'team',
  async run(ctx, args) {
    const user = await findUser(ctx, args.user);
    const login = user.profile.login;
    if (user.status === 'DEPROVISIONED') throw new NonRetriableError(`${login} is deactivated: it cannot sign in and has no sessions, so there is nothing to lock down.`);
    const now = await ctx.step('now', () => Date.now());
    // The activity before the lockdown, read first so that the lockdown's own changes are not in it
    // whatever the clocks say (one read of the log delays the changes by a moment only).
    const events = await ctx.okta.logs.query({
      since: new Date(now - args.logHours * HOUR_MS).toISOString(),
      until: new Date(now).toISOString(),
      filter: `actor.id eq ${literal(user.id)} or target.id eq ${literal(user.id)}`,
      sortOrder: 'ASCENDING',
    });
    const activity: Activity[] = events.map((e) => {
      const client = (e as { client?: { ipAddress?: unknown } }).client;
      return {
        published: e.published,
        eventType: e.eventType,
        displayMessage: e.displayMessage ?? null,
        outcome: e.outcome?.result ?? null,
        actor: e.actor?.alternateId ?? e.actor?.id ?? null,
        ipAddress: typeof client?.ipAddress === 'string' ? client.ipAddress : null,
      };
    });
    const actions: string[] = [];
    let status = user.status;

    // The password first: Okta refuses to expire the password of a SUSPENDED user.
    let password: string;
    const expirable = ['ACTIVE', 'PASSWORD_EXPIRED', 'RECOVERY', 'LOCKED_OUT'].includes(status);
    if (args.suspend && status === 'ACTIVE') {
      password = 'not expired: Okta does not expire the password of a suspended user, and a suspended user cannot sign in with it; run reset-password right after unsuspending';
    } else if (expirable) {
      await ctx.okta.users.expirePassword(user.id);
      status = 'PASSWORD_EXPIRED';
      password = 'expired: the next sign-in must set a new password';
      actions.push('password expired');
    } else {
      password = `not expired: Okta does not expire the password of a ${status} user`;
    }

    let suspension: string;
    if (args.suspend && status === 'ACTIVE') {
      await ctx.okta.users.suspend(user.id);
      status = 'SUSPENDED';
      suspension = 'suspended';
      actions.push('suspended');
    } else if (status === 'SUSPENDED') {
      suspension = 'already suspended';
    } else {
      suspension = args.suspend ? `not suspended: Okta suspends ACTIVE users only and the user is ${status}` : 'not requested';
    }

    await ctx.okta.users.clearSessions(user.id, { oauthTokens: true });
    actions.push('sessions cleared', 'OAuth tokens revoked');

    let factors = 'not reset: the user has not been activated';
    if (status !== 'STAGED') {
      await ctx.okta.users.resetFactors(user.id);
      factors = 'reset';
      actions.push('MFA factors reset');
    }

    const failures = activity.filter((a) => a.outcome === 'FAILURE').length;
    const ips = [...new Set(activity.map((a) => a.ipAddress).filter((ip): ip is string => ip !== null))];

    const recipients = [...new Set([...args.notify, ctx.startedBy])];
    await ctx.notify('alert-security', {
      to: recipients,
      subject: `Incident lockdown: ${login}`,
      text:
        `${ctx.startedBy} locked down ${login}${args.reason ? ` (${args.reason})` : ''}: ${actions.join(', ')}. Password ${password}. ` +
        `Last ${args.logHours} h of System Log: ${activity.length} event(s), ${failures} failure(s), from ${ips.length > 0 ? ips.join(', ') : 'no recorded IP'}.`,
      data: { userId: user.id, login, actions, events: activity.length, failures, ips },
    });

    return {
      userId: user.id,
      login,
      previousStatus: user.status,
      status,
      suspension,
      password,
      sessionsCleared: true,
      tokensRevoked: true,
      factors,
      actions,
      reason: args.reason ?? null,
      notified: recipients,
      activity: { since: new Date(now - args.logHours * HOUR_MS).toISOString(), until: new Date(now).toISOString(), count: activity.length, failures, ips, events: activity },
    };
  },
});
