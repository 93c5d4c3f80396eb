/** End every Okta session of a user (and optionally revoke their OAuth tokens), so they must sign in again. */
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
  revokeTokens: z.boolean().default(false).describe('Also revoke the OAuth access and refresh tokens Okta issued to the user'),
});

export default defineWorkflow({
  id: 'clear-sessions',
  title: 'Clear sessions',
  description: "Ends all of a user's Okta sessions, so every browser and device must sign in again; optionally also revokes the OAuth tokens Okta issued to them.",
  examples: ['sign jane@acme.example out everywhere', 'clear the sessions of bob.smith@acme.example', 'log ana.lima@acme.example out of all devices and revoke her tokens', 'kill all Okta sessions for 00u1abc'],
  input,
  access: 'team',
  async run(ctx, args) {
    const user = await findUser(ctx, args.user);
    const base = { userId: user.id, login: user.profile.login, status: user.status };
    if (user.status === 'DEPROVISIONED') return { ...base, changed: false, tokensRevoked: false, detail: `${user.profile.login} is deactivated; Okta ended their sessions at deactivation, so there is nothing to clear.` };
    if (user.status === 'STAGED') return { ...base, changed: false, tokensRevoked: false, detail: `${user.profile.login} has not been activated, so has never signed in; nothing to clear.` };
    await ctx.okta.users.clearSessions(user.id, { oauthTokens: args.revokeTokens });
    return { ...base, changed: true, tokensRevoked: args.revokeTokens, detail: `Ended every Okta session of ${user.profile.login}${args.revokeTokens ? ' and revoked their OAuth tokens' : ''}.` };
  },
});
