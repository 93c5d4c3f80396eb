import { z } from 'zod';
import { groupFilterRules, groupSearchRules } from '../query/index.ts';
import { cursorStart, linkHeaders, pageOf, readLimit } from '../http/pagination.ts';
import { noContent, ok, type Answer, type Call, type OktaRoute } from '../http/route.ts';
import { groupJson, ruleJson, userListJson } from '../http/serialize.ts';
import { boolParam, parseBody } from '../http/validate.ts';
import { oktaErrors } from '../state/errors.ts';
import {
  activateRule,
  addMember,
  createGroup,
  createRule,
  deactivateRule,
  deleteGroup,
  deleteRule,
  getGroupOr404,
  removeMember,
  replaceGroupProfile,
  replaceRule,
} from '../state/groups.ts';
import type { GroupRecord, GroupRuleRecord, UserRecord } from '../state/types.ts';
import { findUserOr404 } from '../state/users.ts';
import { groupAttribute } from './internal/attributes.ts';
import { compareValues, compileQuery, readSortOrder } from './internal/query.ts';

// Ref: https://developer.okta.com/docs/api/openapi/okta-management/management/tag/Group/

const groupProfileSchema = z
  .object({
    name: z.string({ message: 'The field cannot be left blank' }).trim().min(1, { message: 'The field cannot be left blank' }).max(255),
    description: z.string().max(1024).nullable().optional(),
  })
  .catchall(z.unknown());
const groupBodySchema = z.object({ profile: groupProfileSchema });

const ruleBodySchema = z.object({
  type: z.literal('group_rule').optional(),
  name: z.string().min(1).max(50),
  conditions: z.object({
    people: z
      .object({
        users: z.object({ exclude: z.array(z.string()).default([]) }).optional(),
        groups: z.object({ exclude: z.array(z.string()).default([]) }).optional(),
      })
      .optional(),
    expression: z.object({ value: z.string().min(1), type: z.literal('urn:okta:expression:1.0').optional() }),
  }),
  actions: z.object({ assignUserToGroups: z.object({ groupIds: z.array(z.string()) }) }),
});

function getGroup(call: Call, action: 'groups.read' | 'groups.manage' | 'groups.members' = 'groups.read'): GroupRecord {
  const group = getGroupOr404(call.ctx.org, call.params.groupId as string);
  call.principal.auth.require(action, { group });
  return group;
}

function listGroups(call: Call): Answer {
  const { org } = call.ctx;
  const auth = call.principal.auth;
  auth.require('groups.read');
  const { q, filter, search } = call.query;
  const stats = call.query.expand === 'stats';
  const render = (g: GroupRecord) => groupJson(call.origin, org, g, { stats });
  const visible = (g: GroupRecord) => auth.seesGroup(g);
  if (q !== undefined && q !== '') {
    // q: starts-with on the name; not pageable; "the default limit for a query is 300 results" (SPEC listGroups).
    const limit = readLimit(call.query.limit, { default: 300, max: 10000 });
    const needle = q.toLowerCase();
    const out: unknown[] = [];
    for (const id of org.groupOrder.all()) {
      const g = org.groups.get(id) as GroupRecord;
      if (g.profile.name.toLowerCase().startsWith(needle) && visible(g)) out.push(render(g));
      if (out.length >= limit) break;
    }
    return ok(out, 200, { link: linkHeaders(call.origin, call.path, call.query, undefined) });
  }
  const limit = readLimit(call.query.limit, { default: 10000, max: 10000 });
  let hits: GroupRecord[] = [];
  const match =
    search !== undefined && search !== ''
      ? compileQuery(search, groupSearchRules, groupAttribute, true)
      : filter !== undefined && filter !== ''
        ? compileQuery(filter, groupFilterRules, groupAttribute, false)
        : () => true;
  for (const id of org.groupOrder.all()) {
    const g = org.groups.get(id) as GroupRecord;
    if (match(g) && visible(g)) hits.push(g);
  }
  const sortBy = call.query.sortBy;
  const order = readSortOrder(call.query.sortOrder);
  if (sortBy) hits = hits.sort((a, b) => order * compareValues(groupAttribute(a, sortBy), groupAttribute(b, sortBy)) || (a.id < b.id ? -1 : 1));
  else if (order === -1) hits.reverse();
  const start = cursorStart(hits, call.query.after, (g) => g.id, !sortBy && order === 1);
  const { page, next } = pageOf(hits, start, limit, (g) => g.id);
  return ok(page.map(render), 200, { link: linkHeaders(call.origin, call.path, call.query, next) });
}

