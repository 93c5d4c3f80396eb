/**
 * Access requests and grants: request → eligibility → approvals (durable waits in the engine, with
 * reminders and escalation) → provisioning (the Okta group, or a workflow) → an active grant with an
 * end time → revoked at its end time (a durable timer: also across restarts) → everyone told.
 * Extend (through the same policy), shorten, cancel, revoke, request on someone's behalf. Every
 * refusal names its rule; every transition is in the request's history and the audit log.
 *
 * The request document is the source of truth of a request's state and is changed only with
 * compare-and-set; its engine run (./request-run.ts) carries it through time.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../common/clock.ts';
import { formatDuration } from '../common/duration.ts';
import type { EngineWorkflow, Json } from '../engine/contract.ts';
import { OktaApiError, type OktaClient } from '../okta/index.ts';
import type { ApprovalRecord, ApprovalRepository, Approvals } from '../workflows/approvals.ts';
import type { RequestIdRecorder } from '../workflows/internal/request-ids.ts';
import type { Notifier } from '../workflows/runtime.ts';
import { ownersOf } from './approvers.ts';
import type { AccessCatalog } from './catalog.ts';
import type { DirectoryReader, DirectoryWriter, DirUser } from './directory/reader.ts';
import { AccessDeniedByPolicyError, AccessNotFoundError, AccessRequestConflictError } from './errors.ts';
import { documents, type AccessStorePort } from './internal/documents.ts';
import { accessRequestSchema, finalRequestStatuses, type AccessRequest, type ActiveGrant, type GrantsPort, type RequestStatus } from './model.ts';
import { createRequestChecks } from './request-checks.ts';
import { createRequestWorkflows, type RequestOps } from './request-run.ts';

/** Appends to the audit log and publishes the Gatehouse event (the workflow runtime's `publish`). */
export type Publish = (actor: string, action: string, target: string | null, data: Record<string, Json>) => Promise<void>;

export interface AccessRequestDeps {
  store: AccessStorePort;
  directory: DirectoryReader & DirectoryWriter;
  catalog: AccessCatalog;
  engine: {
    start(args: { workflowId: string; input: Json; idempotencyKey?: string; meta?: Record<string, Json> }): Promise<string>;
    signal(key: string, payload: Json): Promise<number>;
    cancel(runId: string, reason?: string, by?: string): Promise<boolean>;
    getRun(runId: string): Promise<{ status: string; error: { message: string } | null } | undefined>;
  };
  approvals: Approvals;
  approvalRepository: ApprovalRepository;
  okta: () => OktaClient;
  requestIds?: RequestIdRecorder;
  /** Starts an installed workflow (for roles provisioned by a workflow); returns the run id. */
  startWorkflow?: (workflowId: string, input: Record<string, Json>, options: { startedBy: string; idempotencyKey: string }) => Promise<string>;
  clock: Clock;
  notifier: Notifier;
  publish: Publish;
  /** Gatehouse admins (they may act on any request). The local admin token acts as `admin`. */
  isAdmin?: (login: string) => boolean;
}

/** What `request` takes. */
export interface NewAccessRequest {
  by: string;
  resource: string;
  role?: string | null;
  /** Defaults to `by`. */
  forUser?: string | null;
  /** Requested duration in ms; null asks for indefinite access; undefined takes the policy's default. */
  durationMs?: number | null;
  justification?: string | null;
}

export const accessRequestWorkflowId = 'access-request';
export const accessExtensionWorkflowId = 'access-extension';
const namespace = 'access.requests';
const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
/** The signal a request's run waits on while the grant is active (extend, shorten, revoke). */
export const grantSignalKey = (requestId: string) => `access:${requestId}`;

