/**
 * Temporary group membership: add the user to a group now and remove them when the time is up (a
 * durable timer, so the removal happens on time across restarts). A user who was already a member
 * keeps the membership: it was not this run's to take away.
 */
import { defineWorkflow, NonRetriableError, z, type JournaledOkta, type WorkflowContext } from '../../sdk.ts';

type OktaUser = Awaited<ReturnType<JournaledOkta['users']['get']>>;
type OktaGroup = Awaited<ReturnType<JournaledOkta['groups']['get']>>;

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

/** Finds a group by exact name or id, or fails naming the groups whose names start the same way. */
async function findGroup(ctx: WorkflowContext, ref: string): Promise<OktaGroup> {
  const key = ref.trim();
  const hits = await ctx.okta.groups.list({ search: `profile.name eq ${literal(key)} or id eq ${literal(key)}` });
  const exact = hits.find((g) => g.id === key) ?? hits.find((g) => g.profile.name === key);
  if (exact) return exact;
  const near = await ctx.okta.groups.list({ q: key, limit: 10 });
  const folded = near.find((g) => g.profile.name.toLowerCase() === key.toLowerCase());
  if (folded) return folded;
  const hint = near.length > 0 ? ` Did you mean: ${near.map((g) => `"${g.profile.name}"`).join(', ')}?` : '';
  throw new NonRetriableError(`No Okta group is named "${key}" or has that id.${hint}`);
}

/** Why Okta refuses managing this group's members by hand, or null for an OKTA_GROUP. */
function unmanageable(group: OktaGroup): string | null {
  if (group.type === 'APP_GROUP') return `"${group.profile.name}" is an APP_GROUP: its members come from the app it was imported from, and Okta does not let anyone change them. Change the membership in that app instead.`;
  if (group.type === 'BUILT_IN') return `"${group.profile.name}" is a BUILT_IN group: Okta manages its members itself (every user is in Everyone).`;
  return null;
}


const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const durationPattern = /^\s*(\d+)\s*(m|min|mins|minutes?|h|hrs?|hours?|d|days?|w|weeks?)\s*$/i;

/** "8h", "30m", "2 days" → milliseconds (minutes to weeks). */
function durationMs(text: string): number {
  const m = durationPattern.exec(text);
  if (!m) throw new NonRetriableError(`"${text}" is not a duration; write it like 30m, 8h, 3d or 2w.`);
  const unit = (m[2] ?? '').toLowerCase();
  const key = unit.startsWith('mi') || unit === 'm' ? 'm' : (unit[0] ?? 'h');
  return Number(m[1]) * (UNIT_MS[key] ?? 0);
}

const input = z.object({
  user: z.string().min(1).describe('The user: login, email or Okta id'),
  group: z.string().min(1).describe('The group: exact name or Okta id'),
  duration: z.string().regex(durationPattern, 'a duration like 30m, 8h, 3d or 2w').describe('How long the membership lasts: 30m, 8h, 3d, 2w (at most 90 days)'),
  reason: z.string().max(500).optional().describe('Why the access is needed (kept in the run and in the notification)'),
});

export default defineWorkflow({
  id: 'temporary-group-membership',
  title: 'Temporary group membership',
  description:
    'Adds a user to an OKTA_GROUP now and removes them after the given duration (e.g. 8h), so the access the group grants ends on time. If the user was already a member, nothing is added and the membership is left alone at the end.',
  examples: ['add jane@acme.example to AWS Production Admins for 8h', 'put bob.smith@acme.example in On-call for 3 days', 'give bob.smith@acme.example Figma Editors for 2 weeks', 'temporarily put ana.lima@acme.example in Salesforce Users for 30m'],
  input,
  access: 'team',
  async run(ctx, args) {
    const ms = durationMs(args.duration);
    if (ms <= 0 || ms > 90 * UNIT_MS.d!) throw new NonRetriableError(`The duration "${args.duration}" must be more than 0 and at most 90 days.`);
    const user = await findUser(ctx, args.user);
    if (user.status === 'DEPROVISIONED') throw new NonRetriableError(`${user.profile.login} is deactivated; a group membership would give them nothing.`);
    const group = await findGroup(ctx, args.group);
    const refusal = unmanageable(group);
    if (refusal) throw new NonRetriableError(refusal);
    const base = { userId: user.id, login: user.profile.login, groupId: group.id, group: group.profile.name, duration: args.duration };

    const current = await ctx.okta.users.groups(user.id);
    if (current.some((g) => g.id === group.id)) {
      return {
        ...base,
        added: false,
        removed: false,
        endsAt: null,
        detail: `${user.profile.login} was already a member of "${group.profile.name}" before this request, so nothing was added and the membership will not be removed.`,
      };
    }
    const now = await ctx.step('now', () => Date.now());
    const endsAt = new Date(now + ms).toISOString();
    await ctx.okta.groups.addMember(group.id, user.id);
    await ctx.notify('notify-added', {
      to: [...new Set([user.profile.login, ctx.startedBy])],
      subject: `${group.profile.name} until ${endsAt}`,
      text: `${user.profile.login} is in "${group.profile.name}" for ${args.duration}${args.reason ? ` (${args.reason})` : ''}; the membership ends at ${endsAt}.`,
      data: { userId: user.id, groupId: group.id, endsAt },
    });

    await ctx.sleep('hold-membership', ms);

    // Someone may have removed them by hand meanwhile: then there is nothing left to remove.
    const after = await ctx.okta.users.groups(user.id);
    const stillMember = after.some((g) => g.id === group.id);
    if (stillMember) await ctx.okta.groups.removeMember(group.id, user.id);
    return {
      ...base,
      added: true,
      removed: stillMember,
      endsAt,
      detail: stillMember ? `Added ${user.profile.login} to "${group.profile.name}" and removed them at the end (${endsAt}).` : `Added ${user.profile.login} to "${group.profile.name}"; they had already left the group when the time was up.`,
    };
  },
});
