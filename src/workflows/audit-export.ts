/** Exports of the audit log an auditor can take away: JSON lines and CSV, oldest first. */
import { toCsv } from '../common/csv.ts';
import type { Json } from '../engine/contract.ts';
import type { AuditEntry } from '../store/index.ts';

/** Where the workflows layer writes audit entries (the store's `appendAudit`). */
export interface AuditSink {
  appendAudit(entry: { actor: string; action: string; target?: string | null; data?: Record<string, Json> }): Promise<unknown>;
}

const columns = ['seq', 'at', 'actor', 'action', 'target', 'data', 'prevHash', 'hash'] as const;

const row = (e: AuditEntry) => ({ seq: e.seq, at: new Date(e.at).toISOString(), actor: e.actor, action: e.action, target: e.target, data: e.data, prevHash: e.prevHash, hash: e.hash });

/** One JSON object per line, with `at` as ISO time. */
export const auditToJsonLines = (entries: readonly AuditEntry[]): string => entries.map((e) => JSON.stringify(row(e)) + '\n').join('');

/** CSV with a header line; `data` as JSON. */
export const auditToCsv = (entries: readonly AuditEntry[]): string => toCsv(columns, entries.map(row));
