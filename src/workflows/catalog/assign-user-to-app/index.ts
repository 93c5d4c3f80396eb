/**
 * Assign a user to an app the way the org grants it: through the app's group when it has one (an
 * OKTA_GROUP assigned to the app), so access stays visible and reviewable in one place; directly
 * (scope USER) when no such group exists.
 */
import { defineWorkflow, NonRetriableError, z, type JournaledOkta, type WorkflowContext } from '../../sdk.ts';

type OktaUser = Awaited<ReturnType<JournaledOkta['users']['get']>>;
type OktaApp = Awaited<ReturnType<JournaledOkta['apps']['get']>>;
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

/** Finds an app by id, label or name (case-insensitive), or fails listing similar ones. */
async function findApp(ctx: WorkflowContext, ref: string): Promise<OktaApp> {
  const key = ref.trim().toLowerCase();
  const apps = await ctx.okta.apps.list();
  const hit = apps.find((a) => a.id === ref.trim()) ?? apps.find((a) => a.label.toLowerCase() === key) ?? apps.find((a) => a.name.toLowerCase() === key);
  if (hit) return hit;
  const near = apps.filter((a) => a.label.toLowerCase().includes(key) || key.includes(a.label.toLowerCase()));
  if (near.length === 1 && near[0]) return near[0];
  const hint = near.length > 0 ? ` Did you mean: ${near.map((a) => `"${a.label}"`).join(', ')}?` : '';
  throw new NonRetriableError(`No Okta app is labelled or named "${ref.trim()}".${hint}`);
}

/** The groups assigned to an app, with their types (one search per 20 ids keeps the filter short). */
async function appGroups(ctx: WorkflowContext, appId: string): Promise<OktaGroup[]> {
  const assignments = await ctx.okta.apps.groups(appId);
  const out: OktaGroup[] = [];
  for (let i = 0; i < assignments.length; i += 20) {
    const ids = assignments.slice(i, i + 20).map((a) => `id eq ${literal(a.id)}`);
    out.push(...(await ctx.okta.groups.list({ search: ids.join(' or ') })));
  }
  return out;
}

const input = z.object({
  user: z.string().min(1).describe('The user: login, email or Okta id'),
  app: z.string().min(1).describe('The app: its label as users see it (Figma, Salesforce), its Okta name or id'),
  group: z.string().optional().describe("When the app is granted through several groups: which one (name or id), e.g. Figma Editors or Figma Viewers"),
});

export default defineWorkflow({
  id: 'assign-user-to-app',
  title: 'Assign a user to an app',
  description:
    "Gives a user an app. If an OKTA_GROUP is assigned to the app, the user is added to that group (so access follows the org's groups); otherwise the app is assigned to the user directly. Says which it did, and does nothing when the user already has the app.",
  examples: ['give jane@acme.example access to Figma', 'assign Salesforce to bob.smith@acme.example', 'add ana.lima@acme.example to the Zendesk app', 'bob.smith@acme.example needs Tableau Cloud'],
  input,
  access: 'team',
  async run(ctx, args) {
    const user = await findUser(ctx, args.user);
    const app = await findApp(ctx, args.app);
    if (user.status === 'DEPROVISIONED') throw new NonRetriableError(`${user.profile.login} is deactivated; reactivate them before assigning apps.`);
    if (app.status !== 'ACTIVE') throw new NonRetriableError(`"${app.label}" is ${app.status} in Okta; activate the app before assigning it.`);
    const base = { userId: user.id, login: user.profile.login, appId: app.id, app: app.label };

    const groups = await appGroups(ctx, app.id);
    const memberOf = await ctx.okta.users.groups(user.id);
    const through = groups.find((g) => memberOf.some((m) => m.id === g.id));
    if (through) return { ...base, changed: false, via: 'group', group: through.profile.name, detail: `${user.profile.login} already has ${app.label} through the group "${through.profile.name}"; nothing changed.` };
    const links = await ctx.okta.users.appLinks(user.id);
    const direct = await ctx.okta.apps.users(app.id);
    if (direct.some((u) => u.id === user.id) || links.some((l) => l.appInstanceId === app.id)) {
      return { ...base, changed: false, via: 'user', group: null, detail: `${user.profile.login} is already assigned to ${app.label}; nothing changed.` };
    }

    const candidates = groups.filter((g) => g.type === 'OKTA_GROUP');
    if (candidates.length > 0) {
      let chosen: OktaGroup | undefined;
      if (args.group !== undefined) {
        const want = args.group.trim().toLowerCase();
        chosen = candidates.find((g) => g.id === args.group?.trim() || g.profile.name.toLowerCase() === want);
        if (!chosen) throw new NonRetriableError(`"${args.group}" is not one of the groups that grant ${app.label}: ${candidates.map((g) => `"${g.profile.name}"`).join(', ')}.`);
      } else if (candidates.length === 1) {
        chosen = candidates[0];
      } else {
        // Several groups usually mean several access levels (editors, viewers): guessing would grant the wrong one.
        throw new NonRetriableError(`${app.label} is granted through ${candidates.length} groups: ${candidates.map((g) => `"${g.profile.name}"`).join(', ')}. Say which one with the group field.`);
      }
      if (chosen) {
        await ctx.okta.groups.addMember(chosen.id, user.id);
        return { ...base, changed: true, via: 'group', group: chosen.profile.name, detail: `Added ${user.profile.login} to "${chosen.profile.name}", which grants ${app.label}.` };
      }
    }
    await ctx.okta.apps.assignUser(app.id, user.id);
    return { ...base, changed: true, via: 'user', group: null, detail: `${app.label} has no Okta group assigned, so it was assigned to ${user.profile.login} directly.` };
  },
});
