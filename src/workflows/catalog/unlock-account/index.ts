/** Unlock an Okta account locked out after too many failed sign-ins (self-service for one's own account). */
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

const input = z.object({ user: z.string().min(1).optional().describe('The locked-out user: login, email or Okta id; leave empty for your own account') });

export default defineWorkflow({
  id: 'unlock-account',
  title: 'Unlock an account',
  description: 'Unlocks an Okta user who is LOCKED_OUT after too many failed sign-ins; they can sign in again with their current password. Anyone may unlock their own account; the IT team may unlock anyone\'s.',
  examples: ["I'm locked out", 'unlock my account', 'unlock jane@acme.example', 'bob.smith@acme.example is locked out of Okta, please unlock him'],
  input,
  access: 'anyone',
  async run(ctx, args) {
    const user = await findUser(ctx, args.user ?? ctx.startedBy);
    const by = await checkRequester(ctx, user, 'unlock an account');
    const base = { userId: user.id, login: user.profile.login, previousStatus: user.status, requestedBy: ctx.startedBy, as: by };
    if (user.status === 'LOCKED_OUT') {
      await ctx.okta.users.unlock(user.id);
      return { ...base, changed: true, status: 'ACTIVE', detail: `Unlocked ${user.profile.login}; they can sign in with their current password.` };
    }
    if (user.status === 'ACTIVE') return { ...base, changed: false, status: user.status, detail: `${user.profile.login} is not locked out (ACTIVE); nothing changed. If the password is forgotten, run reset-password.` };
    const why: Record<string, string> = {
      SUSPENDED: 'suspended, which is not a lock-out: the IT team must unsuspend the account',
      PASSWORD_EXPIRED: 'not locked out but has an expired password: sign in and choose a new one, or run reset-password',
      RECOVERY: 'in password recovery: finish the reset from the email Okta sent, or run reset-password again',
      DEPROVISIONED: 'deactivated: ask the IT team',
      STAGED: 'not activated yet: ask the IT team to activate the account',
      PROVISIONED: 'waiting for activation: finish it from the activation email',
    };
    throw new NonRetriableError(`${user.profile.login} cannot be unlocked: the account is ${why[user.status] ?? user.status}.`);
  },
});
