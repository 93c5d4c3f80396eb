/** Create an Okta group (OKTA_GROUP), refusing a name another group already has. */
import { defineWorkflow, NonRetriableError, z } from '../../sdk.ts';

/** A string literal in an Okta filter or search expression. */
const literal = (value: string): string => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

const input = z.object({
  name: z.string().trim().min(1).max(255).describe('Name of the new group, e.g. "Data Platform"'),
  description: z.string().max(1024).optional().describe('What the group is for and who belongs in it'),
});

export default defineWorkflow({
  id: 'create-group',
  title: 'Create a group',
  description: 'Creates an Okta group with a name and description. Refuses a name that an existing group already has (ignoring case), so people and apps are never split over two look-alike groups.',
  examples: ['create a group called Data Platform', 'make a new Okta group "Figma Admins" for Figma admin seats', 'new group: Finance - Payroll', 'set up a group named On-call EU'],
  input,
  access: 'team',
  async run(ctx, args) {
    const name = args.name;
    // Okta's own uniqueness check is exact; a case-insensitive one also catches "data platform".
    const exact = await ctx.okta.groups.list({ search: `profile.name eq ${literal(name)}` });
    const prefix = await ctx.okta.groups.list({ q: name, limit: 50 });
    const clash = [...exact, ...prefix].find((g) => g.profile.name.toLowerCase() === name.toLowerCase());
    if (clash) {
      throw new NonRetriableError(
        `A group named "${clash.profile.name}" already exists (id ${clash.id}, ${clash.type}); Gatehouse does not create a second group with the same name. Use the existing group, or choose another name.`,
      );
    }
    const group = await ctx.okta.groups.create({ name, ...(args.description !== undefined ? { description: args.description } : {}) });
    return { groupId: group.id, name: group.profile.name, description: group.profile.description ?? null, type: group.type };
  },
});
