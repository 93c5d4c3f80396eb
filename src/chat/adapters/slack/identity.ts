/**
 * Who a Slack user is in Okta, and the other way round. A Slack user is the Okta user whose login or
 * email is the email Slack verified for them (`users.info`, scope `users:read.email`); only people
 * of the app's own workspace (or Enterprise Grid org) are accepted, so a Slack Connect guest from
 * another company cannot pass as one of ours by sharing an email. Nobody is ever taken from what
 * they type. Matches are cached for a few minutes (by the injected clock); misses are not, so a
 * person synced a moment ago is found at once.
 */
import type { DirectoryReader, DirUser } from '../../../access/index.ts';
import type { Clock } from '../../../common/clock.ts';
import type { ChatIdentity } from '../../types.ts';
import { slackUserSchema, type SlackUser } from './schemas.ts';

/** The Web API calls identity needs (Bolt's `app.client` has them). */
export interface IdentityClient {
  users: {
    info(args: { user: string }): Promise<{ user?: unknown }>;
    lookupByEmail(args: { email: string }): Promise<{ user?: unknown }>;
  };
}

/** A Slack user mapped to an Okta user, or why not. */
export type Resolved = { ok: true; identity: ChatIdentity & { login: string }; user: DirUser } | { ok: false; message: string };

const cacheMs = 5 * 60_000;
const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** Creates the mapping. `workspace` is what `auth.test` answered for the bot. */
export function createSlackIdentity(deps: { client: IdentityClient; directory: DirectoryReader; clock: Clock; workspace: () => { teamId?: string; enterpriseId?: string } }) {
  const bySlackId = new Map<string, { value: Resolved & { ok: true }; at: number }>();
  const byLogin = new Map<string, { value: string; at: number }>();
  const fresh = (at: number) => deps.clock.now() - at < cacheMs;

  async function oktaUserByEmail(email: string): Promise<DirUser | undefined> {
    const byLoginMatch = await deps.directory.getUser(email);
    if (byLoginMatch) return byLoginMatch;
    return (await deps.directory.listUsers({ query: email, limit: 20 })).find((u) => u.email !== null && same(u.email, email));
  }

  function ours(user: SlackUser): boolean {
    const { teamId, enterpriseId } = deps.workspace();
    if (enterpriseId && user.enterprise_user?.enterprise_id === enterpriseId) return true;
    return teamId !== undefined && user.team_id === teamId;
  }

  return {
    /** Maps the Slack user who wrote or clicked (the id from the signed payload). */
    async resolve(slackId: string): Promise<Resolved> {
      const cached = bySlackId.get(slackId);
      if (cached && fresh(cached.at)) return cached.value;
      let user: SlackUser;
      try {
        const parsed = slackUserSchema.safeParse((await deps.client.users.info({ user: slackId })).user);
        if (!parsed.success) return { ok: false, message: 'Slack did not tell me who you are; try again in a moment.' };
        user = parsed.data;
      } catch {
        return { ok: false, message: 'Slack did not tell me who you are; try again in a moment.' };
      }
      if (user.is_bot || user.deleted) return { ok: false, message: 'Only people can use Gatehouse.' };
      if (!ours(user)) return { ok: false, message: 'Gatehouse answers only people of its own Slack workspace.' };
      const email = user.profile?.email;
      if (!email) return { ok: false, message: 'I cannot see your email in Slack, so I cannot tell who you are in Okta. Ask your Gatehouse admin to add the users:read.email scope to the Slack app.' };
      const okta = await oktaUserByEmail(email);
      if (!okta) return { ok: false, message: `I could not find an Okta user with your Slack email (${email}), so I cannot act for you. Ask IT to check your Okta login or email.` };
      if (okta.status !== 'ACTIVE') return { ok: false, message: `Your Okta account (${okta.login}) is ${okta.status}; Gatehouse acts only for active users.` };
      const value = {
        ok: true as const,
        identity: { surface: 'slack' as const, id: slackId, email, login: okta.login, ...(user.real_name ? { name: user.real_name } : {}) },
        user: okta,
      };
      bySlackId.set(slackId, { value, at: deps.clock.now() });
      byLogin.set(okta.login.toLowerCase(), { value: slackId, at: deps.clock.now() });
      return value;
    },

    /** The Slack user id of an Okta login (by the directory's email, then `users.lookupByEmail`); undefined when they are not in Slack. */
    async slackIdFor(login: string): Promise<string | undefined> {
      const cached = byLogin.get(login.toLowerCase());
      if (cached && fresh(cached.at)) return cached.value;
      const okta = await deps.directory.getUser(login);
      const emails = [...new Set([okta?.email, okta?.login, login].filter((e): e is string => typeof e === 'string' && e.includes('@')))];
      for (const email of emails) {
        try {
          const parsed = slackUserSchema.safeParse((await deps.client.users.lookupByEmail({ email })).user);
          if (!parsed.success || parsed.data.deleted || parsed.data.is_bot || !ours(parsed.data)) continue;
          byLogin.set(login.toLowerCase(), { value: parsed.data.id, at: deps.clock.now() });
          return parsed.data.id;
        } catch {
          // users_not_found: try the next address.
        }
      }
      return undefined;
    },
  };
}

export type SlackIdentity = ReturnType<typeof createSlackIdentity>;
