/**
 * Add a user to an Okta group. Only OKTA_GROUPs take members by hand: APP_GROUPs get theirs from the
 * app they were imported from, and BUILT_IN groups (Everyone) from Okta.
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

const input = z.object({
  user: z.string().min(1).describe('The user: login, email or Okta id'),
  group: z.string().min(1).describe('The group: exact name or Okta id'),
});

export default defineWorkflow({
  id: 'add-user-to-group',
  title: 'Add a user to a group',
  description: 'Adds a user to an Okta group (an OKTA_GROUP; APP_GROUP and BUILT_IN groups are refused). Apps assigned to the group follow. Does nothing when the user is already a member.',
  examples: ['add jane@acme.example to Figma Editors', 'put bob.smith@acme.example in the On-call group', 'give ana.lima@acme.example membership of Salesforce Users', 'add 00u1abc to group Data Platform'],
  input,
  access: 'team',
  async run(ctx, args) {
    const user = await findUser(ctx, args.user);
    const group = await findGroup(ctx, args.group);
    const refusal = unmanageable(group);
    if (refusal) throw new NonRetriableError(refusal);
    const result = { userId: user.id, login: user.profile.login, groupId: group.id, group: group.profile.name };
    const current = await ctx.okta.users.groups(user.id);
    if (current.some((g) => g.id === group.id)) {
      return { ...result, added: false, detail: `${user.profile.login} is already a member of "${group.profile.name}"; nothing changed.` };
    }
    await ctx.okta.groups.addMember(group.id, user.id);
    const apps = await ctx.okta.groups.apps(group.id);
    return {
      ...result,
      added: true,
      detail: `Added ${user.profile.login} to "${group.profile.name}".${user.status === 'DEPROVISIONED' ? ' Note: the user is deactivated, so the group gives them no access until they are reactivated.' : ''}`,
      appsThroughGroup: apps.map((a) => a.label),
    };
  },
});
