/** Deactivate an Okta user: they can no longer sign in, and their direct app assignments end. */
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

const input = z.object({
  user: z.string().min(1).describe('The user: login, email or Okta id'),
  sendEmail: z.boolean().default(false).describe('Email the organization\'s admins about the deactivation (Okta\'s sendEmail)'),
});

export default defineWorkflow({
  id: 'deactivate-user',
  title: 'Deactivate a user',
  description: 'Deactivates an Okta user (status DEPROVISIONED): sign-in stops, sessions end and direct app assignments are removed. Group memberships stay, as in Okta. Does nothing for a user who is already deactivated.',
  examples: ['deactivate jane@acme.example', 'disable the Okta account of bob.smith@acme.example', 'deprovision ana.lima@acme.example, she left last week', 'turn off 00u1abc'],
  input,
  access: 'team',
  async run(ctx, args) {
    const user = await findUser(ctx, args.user);
    const base = { userId: user.id, login: user.profile.login, previousStatus: user.status };
    if (user.status === 'DEPROVISIONED') return { ...base, changed: false, status: user.status, detail: `${user.profile.login} is already deactivated; nothing changed.` };
    await ctx.okta.users.deactivate(user.id);
    return { ...base, changed: true, status: 'DEPROVISIONED', detail: `Deactivated ${user.profile.login} (was ${user.status}).` };
  },
});
