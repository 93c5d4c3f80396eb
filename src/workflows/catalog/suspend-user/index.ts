/** Suspend an Okta user: they cannot sign in until unsuspended; groups and apps stay. */
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

const input = z.object({ user: z.string().min(1).describe('The user: login, email or Okta id') });

/** Why a user in this status cannot be suspended (Okta suspends ACTIVE users only). */
const notSuspendable: Record<string, string> = {
  STAGED: 'has not been activated yet, so they cannot sign in anyway',
  PROVISIONED: 'has not finished activation yet; deactivate them instead if they must not finish it',
  LOCKED_OUT: 'is locked out; Okta suspends ACTIVE users only (unlock first, or deactivate)',
  PASSWORD_EXPIRED: 'has an expired password; Okta suspends ACTIVE users only (deactivate instead if access must stop)',
  RECOVERY: 'is in password recovery; Okta suspends ACTIVE users only (deactivate instead if access must stop)',
  DEPROVISIONED: 'is deactivated, which already stops every sign-in',
};

export default defineWorkflow({
  id: 'suspend-user',
  title: 'Suspend a user',
  description: 'Suspends an ACTIVE Okta user: they cannot sign in until unsuspended, and keep their groups and apps. Explains why when the user is not ACTIVE.',
  examples: ['suspend jane@acme.example', 'put bob.smith@acme.example on hold, he is on leave', 'temporarily block ana.lima@acme.example from signing in', 'suspend the account 00u1abc'],
  input,
  access: 'team',
  async run(ctx, args) {
    const user = await findUser(ctx, args.user);
    const base = { userId: user.id, login: user.profile.login, previousStatus: user.status };
    if (user.status === 'SUSPENDED') return { ...base, changed: false, status: user.status, detail: `${user.profile.login} is already suspended; nothing changed.` };
    if (user.status !== 'ACTIVE') throw new NonRetriableError(`${user.profile.login} cannot be suspended: the user ${notSuspendable[user.status] ?? `is ${user.status}`}.`);
    await ctx.okta.users.suspend(user.id);
    return { ...base, changed: true, status: 'SUSPENDED', detail: `Suspended ${user.profile.login}; run unsuspend-user to let them sign in again.` };
  },
});
