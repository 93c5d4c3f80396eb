/**
 * The engine runs that carry an access request through time, every wait durable:
 * - `access-request`: approval steps in sequence (reminders, escalation, expiry) → provisioning →
 *   the active grant, held until its end time (re-read whenever it is extended, shortened or
 *   revoked; the requester is reminded before it ends) → revoked at the end time.
 * - `access-extension`: the approval steps of an extension, then the later end time.
 * Each Okta change is a step (journaled, so a crash never repeats it); decisions come from the
 * approvals module as engine signals.
 */
import { z } from 'zod';
import type { Clock } from '../common/clock.ts';
import { formatDuration } from '../common/duration.ts';
import type { EngineWorkflow, Json, StepTools } from '../engine/contract.ts';
import { approvalRecordSchema, approvalSignalKey, closeIfPending, type ApprovalRepository } from '../workflows/approvals.ts';
import { toStepError } from '../workflows/errors.ts';
import type { ApprovalDecision } from '../workflows/sdk.ts';
import type { AccessRequest } from './model.ts';

/** One approval step as planned when the request was made. */
export const plannedStepSchema = z.object({
  name: z.string(),
  approvers: z.array(z.string()),
  required: z.number().int().min(1),
  note: z.string().nullable(),
  reminderAfterMs: z.number().nullable(),
  escalateAfterMs: z.number().nullable(),
  escalateTo: z.array(z.string()),
  timeoutMs: z.number(),
});
export type PlannedStep = z.infer<typeof plannedStepSchema>;
export const requestPlanSchema = z.object({ autoApprovedBy: z.string().nullable(), allowSelfApproval: z.boolean().default(false), steps: z.array(plannedStepSchema) });
export type RequestPlan = z.input<typeof requestPlanSchema>;

/** The parts of the request service a run uses. */
export interface RequestOps {
  load(id: string): Promise<AccessRequest>;
  change(
    id: string,
    fn: (current: AccessRequest) => Partial<AccessRequest> | undefined,
    history?: { by: string; action: string; detail?: string },
  ): Promise<{ request: AccessRequest | undefined; changed: boolean }>;
  notify(request: AccessRequest, to: string[], subject: string, text: string, data?: Record<string, Json>): Promise<void>;
  audit(by: string, action: string, request: AccessRequest, data?: Record<string, Json>): Promise<void>;
  provision(request: AccessRequest, present: boolean): Promise<{ oktaRequestIds: string[]; runId?: string }>;
  endGrant(id: string, status: 'ended' | 'revoked', by: string, reason: string): Promise<AccessRequest>;
  label(r: Pick<AccessRequest, 'resourceId' | 'roleId'>): Promise<string>;
  /** Where a workflow-provisioned role's run stands. */
  runStatus(runId: string): Promise<{ status: string; error: string | null } | undefined>;
  approvalRepository: ApprovalRepository;
  clock: Clock;
}

type Provisioned = { skipped: boolean; runId: string | null; oktaRequestIds: string[] };
type ApprovalOutcome = { outcome: 'approved'; durationMs: number | null } | { outcome: 'denied' | 'expired'; by: string; reason: string };

const grantSignal = (requestId: string) => `access:${requestId}`;
const lower = (s: string) => s.toLowerCase();

/** How long before the end the person is reminded: a quarter of the grant, at most an hour, none under 20 minutes. */
function reminderLead(durationMs: number): number | null {
  if (durationMs < 20 * 60_000) return null;
  return Math.min(3_600_000, Math.floor(durationMs / 4));
}

