import { z } from 'zod';
import { linkHeaders } from '../http/pagination.ts';
import { noContent, ok, type Answer, type Call, type OktaRoute } from '../http/route.ts';
import { groupJson, roleJson } from '../http/serialize.ts';
import { parseBody } from '../http/validate.ts';
import { addAppTarget, addGroupTarget, assignClientRole, getClientRoleOr404, removeClientRole, removeGroupTarget } from '../state/access.ts';
import { findAppByClientId, getAppOr404 } from '../state/apps.ts';
import { oktaErrors } from '../state/errors.ts';
import { adminRoleTypes, type AdminRoleType, type AppRecord, type GroupRecord, type RoleAssignmentRecord } from '../state/types.ts';

// Ref: https://developer.okta.com/docs/api/openapi/okta-management/management/tag/RoleAssignmentClient/
// Ref: https://developer.okta.com/docs/api/openapi/okta-management/management/tag/RoleBTargetClient/

const roleBodySchema = z.object({
  type: z.string({ message: 'The field cannot be left blank' }).min(1, { message: 'The field cannot be left blank' }),
  role: z.string().optional(),
  'resource-set': z.string().optional(),
});

const isStandardRole = (type: string): type is AdminRoleType => (adminRoleTypes as readonly string[]).includes(type);

/** The service app behind `:clientId`, or 404 E0000007. */
function clientOr404(call: Call): AppRecord {
  const clientId = call.params.clientId as string;
  const app = findAppByClientId(call.ctx.org, clientId);
  if (!app) throw oktaErrors.notFound(clientId, 'OAuth2Client');
  return app;
}

function roleOf(call: Call, action: 'roles.read' | 'roles.manage'): { app: AppRecord; role: RoleAssignmentRecord } {
  call.principal.auth.require(action);
  const app = clientOr404(call);
  return { app, role: getClientRoleOr404(call.ctx.org, app.id, call.params.roleId as string) };
}

function assignRole(call: Call): Answer {
  call.principal.auth.require('roles.manage');
  const app = clientOr404(call);
  const body = parseBody(roleBodySchema, call.body);
  if (body.type === 'CUSTOM') {
    throw oktaErrors.validation('type', ['type: CUSTOM roles (role + resource-set bindings) are not supported by the emulator; assign a standard role type']);
  }
  if (!isStandardRole(body.type)) throw oktaErrors.validation('type', [`type: '${body.type}' is not a role type; use one of ${adminRoleTypes.join(', ')}`]);
  const role = assignClientRole(call.ctx.org, app, body.type, call.change);
  return ok(roleJson(call.origin, role));
}

function groupTargets(call: Call): Answer {
  const { org } = call.ctx;
  const { role } = roleOf(call, 'roles.read');
  const groups = role.groupTargets.map((id) => org.groups.get(id)).filter((g): g is GroupRecord => g !== undefined);
  return ok(
    groups.map((g) => groupJson(call.origin, org, g)),
    200,
    { link: linkHeaders(call.origin, call.path, call.query, undefined) },
  );
}

/** Role assignments of a client (service app), and their group and app targets (reference §4.3). */
export const clientRoleRoutes: readonly OktaRoute[] = [
  {
    method: 'GET',
    url: '/oauth2/v1/clients/:clientId/roles',
    scope: 'okta.roles.read',
    handler: (call) => {
      call.principal.auth.require('roles.read');
      const app = clientOr404(call);
      return ok((call.ctx.org.roles.get(app.id) ?? []).map((r) => roleJson(call.origin, r)));
    },
  },
  { method: 'POST', url: '/oauth2/v1/clients/:clientId/roles', scope: 'okta.roles.manage', handler: assignRole },
  {
    method: 'GET',
    url: '/oauth2/v1/clients/:clientId/roles/:roleId',
    scope: 'okta.roles.read',
    handler: (call) => ok(roleJson(call.origin, roleOf(call, 'roles.read').role)),
  },
  {
    method: 'DELETE',
    url: '/oauth2/v1/clients/:clientId/roles/:roleId',
    scope: 'okta.roles.manage',
    handler: (call) => {
      const { app, role } = roleOf(call, 'roles.manage');
      removeClientRole(call.ctx.org, app, role.id, call.change);
      return noContent();
    },
  },
  { method: 'GET', url: '/oauth2/v1/clients/:clientId/roles/:roleId/targets/groups', scope: 'okta.roles.read', handler: groupTargets },
  {
    method: 'PUT',
    url: '/oauth2/v1/clients/:clientId/roles/:roleId/targets/groups/:groupId',
    scope: 'okta.roles.manage',
    handler: (call) => {
      addGroupTarget(call.ctx.org, roleOf(call, 'roles.manage').role, call.params.groupId as string);
      return noContent();
    },
  },
  {
    method: 'DELETE',
    url: '/oauth2/v1/clients/:clientId/roles/:roleId/targets/groups/:groupId',
    scope: 'okta.roles.manage',
    handler: (call) => {
      removeGroupTarget(call.ctx.org, roleOf(call, 'roles.manage').role, call.params.groupId as string);
      return noContent();
    },
  },
  {
    method: 'PUT',
    url: '/oauth2/v1/clients/:clientId/roles/:roleId/targets/catalog/apps/:appName/:appId',
    scope: 'okta.roles.manage',
    handler: (call) => {
      const { role } = roleOf(call, 'roles.manage');
      const target = getAppOr404(call.ctx.org, call.params.appId as string);
      if (target.name !== call.params.appName) throw oktaErrors.notFound(`${call.params.appName as string}/${target.id}`, 'AppInstance');
      addAppTarget(call.ctx.org, role, target.id);
      return noContent();
    },
  },
];
