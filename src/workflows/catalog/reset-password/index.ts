/** Reset an Okta user's password: Okta emails them a reset link (self-service for one's own account). */
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

/** Okta groups whose members may run this for someone else (the IT help desk). Edit to match your org. */
const TEAM_GROUPS: readonly string[] = ['Admins - IT'];

/**
 * Self-service: anyone may run this for their own account; for someone else's, the requester must be
 * an Okta user in one of {@link TEAM_GROUPS}. Fails closed when the requester is not an Okta user.
 */
async function checkRequester(ctx: WorkflowContext, target: OktaUser, what: string): Promise<'self' | 'team'> {
  const requesters = await ctx.okta.users.list({ filter: `profile.login eq ${literal(ctx.startedBy)} or profile.email eq ${literal(ctx.startedBy)}` });
  const requester = requesters.find((u) => u.profile.login.toLowerCase() === ctx.startedBy.toLowerCase()) ?? requesters[0];
  if (requester?.id === target.id) return 'self';
  if (requester) {
    const groups = await ctx.okta.users.groups(requester.id);
    if (groups.some((g) => TEAM_GROUPS.includes(g.profile.name))) return 'team';
  }
  throw new NonRetriableError(`You can ${what} only for your own account; ask the IT help desk (${TEAM_GROUPS.join(', ')}) to do it for ${target.profile.login}.`);
}

const input = z.object({
  user: z.string().min(1).optional().describe('The user: login, email or Okta id; leave empty for your own account'),
  revokeSessions: z.boolean().default(true).describe('Also end the user\'s open Okta sessions'),
});

const allowed: readonly string[] = ['ACTIVE', 'PASSWORD_EXPIRED', 'LOCKED_OUT', 'RECOVERY'];

export default defineWorkflow({
  id: 'reset-password',
  title: 'Reset a password',
  description:
    'Starts a password reset: Okta emails the user a one-time reset link and the user goes to RECOVERY until they choose a new password. No password or link passes through Gatehouse. Anyone may reset their own password; the IT team may reset anyone\'s.',
  examples: ['reset my password', 'I forgot my Okta password', 'reset the password of jane@acme.example', 'send bob.smith@acme.example a password reset link'],
  input,
  access: 'anyone',
  async run(ctx, args) {
    const user = await findUser(ctx, args.user ?? ctx.startedBy);
    const by = await checkRequester(ctx, user, 'reset a password');
    if (!allowed.includes(user.status)) {
      const why: Record<string, string> = {
        SUSPENDED: 'suspended; a reset would lift the suspension, so the IT team must unsuspend the account first',
        DEPROVISIONED: 'deactivated',
        STAGED: 'not activated yet; activating the account sends its first password link',
        PROVISIONED: 'waiting for activation; the activation email sets the first password',
      };
      throw new NonRetriableError(`The password of ${user.profile.login} cannot be reset: the user is ${why[user.status] ?? user.status}.`);
    }
    // sendEmail: Okta mails the link itself, so the one-time link never reaches the journal or the output.
    await ctx.okta.users.resetPassword(user.id, { sendEmail: true, revokeSessions: args.revokeSessions });
    return {
      userId: user.id,
      login: user.profile.login,
      previousStatus: user.status,
      status: 'RECOVERY',
      requestedBy: ctx.startedBy,
      as: by,
      emailSent: true,
      sessionsRevoked: args.revokeSessions,
      detail: `Okta emailed ${user.profile.email ?? user.profile.login} a link to choose a new password.`,
    };
  },
});
