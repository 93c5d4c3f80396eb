/**
 * The workflow runtime: turns SDK workflows into engine workflows (input checked with zod, `ctx`
 * built over the engine's step tools), starts runs, and runs dry runs.
 */
import { z } from 'zod';
import type { Clock } from '../common/clock.ts';
import { issuesOf } from '../common/issues.ts';
import { parseDuration } from '../common/duration.ts';
import type { EngineWorkflow, Json, StepTools } from '../engine/contract.ts';
import type { OktaClient } from '../okta/index.ts';
import type { AuditSink } from './audit-export.ts';
import { approvalRecordSchema, approvalSignalKey, closeIfPending, type ApprovalRepository } from './approvals.ts';
import { dryRunWorkflow, type DryRunPlan } from './dry-run.ts';
import { dispatchEvent, type TriggerRuntime } from './event-triggers.ts';
import { toStepError, WorkflowInputError, WorkflowUnknownError } from './errors.ts';
import { redact } from '../common/redact.ts';
import type { RequestIdRecorder } from './internal/request-ids.ts';
import { createJournaledOkta, oktaWrites, toJson } from './okta-steps.ts';
import type { AnyWorkflow, ApprovalDecision, Notification, WorkflowContext, WorkflowLogger } from './sdk.ts';

/** Sends notifications (chat, email, the console's inbox). */
export interface Notifier {
  send(notification: Notification & { runId: string; workflowId: string }): Promise<void>;
}

/** What the runtime needs of the engine. */
export interface RuntimeEngine {
  start(args: { workflowId: string; input: Json; idempotencyKey?: string; meta?: Record<string, Json> }): Promise<string>;
}

/** A structured logger (pino's shape). */
export interface RuntimeLogger {
  info(obj: Record<string, unknown>, message: string): void;
  warn(obj: Record<string, unknown>, message: string): void;
  error(obj: Record<string, unknown>, message: string): void;
}

export interface WorkflowRuntimeDeps {
  engine: RuntimeEngine;
  /** The Okta client of the connected org (a function, so a reconnect takes effect at the next run). */
  okta: () => OktaClient;
  approvals: ApprovalRepository;
  notifier: Notifier;
  /** The audit log (the store's `appendAudit`); payloads are redacted before they get there. */
  audit?: AuditSink;
  /** Records Okta's request ids of each call, for the audit (its `fetch` must be the Okta client's). */
  requestIds?: RequestIdRecorder;
  clock: Clock;
  logger?: RuntimeLogger;
  /** Default approval timeout (default 3 days). */
  approvalTimeoutMs?: number;
}

/** The engine input of a run: the workflow's input and who started it. */
const envelopeSchema = z.object({ input: z.unknown(), startedBy: z.string() });

const silent: RuntimeLogger = { info() {}, warn() {}, error() {} };

const toMs = (at: Date | string | number): number => (at instanceof Date ? at.getTime() : typeof at === 'number' ? at : new Date(at).getTime());

