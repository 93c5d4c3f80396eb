/** Unsuspend an Okta user: a SUSPENDED user becomes ACTIVE again. */
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

export default defineWorkflow({
  id: 'unsuspend-user',
  title: 'Unsuspend a user',
  description: 'Lifts the suspension of a SUSPENDED Okta user, who becomes ACTIVE and can sign in again. Explains why when the user is not suspended.',
  examples: ['unsuspend jane@acme.example', 'bob.smith@acme.example is back from leave, restore his account', 'lift the suspension on ana.lima@acme.example', 'reinstate 00u1abc'],
  input,
  access: 'team',
  async run(ctx, args) {
    const user = await findUser(ctx, args.user);
    const base = { userId: user.id, login: user.profile.login, previousStatus: user.status };
    if (user.status === 'SUSPENDED') {
      await ctx.okta.users.unsuspend(user.id);
      return { ...base, changed: true, status: 'ACTIVE', detail: `Unsuspended ${user.profile.login}; they can sign in again.` };
    }
    if (user.status === 'ACTIVE') return { ...base, changed: false, status: user.status, detail: `${user.profile.login} is ACTIVE, not suspended; nothing changed.` };
    const next = user.status === 'LOCKED_OUT' ? ' They are locked out: run unlock-account.' : user.status === 'DEPROVISIONED' ? ' They are deactivated: reactivate them in Okta instead.' : '';
    throw new NonRetriableError(`${user.profile.login} is ${user.status}, not SUSPENDED, so there is no suspension to lift.${next}`);
  },
});
