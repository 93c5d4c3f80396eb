import { compileExpression, type CompiledExpression } from './expression.ts';
import { OktaError, oktaErrors } from './errors.ts';
import { MANUAL, type MembershipSources, type Org } from './org.ts';
import { groupTarget, logEvent, systemActor, userTarget, type ChangeContext } from './system-log.ts';
import type { GroupRecord, GroupRuleRecord, GroupType, UserRecord } from './types.ts';

/** Finds a group or throws 404 E0000007. */
export function getGroupOr404(org: Org, id: string): GroupRecord {
  const group = org.groups.get(id);
  if (!group) throw oktaErrors.notFound(id, 'UserGroup');
  return group;
}

/** Creates a group of any type (the API only creates OKTA_GROUPs; seeding makes the others). */
export function createGroup(
  org: Org,
  input: { name: string; description?: string | null; type?: GroupType; sourceAppId?: string | null; extra?: Record<string, unknown> },
  ctx: ChangeContext | null,
): GroupRecord {
  const type = input.type ?? 'OKTA_GROUP';
  if (type === 'OKTA_GROUP') assertUniqueName(org, input.name, null);
  const now = org.now();
  const group: GroupRecord = {
    id: org.ids.next('group'),
    type,
    created: now,
    lastUpdated: now,
    lastMembershipUpdated: now,
    profile: { ...(input.extra ?? {}), name: input.name, description: input.description ?? null },
    sourceAppId: input.sourceAppId ?? null,
  };
  org.groups.set(group.id, group);
  org.groupOrder.add(group.id);
  org.members.set(group.id, new Map());
  if (type === 'BUILT_IN' && input.name === 'Everyone') {
    org.everyoneGroupId = group.id;
    for (const userId of org.userOrder.all()) addMembership(org, group, userId, 'manual');
  }
  logEvent(org, ctx, { eventType: 'group.lifecycle.create', displayMessage: 'Create Okta group', legacyEventType: 'core.user_group.created', targets: [groupTarget(group)] });
  return group;
}

function assertUniqueName(org: Org, name: string, exceptId: string | null): void {
  for (const g of org.groups.values()) {
    if (g.id !== exceptId && g.type === 'OKTA_GROUP' && g.profile.name === name) {
      throw oktaErrors.validation('name', ['name: An object with this field already exists in the current organization']);
    }
  }
}

/** Replaces a group's profile (OKTA_GROUP only). */
export function replaceGroupProfile(org: Org, group: GroupRecord, profile: { name: string; description?: string | null } & Record<string, unknown>, ctx: ChangeContext | null): void {
  if (group.type !== 'OKTA_GROUP') throw oktaErrors.forbidden();
  assertUniqueName(org, profile.name, group.id);
  group.profile = { ...profile, name: profile.name, description: profile.description ?? null };
  group.lastUpdated = org.now();
  logEvent(org, ctx, { eventType: 'group.profile.update', displayMessage: 'Update Okta group profile', legacyEventType: 'core.user_group.profile_updated', targets: [groupTarget(group)] });
}

/** Deletes a group and everything that hangs off it (memberships, app assignments, rule actions). */
export function deleteGroup(org: Org, group: GroupRecord, ctx: ChangeContext | null): void {
  if (group.type === 'BUILT_IN') throw oktaErrors.forbidden();
  for (const userId of org.members.get(group.id)?.keys() ?? []) org.userGroups.get(userId)?.delete(group.id);
  org.members.delete(group.id);
  for (const appId of org.groupApps.get(group.id) ?? []) org.appGroups.get(appId)?.delete(group.id);
  org.groupApps.delete(group.id);
  for (const rule of org.rules.values()) {
    if (rule.groupIds.includes(group.id)) {
      rule.groupIds = rule.groupIds.filter((id) => id !== group.id);
      if (rule.groupIds.length === 0) rule.status = 'INVALID';
    }
  }
  org.groups.delete(group.id);
  org.groupOrder.remove(group.id);
  org.revision++;
  logEvent(org, ctx, { eventType: 'group.lifecycle.delete', displayMessage: 'Delete Okta group', legacyEventType: 'core.user_group.deleted', targets: [groupTarget(group)] });
}

/** Adds a membership source; returns true when the user was not a member before. */
function addMembership(org: Org, group: GroupRecord, userId: string, source: string): boolean {
  const members = org.members.get(group.id) as Map<string, MembershipSources>;
  const current = members.get(userId);
  if (current?.has(source)) return false;
  members.set(userId, current === undefined && source === 'manual' ? MANUAL : new Set([...(current ?? []), source]));
  let groups = org.userGroups.get(userId);
  if (!groups) org.userGroups.set(userId, (groups = new Set()));
  groups.add(group.id);
  group.lastMembershipUpdated = org.now();
  org.revision++;
  return current === undefined;
}

