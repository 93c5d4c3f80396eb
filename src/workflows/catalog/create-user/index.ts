/**
 * Create an Okta user: profile, optional groups (by name or id), activated or staged. No password is
 * set: an activated user finishes activation from Okta's email, so no secret passes through Gatehouse.
 */
import { defineWorkflow, NonRetriableError, z, type JournaledOkta, type WorkflowContext } from '../../sdk.ts';

type OktaGroup = Awaited<ReturnType<JournaledOkta['groups']['get']>>;

/** A string literal in an Okta filter or search expression. */
const literal = (value: string): string => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

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

const input = z.object({
  login: z.string().email().describe('Okta login of the new user, usually their work email (jane.doe@acme.example)'),
  email: z.string().email().optional().describe('Primary email; defaults to the login'),
  firstName: z.string().min(1).describe('Given name'),
  lastName: z.string().min(1).describe('Family name'),
  displayName: z.string().optional().describe('Name shown in apps; defaults to "First Last"'),
  title: z.string().optional().describe('Job title'),
  department: z.string().optional().describe('Department (Okta profile attribute)'),
  mobilePhone: z.string().optional().describe('Mobile phone number'),
  profile: z.record(z.string(), z.string()).default({}).describe('Other profile attributes, by Okta attribute name (costCenter, employeeNumber, …)'),
  groups: z.array(z.string().min(1)).max(20).default([]).describe('Groups to put the user in, by name or id (Okta takes up to 20 at creation)'),
  activate: z.boolean().default(true).describe('Activate now (Okta emails the activation link) or only stage the user (false)'),
});

export default defineWorkflow({
  id: 'create-user',
  title: 'Create a user',
  description: 'Creates an Okta user with the given profile, optionally in some groups, either activated (Okta sends the activation email) or staged for later.',
  examples: [
    'create a user for jane.doe@acme.example',
    'add a new Okta account for Jane Doe, jane.doe@acme.example, in Engineering',
    'create user bob.smith@acme.example in the Sales group, staged',
    'new user: Ana Lima, ana.lima@acme.example, title Product Designer',
  ],
  input,
  access: 'team',
  async run(ctx, args) {
    const login = args.login.trim();
    const taken = await ctx.okta.users.list({ filter: `profile.login eq ${literal(login)}` });
    const existing = taken[0];
    if (existing) throw new NonRetriableError(`An Okta user with the login "${login}" already exists (id ${existing.id}, status ${existing.status}).`);

    // Every group is resolved and checked before anything is created, so a typo changes nothing.
    const groups: OktaGroup[] = [];
    for (const ref of args.groups) {
      const group = await findGroup(ctx, ref);
      if (group.type !== 'OKTA_GROUP') {
        throw new NonRetriableError(`"${group.profile.name}" is ${group.type === 'APP_GROUP' ? 'an' : 'a'} ${group.type} group; Okta manages its members itself (${group.type === 'APP_GROUP' ? 'they come from the app it was imported from' : 'it is built in'}), so a user cannot be put in it.`);
      }
      if (!groups.some((g) => g.id === group.id)) groups.push(group);
    }

    const profile = {
      ...args.profile,
      login,
      email: args.email ?? login,
      firstName: args.firstName,
      lastName: args.lastName,
      displayName: args.displayName ?? `${args.firstName} ${args.lastName}`,
      ...(args.title !== undefined ? { title: args.title } : {}),
      ...(args.department !== undefined ? { department: args.department } : {}),
      ...(args.mobilePhone !== undefined ? { mobilePhone: args.mobilePhone } : {}),
    };
    const user = await ctx.okta.users.create({ profile, activate: args.activate, ...(groups.length > 0 ? { groupIds: groups.map((g) => g.id) } : {}) });
    ctx.log.info('user created', { userId: user.id, status: user.status });
    return {
      userId: user.id,
      login: user.profile.login,
      status: user.status,
      activated: args.activate,
      groups: groups.map((g) => ({ id: g.id, name: g.profile.name })),
    };
  },
});
