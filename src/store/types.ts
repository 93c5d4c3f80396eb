/**
 * The records the store keeps, as the rest of Gatehouse sees them (times are ms since epoch,
 * JSON is parsed and validated on read).
 */
import { z } from 'zod';

/** A JSON value as stored. Structurally the same as the engine's `Json`. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** zod guard for {@link JsonValue}. */
export const jsonValueSchema: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([z.null(), z.boolean(), z.number(), z.string(), z.array(jsonValueSchema), z.record(z.string(), jsonValueSchema)]),
);

/** A stored error: a stable code and a message. */
export const storedErrorSchema = z.object({ code: z.string(), message: z.string() });
export type StoredError = z.infer<typeof storedErrorSchema>;

/** A JSON object (meta, audit data). */
export const jsonObjectSchema = z.record(z.string(), jsonValueSchema);
export type JsonObject = z.infer<typeof jsonObjectSchema>;

export const runStatusValues = ['queued', 'running', 'sleeping', 'waiting', 'completed', 'failed', 'cancelled'] as const;
export type StoredRunStatus = (typeof runStatusValues)[number];
/** Statuses after which a run never changes again. */
export const finalRunStatuses: readonly StoredRunStatus[] = ['completed', 'failed', 'cancelled'];

export const stepKindValues = ['step', 'sleep', 'wait', 'now'] as const;
export type StepKind = (typeof stepKindValues)[number];
export const stepStatusValues = ['completed', 'failed', 'pending'] as const;
export type StepStatus = (typeof stepStatusValues)[number];

/** One run. */
export interface RunRecord {
  id: string;
  workflowId: string;
  status: StoredRunStatus;
  input: JsonValue;
  output: JsonValue | null;
  error: StoredError | null;
  wakeAt: number | null;
  waitKey: string | null;
  /** How many times the run was claimed for execution; doubles as the lease's fencing token. */
  attempt: number;
  leaseOwner: string | null;
  leaseExpiresAt: number | null;
  idempotencyKey: string | null;
  meta: JsonObject;
  createdAt: number;
  updatedAt: number;
}

/** A new run. */
export interface NewRun {
  id: string;
  workflowId: string;
  input: JsonValue;
  idempotencyKey?: string | null;
  meta?: JsonObject;
  /** When it becomes due (default: now). */
  wakeAt?: number;
  now: number;
}

/** The fencing token of a claimed run: writes succeed only while the run still has this owner and attempt. */
export interface Lease {
  runId: string;
  owner: string;
  attempt: number;
}

/** One journal entry. `wakeAt` is the deadline of a pending sleep, wait timeout or step retry. */
export interface StepRecord {
  runId: string;
  seq: number;
  stepId: string;
  kind: StepKind;
  status: StepStatus;
  output: JsonValue | null;
  error: StoredError | null;
  attempts: number;
  startedAt: number;
  endedAt: number | null;
  wakeAt: number | null;
}

/** How a claimed run's execution ends (it releases the lease). */
export type RunRelease =
  | { status: 'completed'; output: JsonValue | null }
  | { status: 'failed'; error: StoredError }
  | { status: 'sleeping'; wakeAt: number }
  | { status: 'queued' };

/** Filters for listing runs. */
export interface RunQuery {
  workflowId?: string;
  status?: StoredRunStatus;
  limit?: number;
}

/** What `awaitSignal` found. */
export type AwaitSignalResult = { kind: 'delivered'; payload: JsonValue } | { kind: 'timedOut' } | { kind: 'suspended' };

/** A cron schedule. */
export interface ScheduleRecord {
  id: string;
  workflowId: string;
  cron: string;
  timezone: string | null;
  input: JsonValue;
  nextFireAt: number | null;
  lastFireAt: number | null;
  enabled: boolean;
  createdAt: number;
  updatedAt: number;
}

/** One entry of the hash-chained audit log. */
export interface AuditEntry {
  seq: number;
  at: number;
  actor: string;
  /** `noun.verb` in the past tense, e.g. `access.granted`. */
  action: string;
  target: string | null;
  data: JsonObject;
  prevHash: string;
  hash: string;
}

/** What `appendAudit` takes. */
export interface NewAuditEntry {
  actor: string;
  action: string;
  target?: string | null;
  data?: JsonObject;
  /** Defaults to the store's clock. */
  at?: number;
}

/** Filters for reading the audit log (oldest first). */
export interface AuditQuery {
  afterSeq?: number;
  limit?: number;
  actor?: string;
  action?: string;
  target?: string;
}

/** The result of checking the audit chain. */
export type AuditChainCheck = { ok: true; count: number } | { ok: false; count: number; brokenAt: number; reason: string };

/** One document of the generic key-value table. */
export interface KvEntry {
  namespace: string;
  key: string;
  value: JsonValue;
  updatedAt: number;
  /** 1 when created, +1 on every write: what {@link Store.kvPutIfVersion} compares. */
  version: number;
}