/** Removes a membership source; returns true when the user is no longer a member. */
function removeMembership(org: Org, group: GroupRecord, userId: string, source: string | 'all'): boolean {
  const members = org.members.get(group.id);
  const current = members?.get(userId);
  if (!members || !current) return false;
  const rest = source === 'all' ? [] : [...current].filter((s) => s !== source);
  if (rest.length > 0) {
    members.set(userId, new Set(rest));
    return false;
  }
  members.delete(userId);
  org.userGroups.get(userId)?.delete(group.id);
  group.lastMembershipUpdated = org.now();
  org.revision++;
  return true;
}

/** Adds a user to an OKTA_GROUP by hand (PUT /groups/{id}/users/{userId}); idempotent. */
export function addMember(org: Org, group: GroupRecord, user: UserRecord, ctx: ChangeContext | null): void {
  if (group.type !== 'OKTA_GROUP') throw oktaErrors.forbidden();
  if (addMembership(org, group, user.id, 'manual')) logMembership(org, ctx, 'add', group, user);
}

/** Removes a user from an OKTA_GROUP (DELETE /groups/{id}/users/{userId}); idempotent. */
export function removeMember(org: Org, group: GroupRecord, user: UserRecord, ctx: ChangeContext | null): void {
  if (group.type !== 'OKTA_GROUP') throw oktaErrors.forbidden();
  if (removeMembership(org, group, user.id, 'all')) logMembership(org, ctx, 'remove', group, user);
}

function logMembership(org: Org, ctx: ChangeContext | null, change: 'add' | 'remove', group: GroupRecord, user: UserRecord, bySystem = false): void {
  logEvent(org, ctx, {
    eventType: `group.user_membership.${change}`,
    displayMessage: change === 'add' ? 'Add user to group membership' : 'Remove user from group membership',
    legacyEventType: change === 'add' ? 'core.user_group_member.user_add' : 'core.user_group_member.user_remove',
    targets: [userTarget(user), groupTarget(group)],
    ...(bySystem ? { actor: systemActor } : {}),
  });
}

/** Adds a user to groups where the org does it by itself (Everyone, seeding, groupIds on create). */
export function addSystemMembership(org: Org, group: GroupRecord, user: UserRecord, ctx: ChangeContext | null): void {
  if (addMembership(org, group, user.id, 'manual')) logMembership(org, ctx, 'add', group, user);
}

/** Removes a user from every group (the second DELETE of a user). */
export function dropAllMemberships(org: Org, user: UserRecord): void {
  for (const groupId of [...(org.userGroups.get(user.id) ?? [])]) {
    const group = org.groups.get(groupId);
    if (group) removeMembership(org, group, user.id, 'all');
  }
  org.userGroups.delete(user.id);
}

// ---- group rules -------------------------------------------------------------------------

const compiled = new WeakMap<GroupRuleRecord, { text: string; fn: CompiledExpression }>();

function ruleMatcher(rule: GroupRuleRecord): CompiledExpression {
  const hit = compiled.get(rule);
  if (hit && hit.text === rule.expression) return hit.fn;
  const fn = compileExpression(rule.expression);
  compiled.set(rule, { text: rule.expression, fn });
  return fn;
}

/** Whether a rule applies to a user now. Rules skip DEPROVISIONED users and excluded ones. */
function ruleMatches(org: Org, rule: GroupRuleRecord, user: UserRecord): boolean {
  if (user.status === 'DEPROVISIONED' || rule.excludeUserIds.includes(user.id)) return false;
  return ruleMatcher(rule)({ profile: user.profile, groupIds: org.userGroups.get(user.id) ?? new Set() });
}

/** Re-evaluates every ACTIVE rule for one user (after create or a profile change), adding and removing rule memberships. */
export function applyRulesToUser(org: Org, user: UserRecord, ctx: ChangeContext | null): void {
  for (const rule of org.rules.values()) {
    if (rule.status === 'ACTIVE') applyRule(org, rule, user, ctx);
  }
}

function applyRule(org: Org, rule: GroupRuleRecord, user: UserRecord, ctx: ChangeContext | null): void {
  const matches = ruleMatches(org, rule, user);
  for (const groupId of rule.groupIds) {
    const group = org.groups.get(groupId);
    if (!group) continue;
    const has = org.members.get(groupId)?.get(user.id)?.has(rule.id) === true;
    if (matches && !has) {
      if (addMembership(org, group, user.id, rule.id)) logMembership(org, ctx, 'add', group, user, true);
    } else if (!matches && has) {
      if (removeMembership(org, group, user.id, rule.id)) logMembership(org, ctx, 'remove', group, user, true);
    }
  }
}

/** Validates a rule expression, answering Okta's 400 when it does not parse. */
export function assertValidExpression(expression: string): void {
  try {
    compileExpression(expression);
  } catch (error) {
    throw oktaErrors.validation('conditions.expression.value', [`conditions.expression.value: Invalid expression: ${(error as Error).message}`]);
  }
}

