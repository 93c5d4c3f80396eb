/**
 * Revoking a reviewed item in Okta, path by path: a direct group membership is removed, a direct app
 * assignment unassigned, a time-bound grant ended through the grants service, and access through a
 * group assigned to an app ends by removing that group's membership (which also ends whatever else
 * the group grants — the step says so). A read-only group (rule-based, BUILT_IN, APP_GROUP) is never
 * changed: the step is refused and marked "needs a change in Okta". Okta's 404 on a removal counts as
 * done (someone removed it first), so retrying a revocation is safe.
 */
import type { Clock } from '../../common/clock.ts';
import { GatehouseError } from '../../common/errors.ts';
import { OktaApiError, type OktaClient } from '../../okta/index.ts';
import type { DirectoryWriter } from '../directory/reader.ts';
import type { GrantsPort } from '../model.ts';
import { ReviewReadOnlyError } from './errors.ts';
import type { AccessPath, ChangeStep, ItemChange, ReviewItem } from './model.ts';

/** Captures the Okta request ids of the calls `fn` makes (src/workflows/internal/request-ids.ts's recorder fits). */
export interface RequestIdCapture {
  capture<T>(fn: () => Promise<T>): Promise<{ result: T; requestIds: string[] }>;
}

/** What revoking needs. */
export interface RevokeDeps {
  okta: () => OktaClient;
  grants: GrantsPort;
  clock: Clock;
  requestIds?: RequestIdCapture;
  /** Updates the mirror right away (a sync would catch up anyway). */
  directoryWriter?: DirectoryWriter;
}

const errorOf = (error: unknown) => ({
  code: error instanceof GatehouseError ? error.code : 'INTERNAL',
  message: error instanceof Error ? error.message : String(error),
});

/** Revokes every path of `item`; never throws for a failed path (the change records it). */
export async function revokeItem(deps: RevokeDeps, item: ReviewItem, input: { by: string; reason: string }): Promise<ItemChange> {
  const capture = async (fn: () => Promise<unknown>) => (deps.requestIds ? (await deps.requestIds.capture(fn)).requestIds : (await fn(), []));
  const steps: ChangeStep[] = [];
  for (const path of item.how) steps.push(await revokePath(deps, item, path, input, capture));
  const refused = steps.filter((s) => s.needsOktaChange);
  const failed = steps.filter((s) => !s.ok && !s.needsOktaChange);
  const done = steps.filter((s) => s.ok);
  const action: ItemChange['action'] = failed.length > 0 ? 'failed' : refused.length === 0 ? 'revoked' : done.length > 0 ? 'partially_revoked' : 'needs_okta_change';
  const firstError = [...failed, ...refused][0]?.error ?? null;
  return { action, at: deps.clock.now(), steps, oktaRequestIds: steps.flatMap((s) => s.oktaRequestIds), error: firstError };
}

async function revokePath(
  deps: RevokeDeps,
  item: ReviewItem,
  path: AccessPath,
  input: { by: string; reason: string },
  capture: (fn: () => Promise<unknown>) => Promise<string[]>,
): Promise<ChangeStep> {
  const base = { path, needsOktaChange: false, oktaRequestIds: [] as string[], error: null, detail: '' };
  const refuse = (groupId: string, groupName: string): ChangeStep => {
    const error = new ReviewReadOnlyError(
      `Gatehouse will not remove ${item.login} from "${groupName}" (${groupId}): the group is rule-based, BUILT_IN or imported from an app. Change the group rule or the source app in Okta.`,
    );
    return { ...base, action: 'none', target: groupId, ok: false, needsOktaChange: true, error: errorOf(error), detail: 'needs a change in Okta' };
  };
  const attempt = async (action: string, target: string, fn: () => Promise<unknown>, detail = ''): Promise<ChangeStep> => {
    let ids: string[] = [];
    try {
      ids = await capture(fn);
      return { ...base, action, target, ok: true, oktaRequestIds: ids, detail };
    } catch (error) {
      if (error instanceof OktaApiError && error.status === 404) {
        return { ...base, action, target, ok: true, oktaRequestIds: ids, detail: `${detail ? `${detail}; ` : ''}already gone in Okta (404)` };
      }
      return { ...base, action, target, ok: false, oktaRequestIds: ids, error: errorOf(error), detail };
    }
  };
  const removeMembership = async (groupId: string, detail = '') => {
    const step = await attempt('okta.group.member_removed', groupId, () => deps.okta().groups.removeMember(groupId, item.userId), detail);
    if (step.ok) await deps.directoryWriter?.setMembership(groupId, item.userId, false, deps.clock.now());
    return step;
  };

  if (path.kind === 'grant') {
    return attempt('access.grant_revoked', path.requestId, () => deps.grants.revoke(path.requestId, input), `time-bound grant of group ${path.groupId}`);
  }
  if (path.kind === 'group') {
    if (path.readOnly) return refuse(path.groupId, path.groupName);
    return removeMembership(path.groupId, `access to ${item.resource.name} came through group "${path.groupName}"; removing the membership also ends what else that group grants`);
  }
  if (item.resource.kind === 'group') {
    if (item.resource.readOnly) return refuse(item.resource.id, item.resource.name);
    return removeMembership(item.resource.id);
  }
  return attempt('okta.app.user_unassigned', item.resource.id, () => deps.okta().apps.unassignUser(item.resource.id, item.userId));
}