/** Creates the service. Register `workflows` with the engine (see `resolve`). */
export function createAccessRequests(deps: AccessRequestDeps) {
  const requests = documents(deps.store, namespace, accessRequestSchema);
  const isAdmin = (login: string) => login === 'admin' || (deps.isAdmin?.(login) ?? false);
  const now = () => deps.clock.now();
  const checks = createRequestChecks({ directory: deps.directory, catalog: deps.catalog, isAdmin });

  async function person(idOrLogin: string, role: string): Promise<DirUser> {
    const user = await deps.directory.getUser(idOrLogin);
    if (!user) throw new AccessNotFoundError(`There is no user "${idOrLogin}" (${role}) in the synced directory; check the login, or run gatehouse directory sync if they are new.`);
    return user;
  }

  async function load(id: string): Promise<AccessRequest> {
    const request = await requests.get(id);
    if (!request) throw new AccessNotFoundError(`There is no access request "${id}".`);
    return request;
  }

  const event = (by: string, action: string, detail = '') => ({ at: now(), by, action, detail });

  /** Changes a request (compare-and-set), adding a history event. */
  async function change(id: string, fn: (current: AccessRequest) => Partial<AccessRequest> | undefined, history?: { by: string; action: string; detail?: string }) {
    const { value, changed } = await requests.update(id, (current) => {
      const patch = fn(current);
      if (!patch) return undefined;
      return { ...current, ...patch, updatedAt: now(), history: history ? [...current.history, event(history.by, history.action, history.detail)] : current.history };
    });
    return { request: value, changed };
  }

  const label = async (r: Pick<AccessRequest, 'resourceId' | 'roleId'>) => {
    const resource = await deps.catalog.getResource(r.resourceId);
    const role = resource?.roles.find((x) => x.id === r.roleId);
    return resource ? (resource.roles.length > 1 && role ? `${resource.name} (${role.name})` : resource.name) : r.resourceId;
  };

  async function notify(request: AccessRequest, to: string[], subject: string, text: string, data: Record<string, Json> = {}) {
    const recipients = [...new Set(to.filter(Boolean))];
    if (recipients.length === 0) return;
    await deps.notifier.send({ runId: request.runId ?? request.id, workflowId: accessRequestWorkflowId, to: recipients, subject, text, data: { requestId: request.id, ...data } });
  }
  const people = (r: AccessRequest) => [r.requestedBy, r.forUser];

  async function audit(by: string, action: string, request: AccessRequest, data: Record<string, Json> = {}) {
    await deps.publish(by, action, request.id, {
      requestId: request.id,
      resourceId: request.resourceId,
      roleId: request.roleId,
      groupId: request.groupId,
      user: request.forUser,
      userId: request.forUserId,
      ...data,
    });
  }

  /** An Okta write with its request ids captured for the audit. */
  async function oktaWrite(fn: (okta: OktaClient) => Promise<unknown>): Promise<string[]> {
    const okta = deps.okta();
    if (!deps.requestIds) {
      await fn(okta);
      return [];
    }
    return (await deps.requestIds.capture(() => fn(okta))).requestIds;
  }

  /** The role's Okta group membership (or its workflow) for the request's person. */
  async function provision(request: AccessRequest, present: boolean): Promise<{ oktaRequestIds: string[]; runId?: string }> {
    const resource = await deps.catalog.getResource(request.resourceId);
    const role = resource?.roles.find((r) => r.id === request.roleId);
    if (role?.provisioning.kind === 'workflow') {
      if (!deps.startWorkflow) throw new AccessRequestConflictError(`Role ${request.roleId} is provisioned by a workflow, but workflows cannot be started here.`);
      const workflowId = present ? role.provisioning.grantWorkflowId : role.provisioning.revokeWorkflowId;
      const runId = await deps.startWorkflow(
        workflowId,
        { user: request.forUser, group: request.groupId, resource: request.resourceId, role: request.roleId },
        { startedBy: 'gatehouse:access', idempotencyKey: `${request.id}:${present ? 'grant' : 'revoke'}` },
      );
      return { oktaRequestIds: [], runId };
    }
    const ids = await oktaWrite(async (okta) => {
      try {
        if (present) await okta.groups.addMember(request.groupId, request.forUserId);
        else await okta.groups.removeMember(request.groupId, request.forUserId);
      } catch (error) {
        // Removing someone who is no longer a member is what we wanted.
        if (!(present === false && error instanceof OktaApiError && error.status === 404)) throw error;
      }
    });
    await deps.directory.setMembership(request.groupId, request.forUserId, present, now());
    return { oktaRequestIds: ids };
  }

  /**
   * Ends an active grant: removes the access in Okta first, then records the end (so a failure
   * changes nothing and can be retried). Returns the request as it then is.
   */
  async function endGrant(id: string, status: 'ended' | 'revoked', by: string, reason: string): Promise<AccessRequest> {
    const current = await load(id);
    if (current.status !== 'active') return current;
    const { oktaRequestIds, runId } = await provision(current, false);
    const { request, changed } = await change(
      id,
      (r) => (r.status === 'active' ? { status, endedAt: now(), outcome: { by, reason, rule: null } } : undefined),
      { by, action: status === 'ended' ? 'ended' : 'revoked', detail: reason },
    );
    if (!changed || !request) return (await requests.get(id)) ?? current;
    await audit(by, status === 'ended' ? 'access.expired' : 'access.revoked', request, { reason, oktaRequestIds, ...(runId ? { revokeRunId: runId } : {}) });
    const what = await label(request);
    await notify(request, people(request), status === 'ended' ? `Your ${what} access ended` : `Your ${what} access was revoked`, `${what} for ${request.forUser}: ${reason}.`);
    return request;
  }

  const byRequest = (status: RequestStatus[]) => async (filter: (r: AccessRequest) => boolean) => (await requests.list()).filter((r) => status.includes(r.status) && filter(r));
  const live = byRequest(['pending', 'provisioning', 'active']);

  /** What the run needs of this service. */
  const ops = {
    load,
    change,
    notify,
    audit,
    provision,
    endGrant,
    label,
    async runStatus(runId: string) {
      const run = await deps.engine.getRun(runId);
      return run ? { status: run.status, error: run.error?.message ?? null } : undefined;
    },
    approvalRepository: deps.approvalRepository,
    clock: deps.clock,
  } satisfies RequestOps;
  const workflows: EngineWorkflow[] = createRequestWorkflows(ops);

  const service = {
    /**
     * Checks a request without making it: who may ask (on behalf), eligibility, that the person
     * does not already have it, the duration and the justification against the policy, and who would
     * approve it. Chat calls it before proposing a request; `request` calls it first.
     * @throws {AccessDeniedByPolicyError} naming the rule | {AccessNotFoundError} | {AccessRequestConflictError}
     */
    async check(input: NewAccessRequest) {
      const requester = await person(input.by, 'requester');
      const forUser = input.forUser ? await person(input.forUser, 'the person the access is for') : requester;
      if (forUser.status !== 'ACTIVE') throw new AccessDeniedByPolicyError('user-not-active', `${forUser.login} is ${forUser.status} in Okta; access can only be granted to active users.`);
      const { resource, role } = await deps.catalog.resolve(input.resource, input.role);
      const policy = await deps.catalog.policyFor(resource, role);
      const by = requester.login;
      await checks.onBehalf(policy, resource, by, forUser);
      const facts = checks.factsOf(forUser);
      const eligible = await checks.eligibility(resource, forUser, facts);
      if (!eligible.ok) throw new AccessDeniedByPolicyError(eligible.rule, eligible.message);
      const existing = await live((r) => r.forUserId === forUser.id && r.groupId === role.groupId);
      const held = existing.find((r) => r.status === 'active');
      if (held) {
        throw new AccessRequestConflictError(
          `${forUser.login} already has ${resource.name}${held.endsAt ? ` until ${new Date(held.endsAt).toISOString()}` : ''} (request ${held.id}); extend it instead.`,
        );
      }
      if (existing.length > 0) throw new AccessRequestConflictError(`${forUser.login} already asked for ${resource.name}: request ${existing[0]!.id} is ${existing[0]!.status}.`);
      if (await deps.directory.isMember(role.groupId, forUser.id)) {
        throw new AccessDeniedByPolicyError('already-member', `${forUser.login} already has ${resource.name}: they are a member of its Okta group outside Gatehouse.`);
      }
      const durationMs = input.durationMs === undefined ? (policy.defaultDurationMs ?? policy.maxDurationMs) : input.durationMs;
      checks.duration(policy, resource, durationMs);
      const justification = input.justification?.trim() || null;
      if (policy.requireJustification && !justification) {
        throw new AccessDeniedByPolicyError(`policy:${policy.id}.justification`, `${resource.name} needs a justification (policy "${policy.name}"): say why you need it.`);
      }
      const steps = await checks.plan(policy, resource, forUser, by, facts);
      return { by, forUser, resource, role, policy, durationMs, justification, steps };
    },

    /** Asks for access: `check`, then the request is recorded and its run started. */
    async request(input: NewAccessRequest): Promise<AccessRequest> {
      const { by, forUser, resource, role, policy, durationMs, justification, steps } = await service.check(input);
      const id = `ar_${randomUUID().replace(/-/g, '').slice(0, 20)}`;
      const t = now();
      const record: AccessRequest = accessRequestSchema.parse({
        id,
        resourceId: resource.id,
        roleId: role.id,
        groupId: role.groupId,
        requestedBy: by,
        forUser: forUser.login,
        forUserId: forUser.id,
        justification,
        durationMs,
        status: 'pending',
        runId: null,
        policyId: policy.id,
        history: [event(by, 'requested', `${durationMs === null ? 'indefinite' : formatDuration(durationMs)}${justification ? `: ${justification}` : ''}`)],
        createdAt: t,
        updatedAt: t,
      });
      await requests.put(id, record);
      await audit(by, 'access.requested', record, { durationMs, justification });
      const runId = await deps.engine.start({
        workflowId: accessRequestWorkflowId,
        input: { requestId: id, plan: steps as unknown as Json },
        idempotencyKey: `access-request:${id}`,
        meta: { startedBy: by, requestId: id },
      });
      const { request } = await change(id, () => ({ runId }));
      return request!;
    },

    get: load,
    /** Requests, newest first. */
    async list(filter: { status?: RequestStatus; user?: string; resourceId?: string } = {}): Promise<AccessRequest[]> {
      const user = filter.user ? ((await deps.directory.getUser(filter.user))?.id ?? filter.user) : undefined;
      return (await requests.list())
        .filter((r) => (filter.status ? r.status === filter.status : true))
        .filter((r) => (filter.resourceId ? r.resourceId === filter.resourceId : true))
        .filter((r) => (user ? r.forUserId === user || same(r.requestedBy, filter.user!) || same(r.forUser, filter.user!) : true))
        .sort((a, b) => b.createdAt - a.createdAt);
    },

    /** A person's requests, active grants and the approvals waiting for them. */
    async mine(login: string) {
      const user = await person(login, 'you');
      const mine = (await requests.list()).filter((r) => r.forUserId === user.id || same(r.requestedBy, user.login)).sort((a, b) => b.createdAt - a.createdAt);
      const approvals = (await deps.approvalRepository.list({ status: 'pending', approver: user.login })).filter((a) => a.workflowId.startsWith('access-'));
      return { user: user.login, active: mine.filter((r) => r.status === 'active'), pending: mine.filter((r) => r.status === 'pending' || r.status === 'provisioning'), past: mine.filter((r) => finalRequestStatuses.includes(r.status)), approvals };
    },

    /** The approval of a request (or of its extension) that waits for a decision. */
    async pendingApproval(id: string): Promise<ApprovalRecord | undefined> {
      const request = await load(id);
      for (const a of [...request.approvals].reverse()) {
        const record = await deps.approvalRepository.get(a.approvalId);
        if (record?.status === 'pending') return record;
      }
      return undefined;
    },

    /**
     * Approves or denies the request's current step. An approver may shorten the duration.
     * @throws {ApprovalError} not an approver, self-approval, already decided | {AccessRequestConflictError}
     */
    async decide(id: string, input: { by: string; approved: boolean; comment?: string | null; durationMs?: number | null }): Promise<AccessRequest> {
      const request = await load(id);
      const approval = await service.pendingApproval(id);
      if (!approval) throw new AccessRequestConflictError(`Access request ${id} waits for no approval (it is ${request.status}).`);
      if (input.durationMs !== undefined && input.durationMs !== null && request.durationMs !== null && input.durationMs > request.durationMs) {
        throw new AccessDeniedByPolicyError('approval.duration', `An approver may shorten the access, not lengthen it: ${formatDuration(request.durationMs)} was asked for.`);
      }
      await deps.approvals.decide(approval.id, {
        by: (await deps.directory.getUser(input.by))?.login ?? input.by,
        approved: input.approved,
        comment: input.comment ?? null,
        ...(input.durationMs ? { data: { durationMs: input.durationMs } } : {}),
      });
      return load(id);
    },

    /**
     * Extends an active grant by `durationMs`, through the same policy (its maximum, justification
     * and approvals; auto-approval rules apply).
     */
    async extend(id: string, input: { by: string; durationMs: number; justification?: string | null }): Promise<AccessRequest> {
      const request = await load(id);
      if (request.status !== 'active') throw new AccessRequestConflictError(`Only active access can be extended; request ${id} is ${request.status}.`);
      if (request.endsAt === null) throw new AccessRequestConflictError(`Request ${id} never ends; there is nothing to extend.`);
      const by = (await person(input.by, 'requester')).login;
      const forUser = await person(request.forUserId, 'the person the access is for');
      const resource = await deps.catalog.getResource(request.resourceId);
      const role = resource?.roles.find((r) => r.id === request.roleId);
      if (!resource || !role) throw new AccessNotFoundError(`The resource of request ${id} no longer exists.`);
      const policy = await deps.catalog.policyFor(resource, role);
      if (!same(by, request.forUser) && !same(by, request.requestedBy)) await checks.onBehalf(policy, resource, by, forUser);
      if (request.extensions.some((x) => x.status === 'pending')) throw new AccessRequestConflictError(`An extension of request ${id} already waits for approval.`);
      checks.duration(policy, resource, Math.max(request.endsAt, now()) + input.durationMs - now());
      const justification = input.justification?.trim() || null;
      if (policy.requireJustification && !justification) {
        throw new AccessDeniedByPolicyError(`policy:${policy.id}.justification`, `Extending ${resource.name} needs a justification (policy "${policy.name}").`);
      }
      const steps = await checks.plan(policy, resource, forUser, by, checks.factsOf(forUser));
      const extensionId = `${id}:x${request.extensions.length + 1}`;
      await change(id, (r) => ({ extensions: [...r.extensions, { id: extensionId, requestedBy: by, durationMs: input.durationMs, justification, status: 'pending' as const, runId: null, at: now() }] }), {
        by,
        action: 'extension_requested',
        detail: `+${formatDuration(input.durationMs)}${justification ? `: ${justification}` : ''}`,
      });
      const runId = await deps.engine.start({
        workflowId: accessExtensionWorkflowId,
        input: { requestId: id, extensionId, plan: steps as unknown as Json },
        idempotencyKey: `access-extension:${extensionId}`,
        meta: { startedBy: by, requestId: id },
      });
      const { request: updated } = await change(id, (r) => ({ extensions: r.extensions.map((x) => (x.id === extensionId ? { ...x, runId } : x)) }));
      return updated!;
    },

    /** Moves an active grant's end earlier (the person, the requester, owners, approvers or admins). */
    async shorten(id: string, input: { by: string; endsAt: number }): Promise<AccessRequest> {
      const request = await load(id);
      if (request.status !== 'active') throw new AccessRequestConflictError(`Only active access can be shortened; request ${id} is ${request.status}.`);
      await mayManage(request, input.by, 'shorten');
      if (request.endsAt !== null && input.endsAt >= request.endsAt) throw new AccessRequestConflictError(`The new end must be before the current one (${new Date(request.endsAt).toISOString()}).`);
      const endsAt = Math.max(input.endsAt, now());
      const { request: updated, changed } = await change(id, (r) => (r.status === 'active' ? { endsAt } : undefined), { by: input.by, action: 'shortened', detail: `now ends ${new Date(endsAt).toISOString()}` });
      if (!changed) throw new AccessRequestConflictError(`Request ${id} is no longer active.`);
      await audit(input.by, 'access.shortened', updated!, { endsAt });
      await deps.engine.signal(grantSignalKey(id), { kind: 'changed' });
      return updated!;
    },

    /** Ends an active grant now. */
    async revoke(id: string, input: { by: string; reason: string }): Promise<AccessRequest> {
      const request = await load(id);
      if (request.status !== 'active') throw new AccessRequestConflictError(`Only active access can be revoked; request ${id} is ${request.status}.`);
      await mayManage(request, input.by, 'revoke');
      const ended = await endGrant(id, 'revoked', input.by, input.reason || 'revoked');
      await deps.engine.signal(grantSignalKey(id), { kind: 'changed' });
      return ended;
    },

    /** Withdraws a pending request (the requester, the person it is for, or an admin). */
    async cancel(id: string, input: { by: string; reason?: string }): Promise<AccessRequest> {
      const request = await load(id);
      if (request.status !== 'pending') throw new AccessRequestConflictError(`Only a pending request can be cancelled; ${id} is ${request.status}${request.status === 'active' ? ' (revoke it instead)' : ''}.`);
      if (!same(input.by, request.requestedBy) && !same(input.by, request.forUser) && !isAdmin(input.by)) {
        throw new AccessDeniedByPolicyError('cancel.not-allowed', `Only ${request.requestedBy}${same(request.requestedBy, request.forUser) ? '' : ` or ${request.forUser}`} (or an admin) may cancel request ${id}.`);
      }
      const reason = input.reason || 'cancelled';
      const { request: updated, changed } = await change(id, (r) => (r.status === 'pending' ? { status: 'cancelled', endedAt: now(), outcome: { by: input.by, reason, rule: null } } : undefined), {
        by: input.by,
        action: 'cancelled',
        detail: reason,
      });
      if (!changed) throw new AccessRequestConflictError(`Request ${id} is no longer pending.`);
      if (request.runId) {
        await deps.engine.cancel(request.runId, reason, input.by);
        await deps.approvals.cancelForRun(request.runId, input.by);
      }
      await audit(input.by, 'access.cancelled', updated!, { reason });
      return updated!;
    },

    /**
     * What a person may request, as they should see it: resources visible to them, each with its
     * roles, what the policy asks (duration, justification, approval steps), whether they are
     * eligible (and the rule when not), and what they already hold or asked for.
     */
    async catalogFor(login: string) {
      const user = await person(login, 'you');
      const mine = await live((r) => r.forUserId === user.id);
      const facts = checks.factsOf(user);
      const out = [];
      for (const resource of await deps.catalog.listResources()) {
        if (resource.visibility === 'hidden' && !isAdmin(login)) continue;
        const eligible = await checks.eligibility(resource, user, facts);
        if (resource.visibility === 'eligible' && !eligible.ok && !isAdmin(login)) continue;
        const roles = [];
        for (const role of resource.roles) {
          const policy = await deps.catalog.policyFor(resource, role);
          const held = mine.find((r) => r.groupId === role.groupId);
          roles.push({
            id: role.id,
            name: role.name,
            maxDurationMs: policy.maxDurationMs,
            defaultDurationMs: policy.defaultDurationMs ?? policy.maxDurationMs,
            requireJustification: policy.requireJustification,
            approvals: policy.steps.map((step) => step.name),
            request: held ? { id: held.id, status: held.status, endsAt: held.endsAt } : null,
          });
        }
        out.push({ id: resource.id, kind: resource.kind, name: resource.name, description: resource.description, eligible: eligible.ok, ...(eligible.ok ? {} : { rule: eligible.rule, reason: eligible.message }), roles });
      }
      return out;
    },

    /** Active grants (for reviews and "who has what"). */
    async listActive(filter: { userId?: string; groupId?: string } = {}): Promise<ActiveGrant[]> {
      return (await requests.list())
        .filter((r) => r.status === 'active' && (!filter.userId || r.forUserId === filter.userId) && (!filter.groupId || r.groupId === filter.groupId))
        .map((r) => ({ requestId: r.id, resourceId: r.resourceId, roleId: r.roleId, groupId: r.groupId, userId: r.forUserId, login: r.forUser, grantedAt: r.grantedAt ?? r.createdAt, endsAt: r.endsAt }));
    },

    /** The engine workflows of requests and extensions. */
    workflows,
    /** The engine's view of an access workflow, or undefined for other ids. */
    resolve: (id: string): EngineWorkflow | undefined => workflows.find((w) => w.id === id),
  };

  async function mayManage(request: AccessRequest, by: string, verb: string): Promise<void> {
    if (isAdmin(by) || same(by, request.forUser) || same(by, request.requestedBy)) return;
    const resource = await deps.catalog.getResource(request.resourceId);
    if (resource && (await ownersOf(deps.directory, resource)).some((o) => same(o, by))) return;
    for (const a of request.approvals) {
      const record = await deps.approvalRepository.get(a.approvalId);
      if (record?.decisions.some((d) => d.approved && same(d.by, by))) return;
    }
    throw new AccessDeniedByPolicyError(`${verb}.not-allowed`, `${by} may not ${verb} request ${request.id}: only ${request.forUser}, its approvers, the owners of ${resource?.name ?? request.resourceId} or an admin may.`);
  }

  return service satisfies GrantsPort;
}

export type AccessRequests = ReturnType<typeof createAccessRequests>;
