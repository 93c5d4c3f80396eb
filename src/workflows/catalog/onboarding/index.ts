/**
 * Onboarding from HR-style input: create the user with their profile and manager, put them in their
 * department and team groups (so the apps those groups grant follow), activate them on their start
 * date, and tell the manager. The org's groups are named after the org chart: one OKTA_GROUP per
 * department ("Engineering") and one per team ("Engineering - Platform"); edit {@link teamGroupName}
 * if yours differ.
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

/** The group of a team: "<Department> - <Team>", unless the team is given by its full group name. */
const teamGroupName = (department: string, team: string): string => (team.startsWith(`${department} - `) ? team : `${department} - ${team}`);

/** Finds an OKTA_GROUP by exact name (then ignoring case), or fails naming similar groups. */
async function findOrgGroup(ctx: WorkflowContext, name: string, what: string): Promise<OktaGroup> {
  const hits = await ctx.okta.groups.list({ search: `profile.name eq ${literal(name)}` });
  const near = hits.length > 0 ? [] : await ctx.okta.groups.list({ q: name.split(' - ')[0] ?? name, limit: 20 });
  const group = hits.find((g) => g.profile.name === name) ?? near.find((g) => g.profile.name.toLowerCase() === name.toLowerCase());
  if (!group) {
    const hint = near.length > 0 ? ` Groups with a similar name: ${near.map((g) => `"${g.profile.name}"`).join(', ')}.` : '';
    throw new NonRetriableError(`There is no ${what} group "${name}" in Okta.${hint} Create it first (create-group) or correct the ${what}.`);
  }
  if (group.type !== 'OKTA_GROUP') throw new NonRetriableError(`The ${what} group "${group.profile.name}" is a ${group.type} group, whose members Okta manages itself.`);
  return group;
}

const input = z.object({
  firstName: z.string().min(1).describe('Given name of the new hire'),
  lastName: z.string().min(1).describe('Family name of the new hire'),
  email: z.string().email().describe('Work email of the new hire (jane.doe@acme.example)'),
  login: z.string().email().optional().describe('Okta login; defaults to the work email'),
  department: z.string().min(1).describe('Department, as named in Okta groups (Engineering, Sales, Finance, …)'),
  team: z.string().min(1).describe('Team within the department (Platform, Enterprise, …)'),
  title: z.string().min(1).describe('Job title'),
  managerLogin: z.string().min(1).describe("The manager's Okta login or email"),
  startDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}(T.*)?$/, 'a date like 2026-03-02 or an ISO date-time')
    .optional()
    .describe('First day (2026-03-02, or an ISO date-time); the account is staged until then and activated that day. Empty: activate now'),
});

export default defineWorkflow({
  id: 'onboarding',
  title: 'Onboard a new hire',
  description:
    'Creates the Okta user from HR data (name, email, department, team, title, manager), puts them in their department and team groups so the apps those groups grant follow, activates the account now or on the start date, and tells the manager.',
  examples: [
    'onboard Jane Doe, jane.doe@acme.example, Engineering - Platform, reporting to sam.lee@acme.example',
    'new hire: Bob Smith, Sales Enterprise team, Account Executive, starts 2026-03-02',
    'set up an account for our new designer Ana Lima in Design / Product Design',
    'onboard a new employee',
  ],
  input,
  access: 'team',
  async run(ctx, args) {
    const login = (args.login ?? args.email).trim();
    // Everything is looked up before anything changes, so a typo in HR data changes nothing.
    const manager = await findUser(ctx, args.managerLogin);
    if (manager.status === 'DEPROVISIONED') throw new NonRetriableError(`The manager ${manager.profile.login} is deactivated; give the new hire's current manager.`);
    const taken = await ctx.okta.users.list({ filter: `profile.login eq ${literal(login)} or profile.email eq ${literal(args.email)}` });
    const clash = taken[0];
    if (clash) throw new NonRetriableError(`An Okta user with the login or email "${clash.profile.login}" already exists (id ${clash.id}, status ${clash.status}); onboarding creates new users only.`);
    const departmentGroup = await findOrgGroup(ctx, args.department, 'department');
    const teamGroup = await findOrgGroup(ctx, teamGroupName(departmentGroup.profile.name, args.team), 'team');
    const groups = [departmentGroup, teamGroup];

    const managerName = manager.profile.displayName ?? `${manager.profile.firstName ?? ''} ${manager.profile.lastName ?? ''}`.trim();
    const profile = {
      login,
      email: args.email,
      firstName: args.firstName,
      lastName: args.lastName,
      displayName: `${args.firstName} ${args.lastName}`,
      title: args.title,
      department: departmentGroup.profile.name,
      team: teamGroup.profile.name.slice(departmentGroup.profile.name.length + 3) || args.team,
      managerId: manager.id,
      manager: managerName || manager.profile.login,
    };
    const startAt = args.startDate === undefined ? null : new Date(args.startDate.length === 10 ? `${args.startDate}T00:00:00Z` : args.startDate);
    if (startAt && Number.isNaN(startAt.getTime())) throw new NonRetriableError(`The start date "${args.startDate}" is not a valid date.`);
    // No password is set: Okta's activation email lets the new hire choose one.
    const user = await ctx.okta.users.create({ profile, groupIds: groups.map((g) => g.id), activate: startAt === null });

    const apps: string[] = [];
    for (const group of groups) for (const app of await ctx.okta.groups.apps(group.id)) if (!apps.includes(app.label)) apps.push(app.label);

    const activation = startAt === null ? 'now' : startAt.toISOString();
    const groupNames = groups.map((g) => g.profile.name);
    await ctx.notify('notify-manager', {
      to: [manager.profile.login],
      subject: `${profile.displayName} is set up in Okta`,
      text:
        `${profile.displayName} (${login}), ${args.title}, joins ${groupNames.join(' and ')} reporting to you. ` +
        `${startAt === null ? 'The account is active now' : `The account will be activated on ${activation}`}; Okta emails them an activation link. ` +
        `Apps through their groups: ${apps.length > 0 ? apps.join(', ') : 'none'}.`,
      data: { userId: user.id, login, groups: groupNames, apps, activation },
    });

    let status = user.status;
    if (startAt !== null) {
      // A durable timer: the run sleeps in the store until the start date, across restarts.
      await ctx.sleepUntil('start-date', startAt);
      await ctx.okta.users.activate(user.id);
      status = 'PROVISIONED';
    }
    return { userId: user.id, login, status, manager: manager.profile.login, managerId: manager.id, groups: groupNames, apps, activation };
  },
});