/** Creates a rule, INACTIVE as Okta does. */
export function createRule(org: Org, input: Omit<GroupRuleRecord, 'id' | 'status' | 'created' | 'lastUpdated'>, ctx: ChangeContext | null): GroupRuleRecord {
  assertValidExpression(input.expression);
  assertRuleTargets(org, input.groupIds);
  const now = org.now();
  const rule: GroupRuleRecord = { ...input, id: org.ids.next('groupRule'), status: 'INACTIVE', created: now, lastUpdated: now };
  org.rules.set(rule.id, rule);
  org.ruleOrder.add(rule.id);
  logEvent(org, ctx, { eventType: 'group.rule.create', displayMessage: 'Create group rule', targets: [ruleTarget(rule)] });
  return rule;
}

function assertRuleTargets(org: Org, groupIds: string[]): void {
  if (groupIds.length === 0) throw oktaErrors.validation('actions.assignUserToGroups.groupIds', ['actions.assignUserToGroups.groupIds: must name at least one group']);
  for (const id of groupIds) {
    const group = org.groups.get(id);
    if (!group) throw oktaErrors.validation('actions.assignUserToGroups.groupIds', [`actions.assignUserToGroups.groupIds: group ${id} does not exist`]);
    if (group.type !== 'OKTA_GROUP') throw new OktaError(400, 'E0000001', 'Api validation failed: actions.assignUserToGroups.groupIds', [`Group rules can only assign users to OKTA_GROUP groups; ${id} is ${group.type}`]);
  }
}

/** Replaces an INACTIVE rule's name, expression and actions. */
export function replaceRule(org: Org, rule: GroupRuleRecord, input: Omit<GroupRuleRecord, 'id' | 'status' | 'created' | 'lastUpdated'>, ctx: ChangeContext | null): void {
  if (rule.status === 'ACTIVE') throw oktaErrors.validation('status', ['status: Cannot update an active group rule; deactivate it first']);
  assertValidExpression(input.expression);
  assertRuleTargets(org, input.groupIds);
  Object.assign(rule, input, { lastUpdated: org.now() });
  logEvent(org, ctx, { eventType: 'group.rule.update', displayMessage: 'Update group rule', targets: [ruleTarget(rule)] });
}

/** Activates a rule and applies it to every user. */
export function activateRule(org: Org, rule: GroupRuleRecord, ctx: ChangeContext | null): void {
  if (rule.status === 'INVALID') throw oktaErrors.validation('status', ['status: An invalid rule cannot be activated']);
  if (rule.status === 'ACTIVE') return;
  rule.status = 'ACTIVE';
  rule.lastUpdated = org.now();
  logEvent(org, ctx, { eventType: 'group.rule.activate', displayMessage: 'Activate group rule', targets: [ruleTarget(rule)] });
  for (const userId of org.userOrder.all()) applyRule(org, rule, org.users.get(userId) as UserRecord, ctx);
}

/** Deactivates a rule; the memberships it made stay (as Okta leaves them). */
export function deactivateRule(org: Org, rule: GroupRuleRecord, ctx: ChangeContext | null): void {
  if (rule.status !== 'ACTIVE') return;
  rule.status = 'INACTIVE';
  rule.lastUpdated = org.now();
  // The memberships stay marked as the rule's (an INACTIVE rule is not re-applied, so they stay put):
  // `DELETE …?removeUsers=true` must still find them, and a re-activation re-evaluates them.
  logEvent(org, ctx, { eventType: 'group.rule.deactivate', displayMessage: 'Deactivate group rule', targets: [ruleTarget(rule)] });
}

/** Deletes a rule; with `removeUsers` the memberships it made go too. */
export function deleteRule(org: Org, rule: GroupRuleRecord, removeUsers: boolean, ctx: ChangeContext | null): void {
  if (rule.status === 'ACTIVE') throw oktaErrors.validation('status', ['status: Cannot delete an active group rule; deactivate it first']);
  for (const groupId of rule.groupIds) {
    const group = org.groups.get(groupId);
    const members = org.members.get(groupId);
    if (!group || !members) continue;
    for (const [userId, sources] of [...members]) {
      if (!sources.has(rule.id)) continue;
      // removeUsers takes away what the rule added (a manual membership stays); otherwise the
      // rule's memberships become plain ones, so no membership names a rule that no longer exists.
      if (removeUsers) {
        const user = org.users.get(userId);
        if (removeMembership(org, group, userId, rule.id) && user) logMembership(org, ctx, 'remove', group, user, true);
      } else {
        members.set(userId, new Set([...sources].map((s) => (s === rule.id ? 'manual' : s))));
      }
    }
  }
  org.rules.delete(rule.id);
  org.ruleOrder.remove(rule.id);
  logEvent(org, ctx, { eventType: 'group.rule.delete', displayMessage: 'Delete group rule', targets: [ruleTarget(rule)] });
}

function ruleTarget(rule: GroupRuleRecord) {
  return { id: rule.id, type: 'GroupRule', alternateId: rule.name, displayName: rule.name, detailEntry: null };
}
