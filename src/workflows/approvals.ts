/**
 * Approvals asked for by `ctx.waitForApproval`: a record people can see and decide, and a durable
 * wait in the engine that the decision ends. Deciding is single-use: the first decision wins, later
 * ones are answered "already decided"; only a listed approver may decide, and never the person the
 * run was started by, unless the workflow said so.
 */
import { z } from 'zod';
import type { Clock } from '../common/clock.ts';
import type { Json } from '../engine/contract.ts';
import type { AuditSink } from './audit-export.ts';
import { ApprovalError } from './errors.ts';
import type { ApprovalDecision } from './sdk.ts';

export const approvalStatuses = ['pending', 'approved', 'denied', 'expired', 'cancelled'] as const;

/** An approval as stored. */
export const approvalRecordSchema = z.object({
  id: z.string(),
  runId: z.string(),
  stepId: z.string(),
  workflowId: z.string(),
  approvers: z.array(z.string()),
  reason: z.string(),
  requestedBy: z.string(),
  allowSelfApproval: z.boolean(),
  status: z.enum(approvalStatuses),
  decidedBy: z.string().nullable(),
  comment: z.string().nullable(),
  createdAt: z.number(),
  expiresAt: z.number(),
  decidedAt: z.number().nullable(),
});
export type ApprovalRecord = z.infer<typeof approvalRecordSchema>;

/** Where approvals are kept (the store, in production). */
export interface ApprovalRepository {
  get(id: string): Promise<ApprovalRecord | undefined>;
  put(record: ApprovalRecord): Promise<void>;
  /**
   * Stores `next` only if the stored record is still pending; returns false when someone else
   * decided first (the single-use guarantee).
   */
  decideIfPending(next: ApprovalRecord): Promise<boolean>;
  list(filter?: { status?: ApprovalRecord['status']; approver?: string }): Promise<ApprovalRecord[]>;
}

/** The key of the engine signal a decision sends. */
export const approvalSignalKey = (approvalId: string) => `approval:${approvalId}`;

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** Deciding approvals: what the API, the CLI, the console and chat call. */
export function createApprovals(deps: {
  repository: ApprovalRepository;
  signal: (key: string, payload: Json) => Promise<number>;
  clock: Clock;
  audit?: AuditSink;
}) {
  const { repository, clock } = deps;
  return {
    get: (id: string) => repository.get(id),
    list: (filter?: { status?: ApprovalRecord['status']; approver?: string }) => repository.list(filter),
    /** Closes the pending approvals of a run that was cancelled (nobody can decide them any more). */
    async cancelForRun(runId: string, by: string): Promise<number> {
      let closed = 0;
      for (const record of await repository.list({ status: 'pending' })) {
        if (record.runId !== runId) continue;
        if (await repository.decideIfPending({ ...record, status: 'cancelled', decidedBy: by, decidedAt: clock.now() })) closed++;
      }
      return closed;
    },
    /**
     * Records a decision and resumes the waiting run.
     * @throws {ApprovalError} not found, not an approver, self-approval, or already decided
     */
    async decide(id: string, input: { by: string; approved: boolean; comment?: string | null }): Promise<ApprovalRecord> {
      const record = await repository.get(id);
      if (!record) throw new ApprovalError('not_found', `There is no approval "${id}".`);
      if (record.status !== 'pending') {
        throw new ApprovalError('already_decided', `This approval was already ${record.status}${record.decidedBy ? ` by ${record.decidedBy}` : ''}.`);
      }
      if (!record.approvers.some((a) => same(a, input.by))) {
        throw new ApprovalError('not_an_approver', `${input.by} is not an approver of this request; its approvers are ${record.approvers.join(', ')}.`);
      }
      if (!record.allowSelfApproval && same(record.requestedBy, input.by)) {
        throw new ApprovalError('self_approval', 'You cannot approve your own request; another approver must decide it.');
      }
      const now = clock.now();
      const next: ApprovalRecord = {
        ...record,
        status: input.approved ? 'approved' : 'denied',
        decidedBy: input.by,
        comment: input.comment ?? null,
        decidedAt: now,
      };
      if (!(await repository.decideIfPending(next))) {
        const current = await repository.get(id);
        throw new ApprovalError('already_decided', `This approval was already ${current?.status ?? 'decided'}${current?.decidedBy ? ` by ${current.decidedBy}` : ''}.`);
      }
      await deps.audit?.appendAudit({
        actor: input.by,
        action: input.approved ? 'approval.approved' : 'approval.denied',
        target: id,
        data: { runId: record.runId, workflowId: record.workflowId, comment: input.comment ?? null },
      });
      const decision: ApprovalDecision = { approved: input.approved, by: input.by, comment: input.comment ?? null, at: new Date(now).toISOString() };
      await deps.signal(approvalSignalKey(id), decision as unknown as Json);
      return next;
    },
  };
}

export type Approvals = ReturnType<typeof createApprovals>;
