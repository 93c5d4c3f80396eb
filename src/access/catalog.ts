/**
 * The access catalog: requestable resources (with roles), access policies and eligibility
 * profiles, kept as documents in the store. Every write is checked against the synced directory
 * (the groups exist and Gatehouse may change them, the app is granted by the role's group) and
 * against the other definitions (policies and profiles exist, a default duration within the
 * maximum, one role per Okta group), and audited.
 */
import type { z } from 'zod';
import { issuesOf, type Issue } from '../common/issues.ts';
import type { Json } from '../engine/contract.ts';
import type { AuditSink } from '../workflows/audit-export.ts';
import type { DirectoryReader } from './directory/reader.ts';
import { AccessConfigError, AccessNotFoundError } from './errors.ts';
import { documents, type AccessStorePort } from './internal/documents.ts';
import {
  accessPolicySchema,
  eligibilityProfileSchema,
  resourceSchema,
  type AccessPolicy,
  type EligibilityProfile,
  type Resource,
  type ResourceCatalogPort,
  type Role,
} from './model.ts';

const namespaces = { policy: 'access.policies', profile: 'access.profiles', resource: 'access.resources' } as const;

function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new AccessConfigError(what, issuesOf(parsed.error));
  return parsed.data;
}

/** Creates the catalog over the store and the synced directory. */
export function createAccessCatalog(deps: { store: AccessStorePort; directory: DirectoryReader; audit?: AuditSink }) {
  const policies = documents(deps.store, namespaces.policy, accessPolicySchema);
  const profiles = documents(deps.store, namespaces.profile, eligibilityProfileSchema);
  const resources = documents(deps.store, namespaces.resource, resourceSchema);
  const audit = (by: string, action: string, target: string, data: Record<string, Json> = {}) => deps.audit?.appendAudit({ actor: by, action, target, data });

  async function checkResource(resource: Resource): Promise<Issue[]> {
    const issues: Issue[] = [];
    const policyIds = [resource.policyId, ...resource.roles.map((r) => r.policyId).filter((p): p is string => p !== null)];
    for (const id of new Set(policyIds)) if (!(await policies.get(id))) issues.push({ path: 'policyId', message: `there is no access policy "${id}" (gatehouse access policies list)` });
    for (const id of resource.eligibility) if (!(await profiles.get(id))) issues.push({ path: 'eligibility', message: `there is no eligibility profile "${id}"` });
    const seenRoles = new Set<string>();
    const groupsOfApp = resource.kind === 'app' && resource.appId ? new Set((await deps.directory.groupsOfApp(resource.appId)).map((g) => g.groupId)) : undefined;
    if (resource.kind === 'app') {
      if (!resource.appId) issues.push({ path: 'appId', message: 'an app resource names its Okta app (appId)' });
      else if (!(await deps.directory.getApp(resource.appId))) issues.push({ path: 'appId', message: `there is no app "${resource.appId}" in the synced directory (run gatehouse directory sync if it is new)` });
    }
    const others = (await resources.list()).filter((r) => r.id !== resource.id);
    for (const [i, role] of resource.roles.entries()) {
      const path = `roles.${i}`;
      if (seenRoles.has(role.id)) issues.push({ path: `${path}.id`, message: `role "${role.id}" appears twice` });
      seenRoles.add(role.id);
      const group = await deps.directory.getGroup(role.groupId);
      if (!group) {
        issues.push({ path: `${path}.groupId`, message: `there is no group "${role.groupId}" in the synced directory (run gatehouse directory sync if it is new)` });
        continue;
      }
      if (group.readOnly && role.provisioning.kind === 'group') {
        const why = group.type !== 'OKTA_GROUP' ? `a ${group.type} group` : 'managed by a group rule';
        issues.push({ path: `${path}.groupId`, message: `group "${group.name}" is ${why}; Gatehouse cannot add people to it — use an OKTA_GROUP` });
      }
      if (groupsOfApp && !groupsOfApp.has(group.id)) issues.push({ path: `${path}.groupId`, message: `group "${group.name}" is not assigned to the app; assign it to the app in Okta first` });
      const clash = others.find((r) => r.roles.some((x) => x.groupId === group.id));
      if (clash) issues.push({ path: `${path}.groupId`, message: `group "${group.name}" is already the role of resource "${clash.id}"` });
    }
    return issues;
  }

  const catalog = {
    async putPolicy(input: unknown, by: string): Promise<AccessPolicy> {
      const policy = parseOrThrow(accessPolicySchema, input, 'The access policy');
      const issues: Issue[] = [];
      if (policy.maxDurationMs !== null && policy.defaultDurationMs !== null && policy.defaultDurationMs > policy.maxDurationMs) {
        issues.push({ path: 'defaultDurationMs', message: 'the default duration is longer than the maximum' });
      }
      for (const [i, step] of policy.steps.entries()) {
        const named = step.approvers.flatMap((a) => (a.kind === 'users' ? a.logins : []));
        if (step.approvers.every((a) => a.kind === 'users') && named.length < step.required) {
          issues.push({ path: `steps.${i}.required`, message: `the step needs ${step.required} approvers but names only ${named.length}` });
        }
        if (step.escalateAfterMs !== null && step.escalateTo.length === 0) issues.push({ path: `steps.${i}.escalateTo`, message: 'say who the step escalates to' });
        if (step.escalateAfterMs !== null && step.escalateAfterMs >= step.timeoutMs) issues.push({ path: `steps.${i}.escalateAfterMs`, message: 'escalation must come before the step times out' });
      }
      for (const [i, rule] of policy.autoApprove.entries()) {
        if (rule.kind === 'memberOf' && !(await deps.directory.getGroup(rule.groupId))) issues.push({ path: `autoApprove.${i}.groupId`, message: `there is no group "${rule.groupId}"` });
      }
      if (issues.length > 0) throw new AccessConfigError(`The access policy "${policy.id}"`, issues);
      await policies.put(policy.id, policy);
      await audit(by, 'access.policy_saved', policy.id);
      return policy;
    },
    getPolicy: policies.get,
    listPolicies: policies.list,

    async putProfile(input: unknown, by: string): Promise<EligibilityProfile> {
      const profile = parseOrThrow(eligibilityProfileSchema, input, 'The eligibility profile');
      const issues: Issue[] = [];
      for (const [i, rule] of profile.rules.entries()) {
        if (rule.kind === 'memberOf' && !(await deps.directory.getGroup(rule.groupId))) issues.push({ path: `rules.${i}.groupId`, message: `there is no group "${rule.groupId}"` });
      }
      if (issues.length > 0) throw new AccessConfigError(`The eligibility profile "${profile.id}"`, issues);
      await profiles.put(profile.id, profile);
      await audit(by, 'access.profile_saved', profile.id);
      return profile;
    },
    getProfile: profiles.get,
    listProfiles: profiles.list,

    /**
     * Creates or replaces a resource. Groups may be given by id or by name; they are stored as ids.
     * @throws {AccessConfigError} with every problem found
     */
    async putResource(input: unknown, by: string): Promise<Resource> {
      const resource = parseOrThrow(resourceSchema, input, 'The resource');
      // Accept group names and app labels (what people know), store ids (what Okta keeps stable).
      const roles: Role[] = [];
      for (const role of resource.roles) roles.push({ ...role, groupId: (await deps.directory.getGroup(role.groupId))?.id ?? role.groupId });
      const appId = resource.appId ? ((await deps.directory.getApp(resource.appId))?.id ?? resource.appId) : null;
      const ownerGroup = resource.owners.groupId ? ((await deps.directory.getGroup(resource.owners.groupId))?.id ?? resource.owners.groupId) : null;
      const normalized: Resource = { ...resource, appId, roles, owners: { ...resource.owners, groupId: ownerGroup } };
      const issues = await checkResource(normalized);
      if (ownerGroup && !(await deps.directory.getGroup(ownerGroup))) issues.push({ path: 'owners.groupId', message: `there is no group "${ownerGroup}"` });
      if (issues.length > 0) throw new AccessConfigError(`The resource "${resource.id}"`, issues);
      await resources.put(normalized.id, normalized);
      await audit(by, 'access.resource_saved', normalized.id, { roles: normalized.roles.map((r) => `${r.id}=${r.groupId}`) });
      return normalized;
    },
    getResource: resources.get,
    listResources: resources.list,

    /** Removes a definition; a policy or profile still used by a resource is refused. */
    async remove(kind: 'policy' | 'profile' | 'resource', id: string, by: string): Promise<void> {
      if (kind !== 'resource') {
        const users = (await resources.list()).filter((r) =>
          kind === 'policy' ? r.policyId === id || r.roles.some((role) => role.policyId === id) : r.eligibility.includes(id),
        );
        if (users.length > 0) throw new AccessConfigError(`The ${kind} "${id}"`, [{ path: 'id', message: `it is used by ${users.map((r) => r.id).join(', ')}; change those first` }]);
      }
      if (!(await { policy: policies, profile: profiles, resource: resources }[kind].remove(id))) throw new AccessNotFoundError(`There is no ${kind} "${id}".`);
      await audit(by, `access.${kind}_removed`, id);
    },

    async roleForGroup(groupId: string): Promise<{ resource: Resource; role: Role } | undefined> {
      for (const resource of await resources.list()) {
        const role = resource.roles.find((r) => r.groupId === groupId);
        if (role) return { resource, role };
      }
      return undefined;
    },

    /**
     * A resource and one of its roles, by id or name (case-insensitive); the only role when none is named.
     * @throws {AccessNotFoundError} naming what exists
     */
    async resolve(resourceIdOrName: string, roleIdOrName?: string | null): Promise<{ resource: Resource; role: Role }> {
      const all = await resources.list();
      const key = resourceIdOrName.trim().toLowerCase();
      const resource = all.find((r) => r.id === key) ?? all.find((r) => r.name.toLowerCase() === key);
      if (!resource) throw new AccessNotFoundError(`There is no requestable resource "${resourceIdOrName}". Requestable: ${all.filter((r) => r.visibility !== 'hidden').map((r) => r.id).join(', ') || 'none yet'}.`);
      if (!roleIdOrName) {
        if (resource.roles.length === 1) return { resource, role: resource.roles[0]! };
        throw new AccessNotFoundError(`${resource.name} has several roles; say which: ${resource.roles.map((r) => `${r.id} (${r.name})`).join(', ')}.`);
      }
      const roleKey = roleIdOrName.trim().toLowerCase();
      const role = resource.roles.find((r) => r.id === roleKey) ?? resource.roles.find((r) => r.name.toLowerCase() === roleKey);
      if (!role) throw new AccessNotFoundError(`${resource.name} has no role "${roleIdOrName}"; its roles are ${resource.roles.map((r) => r.id).join(', ')}.`);
      return { resource, role };
    },

    /** The policy that governs a role (the role's own, else the resource's). */
    async policyFor(resource: Resource, role: Role): Promise<AccessPolicy> {
      const id = role.policyId ?? resource.policyId;
      const policy = await policies.get(id);
      if (!policy) throw new AccessConfigError(`The resource "${resource.id}"`, [{ path: 'policyId', message: `its policy "${id}" no longer exists` }]);
      return policy;
    },
  };
  return catalog satisfies ResourceCatalogPort;
}

export type AccessCatalog = ReturnType<typeof createAccessCatalog>;
