/**
 * Approvals asked for by `ctx.waitForApproval` and by access requests: a record people can see and
 * decide, and a durable wait in the engine that the outcome ends. An approval needs `required`
 * approvers (any one, by default) and ends at the first denial. Deciding is single-use: each
 * approver decides once, a decided approval answers "already decided" (a compare-and-set in the
 * store, so also across processes); only a listed approver may decide, and never the requester or
 * the person the access is for, unless the policy allows it.
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
  /** How many approvers must approve (N-of); 1 is any-of. */
  required: z.number().int().min(1).default(1),
  /** The person the request is for when it is not the requester (they may not approve it either). */
  subject: z.string().nullable().default(null),
  /** Who decided what so far (an N-of approval collects several). */
  decisions: z
    .array(z.object({ by: z.string(), approved: z.boolean(), comment: z.string().nullable(), at: z.number(), data: z.record(z.string(), z.json()).default({}) }))
    .default([]),
  /** What the asker attached (the access request id, the resource, …), shown to approvers. */
  context: z.record(z.string(), z.json()).default({}),
  decidedBy: z.string().nullable(),
  comment: z.string().nullable(),
  createdAt: z.number(),
  expiresAt: z.number(),
  decidedAt: z.number().nullable(),
});
export type ApprovalRecord = z.infer<typeof approvalRecordSchema>;
export type NewApprovalRecord = z.input<typeof approvalRecordSchema>;

/** Where approvals are kept (the store, in production). */
export interface ApprovalRepository {
  get(id: string): Promise<ApprovalRecord | undefined>;
  put(record: NewApprovalRecord): Promise<void>;
  /**
   * Changes a record atomically: `change` gets the current record and returns the next one, or
   * undefined to leave it; it is called again if another writer changed the record in between.
   * Returns the record as stored afterwards and whether this call changed it.
   */
  update(id: string, change: (current: ApprovalRecord) => ApprovalRecord | undefined): Promise<{ record: ApprovalRecord | undefined; changed: boolean }>;
  list(filter?: { status?: ApprovalRecord['status']; approver?: string }): Promise<ApprovalRecord[]>;
}

/** Closes a pending approval (expired, cancelled) unless it was decided first; true when this call closed it. */
export async function closeIfPending(repository: ApprovalRepository, id: string, status: 'expired' | 'cancelled', by: string | null, at: number): Promise<boolean> {
  const { changed } = await repository.update(id, (current) => (current.status === 'pending' ? { ...current, status, decidedBy: by, decidedAt: at } : undefined));
  return changed;
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
        if (await closeIfPending(repository, record.id, 'cancelled', by, clock.now())) closed++;
      }
      return closed;
    },
    /**
     * Records a decision; when it settles the approval (a denial, or the last approval needed),
     * resumes the waiting run. `data` travels with the decision (an approver's shorter duration).
     * @throws {ApprovalError} not found, not an approver, self-approval, or already decided
     */
    async decide(id: string, input: { by: string; approved: boolean; comment?: string | null; data?: Record<string, Json> }): Promise<ApprovalRecord> {
      const alreadyDecided = (record: ApprovalRecord | undefined) =>
        new ApprovalError('already_decided', `This approval was already ${record?.status ?? 'decided'}${record?.decidedBy ? ` by ${record.decidedBy}` : ''}.`);
      const first = await repository.get(id);
      if (!first) throw new ApprovalError('not_found', `There is no approval "${id}".`);
      let refusal: ApprovalError | undefined;
      const now = clock.now();
      const comment = input.comment ?? null;
      const { record, changed } = await repository.update(id, (current) => {
        refusal = undefined;
        if (current.status !== 'pending') return void (refusal = alreadyDecided(current));
        if (!current.approvers.some((a) => same(a, input.by))) {
          return void (refusal = new ApprovalError('not_an_approver', `${input.by} is not an approver of this request; its approvers are ${current.approvers.join(', ')}.`));
        }
        if (!current.allowSelfApproval && (same(current.requestedBy, input.by) || (current.subject !== null && same(current.subject, input.by)))) {
          return void (refusal = new ApprovalError('self_approval', 'You cannot approve your own request; another approver must decide it.'));
        }
        if (current.decisions.some((d) => same(d.by, input.by))) {
          return void (refusal = new ApprovalError('already_decided', `You already decided this approval; it waits for ${current.required - approvedCount(current)} more approver(s).`));
        }
        const decisions = [...current.decisions, { by: input.by, approved: input.approved, comment, at: now, data: input.data ?? {} }];
        const settled = !input.approved || approvedCount({ decisions }) >= current.required;
        if (!settled) return { ...current, decisions };
        return { ...current, decisions, status: input.approved ? 'approved' : 'denied', decidedBy: input.by, comment, decidedAt: now };
      });
      if (refusal) throw refusal;
      if (!changed || !record) throw alreadyDecided(record);
      await deps.audit?.appendAudit({
        actor: input.by,
        action: input.approved ? 'approval.approved' : 'approval.denied',
        target: id,
        data: { runId: record.runId, workflowId: record.workflowId, comment, ...(record.status === 'pending' ? { awaiting: record.required - approvedCount(record) } : {}) },
      });
      if (record.status !== 'pending') {
        const decision: ApprovalDecision = {
          approved: record.status === 'approved',
          by: input.by,
          comment,
          at: new Date(now).toISOString(),
          ...(record.decisions.length > 1 || input.data ? { decisions: record.decisions.map((d) => ({ ...d, at: new Date(d.at).toISOString() })) } : {}),
        };
        await deps.signal(approvalSignalKey(id), decision as unknown as Json);
      }
      return record;
    },
  };
}

const approvedCount = (record: Pick<ApprovalRecord, 'decisions'>) => record.decisions.filter((d) => d.approved).length;

export type Approvals = ReturnType<typeof createApprovals>;
