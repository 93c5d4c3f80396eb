/**
 * Where approval cards were posted, so that a decision (made here, in the console, the CLI or by a
 * timeout) rewrites every approver's card of that approval. Kept in the store's kv (namespace
 * `slack.cards`) so a restarted Gatehouse still finds them; in memory when no store is given.
 */
import type { Json } from '../../../engine/contract.ts';
import type { KvPort } from '../../../workflows/approval-repository.ts';
import { z } from 'zod';

export const cardRefSchema = z.object({
  runId: z.string(),
  approvalId: z.string(),
  login: z.string(),
  channel: z.string(),
  ts: z.string(),
  /** What the card shows (to draw it again with the outcome). */
  details: z.object({
    subject: z.string(),
    text: z.string(),
    what: z.string().optional(),
    requestedBy: z.string(),
    forUser: z.string().nullable().optional(),
    durationMs: z.number().nullable().optional(),
    justification: z.string().nullable().optional(),
    step: z.string().nullable().optional(),
  }),
  /** The outcome line last drawn (null: still the card with buttons). */
  drawn: z.string().nullable().default(null),
  /** The approval had its final outcome when drawn: nothing will change it again. */
  final: z.boolean().default(false),
});
export type CardRef = z.infer<typeof cardRefSchema>;

const namespace = 'slack.cards';
const keyOf = (c: Pick<CardRef, 'runId' | 'approvalId' | 'login' | 'ts'>) => `${c.runId}/${c.approvalId}/${c.login.toLowerCase()}/${c.ts}`;

/** Creates the index on a kv store, or in memory. */
export function createCardIndex(kv?: KvPort) {
  const memory = new Map<string, CardRef>();
  const put = async (card: CardRef) => {
    if (kv) await kv.kvPut(namespace, keyOf(card), card as unknown as Json);
    else memory.set(keyOf(card), card);
  };
  const list = async (prefix: string): Promise<CardRef[]> => {
    if (!kv) return [...memory.entries()].filter(([k]) => k.startsWith(prefix)).map(([, v]) => v);
    return (await kv.kvList(namespace, { prefix, limit: 10_000 })).map((e) => cardRefSchema.safeParse(e.value)).flatMap((r) => (r.success ? [r.data] : []));
  };
  return {
    put,
    /** The cards of one approval. */
    ofApproval: (runId: string, approvalId: string) => list(`${runId}/${approvalId}/`),
    /** The cards of a run that may still change. */
    openOfRun: async (runId: string) => (await list(`${runId}/`)).filter((c) => !c.final),
  };
}

export type CardIndex = ReturnType<typeof createCardIndex>;
