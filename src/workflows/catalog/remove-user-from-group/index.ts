/**
 * Remove a user from an Okta group. Only OKTA_GROUP memberships made by hand can be removed: APP_GROUP
 * and BUILT_IN groups are managed by Okta, and a membership a group rule made would come back at the
 * rule's next evaluation.
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

const DAY_MS = 86_400_000;

/**
 * Whether a group rule made this membership, as far as the System Log tells (Okta keeps 90 days):
 * rule memberships are logged with Okta's system principal as the actor, hand-made ones with the
 * admin or app that made them. Older memberships cannot be told apart this way.
 */
async function addedByRule(ctx: WorkflowContext, userId: string, groupId: string): Promise<boolean> {
  const now = await ctx.step('now', () => Date.now());
  const events = await ctx.okta.logs.query({
    since: new Date(now - 90 * DAY_MS).toISOString(),
    until: new Date(now).toISOString(),
    filter: `eventType eq "group.user_membership.add" and target.id eq ${literal(userId)}`,
  });
  let byRule = false;
  for (const event of events) {
    if (event.target?.some((t) => t.id === groupId)) byRule = event.actor?.type === 'SystemPrincipal';
  }
  return byRule;
}

const input = z.object({
  user: z.string().min(1).describe('The user: login, email or Okta id'),
  group: z.string().min(1).describe('The group: exact name or Okta id'),
});

export default defineWorkflow({
  id: 'remove-user-from-group',
  title: 'Remove a user from a group',
  description:
    'Removes a user from an Okta group (an OKTA_GROUP). Refuses APP_GROUP and BUILT_IN groups, and memberships made by a group rule (change the rule or the user\'s profile instead). Apps the user had only through the group go with it.',
  examples: ['remove jane@acme.example from Figma Editors', 'take bob.smith@acme.example out of the On-call group', 'drop ana.lima@acme.example from Salesforce Users', 'remove 00u1abc from group Data Platform'],
  input,
  access: 'team',
  async run(ctx, args) {
    const user = await findUser(ctx, args.user);
    const group = await findGroup(ctx, args.group);
    const refusal = unmanageable(group);
    if (refusal) throw new NonRetriableError(refusal);
    const result = { userId: user.id, login: user.profile.login, groupId: group.id, group: group.profile.name };
    const current = await ctx.okta.users.groups(user.id);
    if (!current.some((g) => g.id === group.id)) {
      return { ...result, removed: false, detail: `${user.profile.login} is not a member of "${group.profile.name}"; nothing changed.` };
    }
    if (await addedByRule(ctx, user.id, group.id)) {
      throw new NonRetriableError(
        `${user.profile.login} is in "${group.profile.name}" through a group rule; removing them by hand would not last (the rule adds them back). Change the rule (Directory → Groups → Rules) or the profile attribute it matches.`,
      );
    }
    await ctx.okta.groups.removeMember(group.id, user.id);
    return { ...result, removed: true, detail: `Removed ${user.profile.login} from "${group.profile.name}".` };
  },
});