export function createRequestWorkflows(ops: RequestOps): EngineWorkflow[] {
  const { approvalRepository: repository } = ops;

  /** Runs the planned approval steps in sequence; the first denial or expiry ends them. */
  async function approvals(tools: StepTools, requestId: string, plan: z.output<typeof requestPlanSchema>, prefix: string, what: string): Promise<ApprovalOutcome> {
    let durationMs: number | null = null;
    for (const [index, step] of plan.steps.entries()) {
      const p = `${prefix}${index + 1}`;
      const approvalId = `${requestId}:${p}`;
      const createdAt = await tools.step(`${p}.ask`, async () => {
        const request = await ops.load(requestId);
        const t = ops.clock.now();
        const label = await ops.label(request);
        const reason = `${request.requestedBy} asks for ${label}${request.forUser === request.requestedBy ? '' : ` for ${request.forUser}`} — ${what}${request.justification ? `: “${request.justification}”` : ''}`;
        await repository.put(
          approvalRecordSchema.parse({
            id: approvalId,
            runId: tools.runId,
            stepId: p,
            workflowId: tools.workflowId,
            approvers: step.approvers,
            reason,
            requestedBy: request.requestedBy,
            subject: request.forUser,
            allowSelfApproval: plan.allowSelfApproval,
            required: step.required,
            context: { requestId, resourceId: request.resourceId, roleId: request.roleId, step: step.name, forUser: request.forUser, durationMs: request.durationMs },
            status: 'pending',
            decidedBy: null,
            comment: null,
            createdAt: t,
            expiresAt: t + step.timeoutMs,
            decidedAt: null,
          }),
        );
        const { request: updated } = await ops.change(requestId, (r) => ({ approvals: [...r.approvals, { step: step.name, approvalId, status: 'pending' }] }), {
          by: 'gatehouse',
          action: 'approval_requested',
          detail: `${step.name}: ${step.required > 1 ? `${step.required} of ` : ''}${step.approvers.join(', ')}${step.note ? ` (${step.note})` : ''}`,
        });
        await ops.audit(request.requestedBy, 'access.approval_requested', updated ?? request, { approvalId, step: step.name, approvers: step.approvers, required: step.required });
        await ops.notify(updated ?? request, step.approvers, `Approval needed: ${label}`, reason, { approvalId });
        return t;
      });

      let escalated = false;
      let reminders = 0;
      let decision: ApprovalDecision | null = null;
      for (let k = 0; decision === null; k++) {
        const t = await tools.now(`${p}.now.${k}`);
        const deadline = createdAt + step.timeoutMs;
        const escalateAt = step.escalateAfterMs !== null && !escalated ? createdAt + step.escalateAfterMs : Infinity;
        const remindAt = step.reminderAfterMs !== null ? createdAt + (reminders + 1) * step.reminderAfterMs : Infinity;
        if (t >= deadline) {
          await tools.step(`${p}.expired`, async () => {
            await closeIfPending(repository, approvalId, 'expired', null, ops.clock.now());
            await setApprovalStatus(requestId, approvalId, 'expired');
            return null;
          });
          return { outcome: 'expired', by: 'gatehouse', reason: `nobody decided step "${step.name}" within ${formatDuration(step.timeoutMs)}` };
        }
        if (t >= escalateAt) {
          escalated = true;
          await tools.step(`${p}.escalate`, async () => {
            const { record } = await repository.update(approvalId, (a) =>
              a.status === 'pending' ? { ...a, approvers: [...new Map([...a.approvers, ...step.escalateTo].map((l) => [lower(l), l])).values()] } : undefined,
            );
            const { request } = await ops.change(requestId, () => ({}), { by: 'gatehouse', action: 'escalated', detail: `${step.name}: to ${step.escalateTo.join(', ')}` });
            if (request && record?.status === 'pending') {
              await ops.audit('gatehouse', 'access.escalated', request, { approvalId, to: step.escalateTo });
              await ops.notify(request, step.escalateTo, `Escalated approval: ${await ops.label(request)}`, `${record.reason} (nobody decided within ${formatDuration(step.escalateAfterMs!)})`, { approvalId });
            }
            return null;
          });
          continue;
        }
        if (t >= remindAt) {
          reminders++;
          await tools.step(`${p}.remind.${reminders}`, async () => {
            const record = await repository.get(approvalId);
            if (record?.status !== 'pending') return null;
            const waiting = record.approvers.filter((a) => !record.decisions.some((d) => lower(d.by) === lower(a)));
            const { request } = await ops.change(requestId, () => ({}), { by: 'gatehouse', action: 'reminded', detail: waiting.join(', ') });
            if (request) await ops.notify(request, waiting, `Reminder: approval needed for ${await ops.label(request)}`, record.reason, { approvalId });
            return null;
          });
          continue;
        }
        const wakeAt = Math.min(deadline, escalateAt, remindAt);
        decision = await tools.waitForSignal<Json>(`${p}.wait.${k}`, { key: approvalSignalKey(approvalId), timeoutMs: Math.max(1, wakeAt - t) }) as ApprovalDecision | null;
      }
      await tools.step(`${p}.decided`, async () => {
        await setApprovalStatus(requestId, approvalId, decision.approved ? 'approved' : 'denied');
        return null;
      });
      if (!decision.approved) return { outcome: 'denied', by: decision.by, reason: decision.comment ?? `denied at step "${step.name}"` };
      for (const d of decision.decisions ?? []) {
        const asked = d.data.durationMs;
        if (typeof asked === 'number' && asked > 0) durationMs = durationMs === null ? asked : Math.min(durationMs, asked);
      }
    }
    return { outcome: 'approved', durationMs };
  }

  async function setApprovalStatus(requestId: string, approvalId: string, status: string) {
    await ops.change(requestId, (r) => ({ approvals: r.approvals.map((a) => (a.approvalId === approvalId ? { ...a, status } : a)) }));
  }

  /** Marks the request approved (with an approver's shorter duration) and adds the access in Okta. */
  async function provision(requestId: string, shorterMs: number | null): Promise<Provisioned> {
    const { request: marked } = await ops.change(
      requestId,
      (r) => (r.status === 'pending' ? { status: 'provisioning', ...(shorterMs !== null && (r.durationMs === null || shorterMs < r.durationMs) ? { durationMs: shorterMs } : {}) } : undefined),
      { by: 'gatehouse', action: 'approved', detail: shorterMs !== null ? `an approver shortened it to ${formatDuration(shorterMs)}` : '' },
    );
    // A retry of this step finds it already provisioning; anything else (cancelled meanwhile) is skipped.
    const request = marked?.status === 'provisioning' ? marked : undefined;
    if (!request) return { skipped: true, runId: null, oktaRequestIds: [] };
    try {
      const result = await ops.provision(request, true);
      return { skipped: false, runId: result.runId ?? null, oktaRequestIds: result.oktaRequestIds };
    } catch (error) {
      // Okta refusing (a 4xx) will not change by retrying; anything else is retried with backoff.
      throw toStepError(error);
    }
  }

  /** Waits for a workflow-provisioned role's run to finish; throws its error when it failed. */
  async function awaitChild(tools: StepTools, prefix: string, runId: string): Promise<void> {
    for (let k = 0; ; k++) {
      const state = await tools.step(`${prefix}.check.${k}`, async () => (await ops.runStatus(runId)) ?? { status: 'missing', error: null });
      if (state.status === 'completed') return;
      if (['failed', 'cancelled', 'missing'].includes(state.status)) throw new Error(`The provisioning workflow run ${runId} ${state.status}${state.error ? `: ${state.error}` : ''}.`);
      await tools.sleep(`${prefix}.wait.${k}`, Math.min(30_000, 1_000 * 2 ** Math.min(k, 5)));
    }
  }

  /** Ends a request that never became active. */
  async function finish(tools: StepTools, requestId: string, status: 'denied' | 'expired' | 'failed', by: string, reason: string, rule: string | null = null) {
    await tools.step(`finish.${status}`, async () => {
      const { request, changed } = await ops.change(
        requestId,
        (r) => (r.status === 'pending' || r.status === 'provisioning' ? { status, endedAt: ops.clock.now(), outcome: { by, reason, rule } } : undefined),
        { by, action: status, detail: reason },
      );
      if (changed && request) {
        await ops.audit(by, `access.${status}`, request, { reason });
        const label = await ops.label(request);
        await ops.notify(request, [request.requestedBy, request.forUser], `Your ${label} request was ${status}`, `${label} for ${request.forUser}: ${reason}.`);
      }
      return null;
    });
    return { requestId, status };
  }

  const requestWorkflow: EngineWorkflow = {
    id: 'access-request',
    async run(tools, raw) {
      const { requestId, plan: rawPlan } = z.object({ requestId: z.string(), plan: requestPlanSchema }).parse(raw);
      const plan = requestPlanSchema.parse(rawPlan);
      if (plan.autoApprovedBy) {
        await tools.step('auto-approved', async () => {
          const { request } = await ops.change(requestId, () => ({}), { by: 'gatehouse', action: 'auto_approved', detail: plan.autoApprovedBy! });
          if (request) await ops.audit('gatehouse', 'access.auto_approved', request, { rule: plan.autoApprovedBy });
          return null;
        });
      }
      const approval = await approvals(tools, requestId, plan, 'a', 'access');
      if (approval.outcome !== 'approved') return finish(tools, requestId, approval.outcome, approval.by, approval.reason);

      let provisioned: Provisioned;
      try {
        provisioned = await tools.step('provision', () => provision(requestId, approval.durationMs), { maxAttempts: 8, backoffMs: 2_000 });
      } catch (error) {
        return finish(tools, requestId, 'failed', 'gatehouse', `provisioning failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (provisioned.skipped) return { requestId, status: 'skipped' };
      if (provisioned.runId) {
        try {
          await awaitChild(tools, 'provision', provisioned.runId);
        } catch (error) {
          return finish(tools, requestId, 'failed', 'gatehouse', error instanceof Error ? error.message : String(error));
        }
      }
      await tools.step('granted', async () => {
        const t = ops.clock.now();
        const { request, changed } = await ops.change(
          requestId,
          (r) => (r.status === 'provisioning' ? { status: 'active', grantedAt: t, endsAt: r.durationMs === null ? null : t + r.durationMs } : undefined),
          { by: 'gatehouse', action: 'granted' },
        );
        if (changed && request) {
          await ops.audit('gatehouse', 'access.granted', request, { endsAt: request.endsAt, oktaRequestIds: provisioned.oktaRequestIds });
          const label = await ops.label(request);
          const until = request.endsAt === null ? 'with no end date' : `until ${new Date(request.endsAt).toISOString()} (${formatDuration(request.endsAt - t)})`;
          await ops.notify(request, [request.requestedBy, request.forUser], `You have ${label}`, `${label} was granted to ${request.forUser} ${until}.`);
        }
        return null;
      });
      return hold(tools, requestId);
    },
  };

  /** Holds the grant until it ends: the end time is re-read whenever the request's signal arrives. */
  async function hold(tools: StepTools, requestId: string) {
    let remindedFor: number | null = null;
    for (let k = 0; ; k++) {
      const state = await tools.step(`hold.${k}`, async () => {
        const r = await ops.load(requestId);
        return { status: r.status, endsAt: r.endsAt, grantedAt: r.grantedAt };
      });
      if (state.status !== 'active') return { requestId, status: state.status };
      const t = await tools.now(`hold.${k}.now`);
      if (state.endsAt !== null && t >= state.endsAt) {
        // Access must end: retried until Okta takes it (backoff doubles up to 5 minutes), never given up.
        const ended = await tools.step('expire', async () => (await ops.endGrant(requestId, 'ended', 'gatehouse', 'the access period ended')).status, { maxAttempts: 1_000_000, backoffMs: 5_000 });
        return { requestId, status: ended };
      }
      let wakeAt = state.endsAt;
      if (state.endsAt !== null && remindedFor !== state.endsAt) {
        const lead = reminderLead(state.endsAt - (state.grantedAt ?? t));
        if (lead !== null && t >= state.endsAt - lead) {
          remindedFor = state.endsAt;
          await tools.step(`hold.${k}.remind`, async () => {
            const r = await ops.load(requestId);
            const label = await ops.label(r);
            await ops.notify(r, [r.forUser], `Your ${label} access ends soon`, `${label} ends at ${new Date(state.endsAt!).toISOString()}; ask to extend it if you still need it.`, { endsAt: state.endsAt! });
            return null;
          });
          continue;
        }
        if (lead !== null) wakeAt = state.endsAt - lead;
      }
      await tools.waitForSignal(`hold.${k}.wait`, { key: grantSignal(requestId), ...(wakeAt !== null ? { timeoutMs: Math.max(1, wakeAt - t) } : {}) });
    }
  }

  const extensionWorkflow: EngineWorkflow = {
    id: 'access-extension',
    async run(tools, raw) {
      const { requestId, extensionId, plan: rawPlan } = z.object({ requestId: z.string(), extensionId: z.string(), plan: requestPlanSchema }).parse(raw);
      const plan = requestPlanSchema.parse(rawPlan);
      const extension = await tools.step('load', async () => {
        const x = (await ops.load(requestId)).extensions.find((e) => e.id === extensionId);
        return x ? { durationMs: x.durationMs } : null;
      });
      if (!extension) return { requestId, extensionId, status: 'missing' };
      const approval = await approvals(tools, requestId, plan, `${extensionId.split(':').pop()}.`, `an extension of ${formatDuration(extension.durationMs)}`);
      // The grant's run re-reads the end time whenever it wakes, so it sees the later end by itself.
      return tools.step('apply', async () => {
        const approved = approval.outcome === 'approved';
        const extra = approved && approval.durationMs !== null ? Math.min(approval.durationMs, extension.durationMs) : extension.durationMs;
        const t = ops.clock.now();
        let applied = false;
        const { request } = await ops.change(
          requestId,
          (r) => {
            const status = !approved ? approval.outcome : r.status === 'active' ? 'approved' : 'cancelled';
            applied = approved && r.status === 'active' && r.endsAt !== null;
            return {
              extensions: r.extensions.map((x) => (x.id === extensionId ? { ...x, status: status as 'approved' | 'denied' | 'expired' | 'cancelled' } : x)),
              ...(applied ? { endsAt: Math.max(r.endsAt!, t) + extra } : {}),
            };
          },
          { by: approval.outcome === 'approved' ? 'gatehouse' : approval.by, action: applied || approval.outcome === 'approved' ? 'extended' : `extension_${approval.outcome}`, detail: approval.outcome === 'approved' ? `+${formatDuration(extra)}` : approval.reason },
        );
        if (request && applied) {
          await ops.audit('gatehouse', 'access.extended', request, { extensionId, endsAt: request.endsAt, extraMs: extra });
          const label = await ops.label(request);
          await ops.notify(request, [request.requestedBy, request.forUser], `${label} extended`, `${label} for ${request.forUser} now ends at ${new Date(request.endsAt!).toISOString()}.`);
        } else if (request && approval.outcome !== 'approved') {
          const label = await ops.label(request);
          await ops.notify(request, [request.requestedBy, request.forUser], `Extension of ${label} ${approval.outcome}`, `${approval.reason}.`);
        }
        return { requestId, extensionId, status: applied ? 'extended' : approval.outcome, endsAt: request?.endsAt ?? null };
      });
    },
  };

  return [requestWorkflow, extensionWorkflow];
}