const memberCache = new WeakMap<GroupRecord, { revision: number; ids: string[] }>();

/** A group's member ids in id order, cached until the org's next membership change. */
function sortedMembers(call: Call, group: GroupRecord): string[] {
  const { org } = call.ctx;
  const hit = memberCache.get(group);
  if (hit && hit.revision === org.revision) return hit.ids;
  const ids = [...(org.members.get(group.id)?.keys() ?? [])].sort();
  memberCache.set(group, { revision: org.revision, ids });
  return ids;
}

function lowerBound(ids: readonly string[], after: string): number {
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((ids[mid] as string) <= after) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function listMembers(call: Call): Answer {
  const { org } = call.ctx;
  const group = getGroup(call);
  const limit = readLimit(call.query.limit, { default: 1000, max: 10000 });
  const ids = sortedMembers(call, group);
  const after = call.query.after;
  const start = after ? lowerBound(ids, after) : 0;
  const { page, next } = pageOf(ids, start, limit, (id) => id);
  const users = page.map((id) => org.users.get(id)).filter((u): u is UserRecord => u !== undefined);
  return ok(userListJson(call.origin, org, users), 200, { link: linkHeaders(call.origin, call.path, call.query, next) });
}

function membership(call: Call, add: boolean): Answer {
  const { org } = call.ctx;
  const group = getGroupOr404(org, call.params.groupId as string);
  const user = findUserOr404(org, call.params.userId as string);
  call.principal.auth.require('groups.members', { group });
  if (add) addMember(org, group, user, call.change);
  else removeMember(org, group, user, call.change);
  return noContent();
}

function readRule(body: z.infer<typeof ruleBodySchema>): Omit<GroupRuleRecord, 'id' | 'status' | 'created' | 'lastUpdated'> {
  return {
    name: body.name,
    expression: body.conditions.expression.value,
    groupIds: body.actions.assignUserToGroups.groupIds,
    excludeUserIds: body.conditions.people?.users?.exclude ?? [],
  };
}

function getRule(call: Call): GroupRuleRecord {
  const rule = call.ctx.org.rules.get(call.params.ruleId as string);
  if (!rule) throw oktaErrors.notFound(call.params.ruleId as string, 'GroupRule');
  return rule;
}

function ruleAnswer(call: Call, rule: GroupRuleRecord): Record<string, unknown> {
  if (call.query.expand !== 'groupIdToGroupNameMap') return ruleJson(rule);
  const names: Record<string, string> = {};
  for (const id of rule.groupIds) names[id] = call.ctx.org.groups.get(id)?.profile.name ?? '';
  return ruleJson(rule, names);
}

function listRules(call: Call): Answer {
  const { org } = call.ctx;
  call.principal.auth.require('groups.read');
  const limit = readLimit(call.query.limit, { default: 50, max: 200 });
  const needle = call.query.search?.toLowerCase();
  const rules = org.ruleOrder
    .all()
    .map((id) => org.rules.get(id) as GroupRuleRecord)
    .filter((r) => !needle || r.name.toLowerCase().includes(needle));
  const start = cursorStart(rules, call.query.after, (r) => r.id, true);
  const { page, next } = pageOf(rules, start, limit, (r) => r.id);
  return ok(page.map((r) => ruleAnswer(call, r)), 200, { link: linkHeaders(call.origin, call.path, call.query, next) });
}

/** The Groups API and group rules (reference §2.3). */
export const groupRoutes: readonly OktaRoute[] = [
  { method: 'GET', url: '/api/v1/groups', scope: 'okta.groups.read', handler: listGroups },
  {
    method: 'POST',
    url: '/api/v1/groups',
    scope: 'okta.groups.manage',
    handler: (call) => {
      call.principal.auth.require('groups.manage');
      const body = parseBody(groupBodySchema, call.body, { profileFields: true });
      const { name, description, ...extra } = body.profile;
      const group = createGroup(call.ctx.org, { name, description: description ?? null, extra }, call.change);
      return ok(groupJson(call.origin, call.ctx.org, group));
    },
  },
  // Rules come before /groups/:groupId so "rules" is never read as a group id.
  { method: 'GET', url: '/api/v1/groups/rules', scope: 'okta.groups.read', handler: listRules },
  {
    method: 'POST',
    url: '/api/v1/groups/rules',
    scope: 'okta.groups.manage',
    handler: (call) => {
      call.principal.auth.require('groups.rules');
      const rule = createRule(call.ctx.org, readRule(parseBody(ruleBodySchema, call.body)), call.change);
      return ok(ruleJson(rule));
    },
  },
  {
    method: 'GET',
    url: '/api/v1/groups/rules/:ruleId',
    scope: 'okta.groups.read',
    handler: (call) => {
      call.principal.auth.require('groups.read');
      return ok(ruleAnswer(call, getRule(call)));
    },
  },
  {
    method: 'PUT',
    url: '/api/v1/groups/rules/:ruleId',
    scope: 'okta.groups.manage',
    handler: (call) => {
      call.principal.auth.require('groups.rules');
      const rule = getRule(call);
      replaceRule(call.ctx.org, rule, readRule(parseBody(ruleBodySchema, call.body)), call.change);
      return ok(ruleJson(rule));
    },
  },
  {
    method: 'DELETE',
    url: '/api/v1/groups/rules/:ruleId',
    scope: 'okta.groups.manage',
    handler: (call) => {
      call.principal.auth.require('groups.rules');
      deleteRule(call.ctx.org, getRule(call), boolParam(call.query.removeUsers, 'removeUsers', false), call.change);
      return { status: 202 };
    },
  },
  {
    method: 'POST',
    url: '/api/v1/groups/rules/:ruleId/lifecycle/:op',
    scope: 'okta.groups.manage',
    handler: (call) => {
      call.principal.auth.require('groups.rules');
      const rule = getRule(call);
      if (call.params.op === 'activate') activateRule(call.ctx.org, rule, call.change);
      else if (call.params.op === 'deactivate') deactivateRule(call.ctx.org, rule, call.change);
      else throw oktaErrors.noSuchPath();
      return noContent();
    },
  },
  {
    method: 'GET',
    url: '/api/v1/groups/:groupId',
    scope: 'okta.groups.read',
    handler: (call) => ok(groupJson(call.origin, call.ctx.org, getGroup(call), { stats: call.query.expand === 'stats' })),
  },
  {
    method: 'PUT',
    url: '/api/v1/groups/:groupId',
    scope: 'okta.groups.manage',
    handler: (call) => {
      const group = getGroup(call, 'groups.manage');
      const body = parseBody(groupBodySchema, call.body, { profileFields: true });
      replaceGroupProfile(call.ctx.org, group, body.profile, call.change);
      return ok(groupJson(call.origin, call.ctx.org, group));
    },
  },
  {
    method: 'DELETE',
    url: '/api/v1/groups/:groupId',
    scope: 'okta.groups.manage',
    handler: (call) => {
      deleteGroup(call.ctx.org, getGroup(call, 'groups.manage'), call.change);
      return noContent();
    },
  },
  { method: 'GET', url: '/api/v1/groups/:groupId/users', scope: 'okta.groups.read', handler: listMembers },
  { method: 'PUT', url: '/api/v1/groups/:groupId/users/:userId', scope: 'okta.groups.manage', handler: (call) => membership(call, true) },
  { method: 'DELETE', url: '/api/v1/groups/:groupId/users/:userId', scope: 'okta.groups.manage', handler: (call) => membership(call, false) },
];