/** Creates the runtime. Register workflows, then hand `resolve` to the engine. */
export function createWorkflowRuntime(deps: WorkflowRuntimeDeps) {
  const workflows = new Map<string, AnyWorkflow>();
  const logger = deps.logger ?? silent;
  const approvalTimeout = deps.approvalTimeoutMs ?? 3 * 86_400_000;

  // Every audit entry is also a Gatehouse event that `source: 'gatehouse'` triggers can start on.
  const self: { runtime?: TriggerRuntime } = {};
  const audit = async (actor: string, action: string, target: string | null, data: Record<string, Json>) => {
    const clean = redact(data);
    const entry = (await deps.audit?.appendAudit({ actor, action, target, data: clean })) as { seq?: number } | undefined;
    const api = self.runtime;
    if (!api || typeof entry?.seq !== 'number') return;
    const fromWorkflowId = typeof data.workflowId === 'string' ? data.workflowId : undefined;
    // A trigger that cannot start must never fail the step that made the change (it would be retried).
    try {
      const { skipped } = await dispatchEvent(api, { id: `audit-${entry.seq}`, type: action, source: 'gatehouse', event: { actor, action, target, data: clean }, ...(fromWorkflowId ? { fromWorkflowId } : {}) });
      for (const s of skipped) logger.warn({ workflowId: s.workflowId, eventId: s.eventId }, s.reason);
    } catch (error) {
      logger.error({ action, err: error instanceof Error ? error.message : String(error) }, 'starting event-triggered workflows failed');
    }
  };
  /** The object a call changes: its first id-like argument, or a created object's name. */
  const targetOf = (args: unknown[]): string | null => {
    const first = args[0];
    if (typeof first === 'string') return first;
    const profile = (first as { profile?: { login?: unknown; name?: unknown } } | undefined)?.profile;
    const name = (first as { name?: unknown } | undefined)?.name;
    const value = profile?.login ?? profile?.name ?? name;
    return typeof value === 'string' ? value : null;
  };

  const get = (id: string): AnyWorkflow => {
    const workflow = workflows.get(id);
    if (!workflow) throw new WorkflowUnknownError(id, [...workflows.keys()]);
    return workflow;
  };

  const parseInput = (workflow: AnyWorkflow, input: unknown): unknown => {
    const parsed = workflow.input.safeParse(input);
    if (!parsed.success) throw new WorkflowInputError(workflow.id, issuesOf(parsed.error));
    return parsed.data;
  };

  function runLogger(runId: string, workflowId: string): WorkflowLogger {
    const base = { runId, workflowId };
    return {
      info: (message, data) => logger.info({ ...base, ...data }, message),
      warn: (message, data) => logger.warn({ ...base, ...data }, message),
      error: (message, data) => logger.error({ ...base, ...data }, message),
    };
  }

  function contextFor(tools: StepTools, workflow: AnyWorkflow, startedBy: string): WorkflowContext {
    const step: WorkflowContext['step'] = (id, fn, options) =>
      tools.step(
        id,
        async () => {
          try {
            return toJson(await fn());
          } catch (error) {
            throw toStepError(error);
          }
        },
        options,
      ) as never;
    const okta = createJournaledOkta(deps.okta(), (call) =>
      tools.step(call.stepId, async () => {
        try {
          if (call.kind === 'read') return ((await call.perform()) ?? null) as Json;
          const { result, requestIds } = deps.requestIds ? await deps.requestIds.capture(call.perform) : { result: await call.perform(), requestIds: [] };
          await audit(startedBy, oktaWrites[call.name]?.audit ?? `okta.${call.name}`, targetOf(call.args), {
            runId: tools.runId,
            workflowId: workflow.id,
            stepId: call.stepId,
            args: call.args.filter((a) => a !== undefined) as Json[],
            oktaRequestIds: requestIds,
          });
          return (result ?? null) as Json;
        } catch (error) {
          throw toStepError(error);
        }
      }),
    );
    return {
      runId: tools.runId,
      workflowId: workflow.id,
      dryRun: false,
      startedBy,
      okta,
      step,
      now: (id = 'now') => tools.now(id),
      sleep: (id, duration) => tools.sleep(id, parseDuration(duration)),
      sleepUntil: (id, at) => tools.sleepUntil(id, toMs(at)),
      async waitForApproval(id, request) {
        const approvalId = `${tools.runId}:${id}`;
        const timeoutMs = request.timeout === undefined ? approvalTimeout : parseDuration(request.timeout);
        await tools.step(`${id}.requested`, async () => {
          const now = deps.clock.now();
          await deps.approvals.put(
            approvalRecordSchema.parse({
              id: approvalId,
              runId: tools.runId,
              stepId: id,
              workflowId: workflow.id,
              approvers: request.approvers,
              reason: request.reason,
              requestedBy: startedBy,
              allowSelfApproval: false,
              status: 'pending',
              decidedBy: null,
              comment: null,
              createdAt: now,
              expiresAt: now + timeoutMs,
              decidedAt: null,
            }),
          );
          await audit(startedBy, 'approval.requested', approvalId, { runId: tools.runId, workflowId: workflow.id, approvers: request.approvers, reason: request.reason });
          await deps.notifier.send({
            runId: tools.runId,
            workflowId: workflow.id,
            to: request.approvers,
            subject: `Approval needed: ${workflow.title}`,
            text: `${startedBy} asks: ${request.reason}`,
            data: { approvalId },
          });
          return approvalId;
        });
        const decision = await tools.waitForSignal<Json>(id, { key: approvalSignalKey(approvalId), timeoutMs });
        if (decision === null) {
          await tools.step(`${id}.expired`, async () => {
            if (await closeIfPending(deps.approvals, approvalId, 'expired', null, deps.clock.now())) {
              await audit('gatehouse', 'approval.expired', approvalId, { runId: tools.runId, workflowId: workflow.id });
            }
            return null;
          });
          return null;
        }
        return decision as unknown as ApprovalDecision;
      },
      notify: async (id, notification) => {
        await tools.step(id, async () => {
          await deps.notifier.send({ ...notification, runId: tools.runId, workflowId: workflow.id });
          return null;
        });
      },
      log: runLogger(tools.runId, workflow.id),
    };
  }

  async function runWithApproval(ctx: WorkflowContext, workflow: AnyWorkflow, input: unknown): Promise<Json> {
    const approval = workflow.approval;
    if (approval) {
      const approvers = typeof approval.approvers === 'function' ? approval.approvers(input) : approval.approvers;
      const decision = await ctx.waitForApproval('approval', {
        approvers,
        reason: approval.reason ? approval.reason(input) : `Run "${workflow.title}"`,
        ...(approval.timeout !== undefined ? { timeout: approval.timeout } : {}),
      });
      if (!decision) return { outcome: 'expired', detail: 'Nobody approved the run before the approval timed out.' };
      if (!decision.approved) return { outcome: 'denied', by: decision.by, comment: decision.comment };
    }
    return toJson(await workflow.run(ctx, input));
  }

  const runtime = {
    /** Adds a workflow (replacing one with the same id). */
    register(workflow: AnyWorkflow): void {
      workflows.set(workflow.id, workflow);
    },
    unregister(id: string): boolean {
      return workflows.delete(id);
    },
    list: (): AnyWorkflow[] => [...workflows.values()].sort((a, b) => a.id.localeCompare(b.id)),
    /** Appends to the audit log (redacted) and starts the workflows whose `source: 'gatehouse'` trigger names the action. */
    publish: (actor: string, action: string, target: string | null, data: Record<string, Json>): Promise<void> => audit(actor, action, target, data),
    get,
    has: (id: string) => workflows.has(id),
    /** The engine schedules a workflow's cron triggers become (one per trigger, ids `<workflow>:<n>`). */
    schedulesOf(workflow: AnyWorkflow): { id: string; workflowId: string; cron: string; timezone?: string; input: Json }[] {
      return workflow.triggers.flatMap((trigger, i) =>
        trigger.type === 'schedule'
          ? [{ id: `${workflow.id}:${i}`, workflowId: workflow.id, cron: trigger.cron, ...(trigger.timezone ? { timezone: trigger.timezone } : {}), input: { input: trigger.input ?? {}, startedBy: `schedule:${workflow.id}` } }]
          : [],
      );
    },
    /** The engine's view of a workflow (hand `(id) => runtime.resolve(id)` to `createEngine`). */
    resolve(id: string): EngineWorkflow | undefined {
      const workflow = workflows.get(id);
      if (!workflow) return undefined;
      return {
        id,
        async run(tools, raw) {
          const envelope = envelopeSchema.parse(raw);
          const input = parseInput(workflow, envelope.input);
          const ctx = contextFor(tools, workflow, envelope.startedBy);
          const output = await runWithApproval(ctx, workflow, input);
          await tools.step('audit.completed', async () => {
            await audit(envelope.startedBy, 'workflow.run_completed', tools.runId, { workflowId: id, output });
            return null;
          });
          return output;
        },
      };
    },
    /**
     * Checks the input and starts a run.
     * @throws {WorkflowUnknownError} | {WorkflowInputError}
     */
    async start(id: string, input: unknown, options: { startedBy: string; idempotencyKey?: string; meta?: Record<string, Json> }): Promise<string> {
      const workflow = get(id);
      const parsed = parseInput(workflow, input);
      const runId = await deps.engine.start({
        workflowId: id,
        input: { input: parsed as Json, startedBy: options.startedBy },
        ...(options.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : {}),
        meta: { startedBy: options.startedBy, ...(options.meta ?? {}) },
      });
      await audit(options.startedBy, 'workflow.run_started', runId, { workflowId: id, input: parsed as Json, ...(options.meta ? { meta: options.meta } : {}) });
      return runId;
    },
    /** Runs the workflow with real reads and recorded, unsent writes; returns the plan. */
    async dryRun(id: string, input: unknown, options: { startedBy: string }): Promise<DryRunPlan> {
      const workflow = get(id);
      const parsed = parseInput(workflow, input);
      return dryRunWorkflow(workflow, parsed, { okta: deps.okta(), startedBy: options.startedBy, clock: deps.clock, run: runWithApproval });
    },
  };
  self.runtime = runtime;
  return runtime;
}

export type WorkflowRuntime = ReturnType<typeof createWorkflowRuntime>;
