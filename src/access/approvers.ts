/**
 * Who approves a step of an access request: the person's manager, the resource's owners, named
 * people, members of an Okta group — active users only, as logins. When self-approval is not
 * allowed the requester and the person the access is for are left out; a step left with fewer
 * approvers than it needs falls back to its escalation list, and says so.
 */
import type { DirectoryReader, DirUser } from './directory/reader.ts';
import type { AccessPolicy, ApprovalStep, Resource } from './model.ts';

/** The approvers of one step, or why there are not enough. */
export type ResolvedStep =
  | { ok: true; name: string; approvers: string[]; required: number; note: string | null }
  | { ok: false; name: string; reason: string };

const lower = (s: string) => s.trim().toLowerCase();

async function loginsOf(directory: DirectoryReader, idsOrLogins: Iterable<string>): Promise<string[]> {
  const out: string[] = [];
  for (const key of idsOrLogins) {
    const user = await directory.getUser(key);
    if (user && user.status === 'ACTIVE') out.push(user.login);
  }
  return out;
}

/** The owners of a resource as logins (named owners and members of the owner group, active only). */
export async function ownersOf(directory: DirectoryReader, resource: Resource): Promise<string[]> {
  const members = resource.owners.groupId ? (await directory.membersOf(resource.owners.groupId)).map((m) => m.userId) : [];
  return [...new Set(await loginsOf(directory, [...resource.owners.users, ...members]))];
}

/** Resolves each step of the policy for a request. */
export async function resolveSteps(
  directory: DirectoryReader,
  args: { policy: AccessPolicy; resource: Resource; forUser: DirUser; requestedBy: string },
): Promise<ResolvedStep[]> {
  const { policy, resource, forUser } = args;
  const excluded = policy.allowSelfApproval ? new Set<string>() : new Set([lower(args.requestedBy), lower(forUser.login)]);
  const steps: ResolvedStep[] = [];
  for (const step of policy.steps) steps.push(await resolveStep(directory, step, { resource, forUser, excluded }));
  return steps;
}

async function resolveStep(directory: DirectoryReader, step: ApprovalStep, args: { resource: Resource; forUser: DirUser; excluded: Set<string> }): Promise<ResolvedStep> {
  const found: string[] = [];
  const missing: string[] = [];
  for (const source of step.approvers) {
    if (source.kind === 'manager') {
      const manager = await directory.managerOf(args.forUser.id);
      if (manager && manager.status === 'ACTIVE') found.push(manager.login);
      else missing.push(`${args.forUser.login} has no active manager in Okta (profile.managerId)`);
    } else if (source.kind === 'owners') {
      const owners = await ownersOf(directory, args.resource);
      if (owners.length > 0) found.push(...owners);
      else missing.push(`${args.resource.name} has no owners`);
    } else if (source.kind === 'users') {
      found.push(...(await loginsOf(directory, source.logins)));
    } else {
      const members = await loginsOf(directory, (await directory.membersOf(source.groupId)).map((m) => m.userId));
      if (members.length > 0) found.push(...members);
      else missing.push(`group ${(await directory.getGroup(source.groupId))?.name ?? source.groupId} has no active members`);
    }
  }
  const approvers = [...new Map(found.map((l) => [lower(l), l])).values()].filter((l) => !args.excluded.has(lower(l)));
  if (approvers.length >= step.required) return { ok: true, name: step.name, approvers, required: step.required, note: null };
  const fallback = (await loginsOf(directory, step.escalateTo)).filter((l) => !args.excluded.has(lower(l)) && !approvers.some((a) => lower(a) === lower(l)));
  const why = missing.length > 0 ? missing.join('; ') : `only ${approvers.length} of the ${step.required} approvers needed are left once the requester is excluded`;
  if (approvers.length + fallback.length >= step.required) {
    return { ok: true, name: step.name, approvers: [...approvers, ...fallback], required: step.required, note: `${why}; asking ${fallback.join(', ')} instead` };
  }
  return { ok: false, name: step.name, reason: `Step "${step.name}" has nobody to approve it: ${why}.` };
}
