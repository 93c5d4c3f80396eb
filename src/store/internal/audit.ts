/**
 * The append-only, hash-chained audit log. Each entry's hash is sha256(prev_hash + canonical JSON
 * of the entry's fields), so editing, deleting or reordering an entry breaks every hash after it.
 * Appends are serialised (an advisory lock on PostgreSQL) so the chain never forks.
 */
import { createHash } from 'node:crypto';
import type { Selectable } from 'kysely';
import { AuditEntryInvalidError } from '../errors.ts';
import { jsonObjectSchema, type AuditChainCheck, type AuditEntry, type AuditQuery, type JsonObject, type NewAuditEntry } from '../types.ts';
import { canonicalJson } from './canonical-json.ts';
import { lockName, type StoreContext } from './context.ts';
import type { AuditTable } from './schema.ts';

/** The prev_hash of the first entry. */
export const genesisHash = '0'.repeat(64);
const actionPattern = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;

/** The hash of one entry given its predecessor's hash. */
export function auditHash(prevHash: string, entry: { seq: number; at: number; actor: string; action: string; target: string | null; data: JsonObject }): string {
  const canonical = canonicalJson({ seq: entry.seq, at: entry.at, actor: entry.actor, action: entry.action, target: entry.target, data: entry.data });
  return createHash('sha256').update(prevHash).update(canonical).digest('hex');
}

function toEntry(ctx: StoreContext, row: Selectable<AuditTable>): AuditEntry {
  return {
    seq: row.seq,
    at: row.at,
    actor: row.actor,
    action: row.action,
    target: row.target,
    data: ctx.codec.decode(row.data, jsonObjectSchema, `audit_log[${row.seq}].data`),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

export function createAuditQueries(ctx: StoreContext) {
  const { db } = ctx;
  return {
    /** Appends one entry to the chain. Callers redact secrets from `data` first (CONVENTIONS 17). */
    async appendAudit(input: NewAuditEntry): Promise<AuditEntry> {
      if (!actionPattern.test(input.action)) {
        throw new AuditEntryInvalidError(`Audit action must be a dotted lower-case noun.verb in the past tense like "access.granted"; got ${JSON.stringify(input.action)}.`);
      }
      if (input.actor.trim() === '') throw new AuditEntryInvalidError('Audit actor must not be empty; use e.g. "system" or the user\'s login.');
      // Round-trip through JSON so the hash covers exactly what is stored (no undefined, no Dates).
      const data = jsonObjectSchema.parse(JSON.parse(JSON.stringify(input.data ?? {})));
      const at = input.at ?? ctx.clock.now();
      return db.transaction().execute(async (trx) => {
        await lockName(ctx, trx, 'gatehouse:audit');
        const last = await trx.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
        const seq = (last?.seq ?? 0) + 1;
        const prevHash = last?.hash ?? genesisHash;
        const target = input.target ?? null;
        const hash = auditHash(prevHash, { seq, at, actor: input.actor, action: input.action, target, data });
        await trx.insertInto('audit_log').values({ seq, at, actor: input.actor, action: input.action, target, data: ctx.codec.encode(data), prev_hash: prevHash, hash }).execute();
        return { seq, at, actor: input.actor, action: input.action, target, data, prevHash, hash };
      });
    },

    /** Reads entries oldest first. */
    async listAudit(query: AuditQuery = {}): Promise<AuditEntry[]> {
      let q = db.selectFrom('audit_log').selectAll();
      if (query.afterSeq !== undefined) q = q.where('seq', '>', query.afterSeq);
      if (query.actor !== undefined) q = q.where('actor', '=', query.actor);
      if (query.action !== undefined) q = q.where('action', '=', query.action);
      if (query.target !== undefined) q = q.where('target', '=', query.target);
      const rows = await q.orderBy('seq').limit(query.limit ?? 1000).execute();
      return rows.map((row) => toEntry(ctx, row));
    },

    /** Walks the whole chain and reports the first entry whose sequence, link or hash is wrong. */
    async verifyAuditChain(): Promise<AuditChainCheck> {
      let prevHash = genesisHash;
      let expectedSeq = 1;
      let count = 0;
      for (;;) {
        const rows = await db.selectFrom('audit_log').selectAll().where('seq', '>=', expectedSeq).orderBy('seq').limit(500).execute();
        if (rows.length === 0) return { ok: true, count };
        for (const row of rows) {
          if (row.seq !== expectedSeq) return { ok: false, count, brokenAt: expectedSeq, reason: `entry ${expectedSeq} is missing (next is ${row.seq})` };
          if (row.prev_hash !== prevHash) return { ok: false, count, brokenAt: row.seq, reason: `entry ${row.seq} does not link to the hash of entry ${row.seq - 1}` };
          let entry: AuditEntry;
          try {
            entry = toEntry(ctx, row);
          } catch {
            return { ok: false, count, brokenAt: row.seq, reason: `entry ${row.seq} has unreadable data` };
          }
          if (auditHash(prevHash, entry) !== row.hash) return { ok: false, count, brokenAt: row.seq, reason: `entry ${row.seq} was altered (its hash does not match its content)` };
          prevHash = row.hash;
          expectedSeq += 1;
          count += 1;
        }
      }
    },
  };
}
