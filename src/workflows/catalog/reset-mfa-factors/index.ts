/** Reset every MFA factor of an Okta user, so they enroll again at next sign-in (a lost or replaced phone). */
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
  id: 'reset-mfa-factors',
  title: 'Reset MFA factors',
  description: 'Resets all of an Okta user\'s MFA factor enrollments (Okta Verify, SMS, WebAuthn, …); they enroll again at their next sign-in. For a lost, stolen or replaced phone.',
  examples: ['reset MFA for jane@acme.example', 'bob.smith@acme.example got a new phone, reset his factors', 'clear the Okta Verify enrollment of ana.lima@acme.example', 'reset all factors of 00u1abc'],
  input,
  access: 'team',
  async run(ctx, args) {
    const user = await findUser(ctx, args.user);
    if (user.status === 'DEPROVISIONED') throw new NonRetriableError(`${user.profile.login} is deactivated; there are no factors in use to reset.`);
    if (user.status === 'STAGED') throw new NonRetriableError(`${user.profile.login} has not been activated yet, so has no factors to reset.`);
    await ctx.okta.users.resetFactors(user.id);
    return { userId: user.id, login: user.profile.login, status: user.status, changed: true, detail: `Reset every MFA factor of ${user.profile.login}; they enroll again at their next sign-in.` };
  },
});
