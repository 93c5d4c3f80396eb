/**
 * What each conversation waits for (a "yes", or one missing value), between turns. Several
 * Gatehouse processes on one database may each get a turn of the same conversation (a load
 * balancer, Slack's retries), so the state lives in the store's kv (namespace `chat.conversations`)
 * and is taken with compare-and-set: of two "yes" to one proposal, in one process or two, exactly
 * one acts. In memory when no store is given (tests, the one-shot CLI).
 */
import { z } from 'zod';
import type { Json } from '../engine/contract.ts';
import { throttledPrune, type KvPrunePort } from '../store/index.ts';
import type { VersionedKvPort } from '../workflows/approval-repository.ts';
import { fieldKinds, intents, type Conversations, type ConversationState, type Pending, type ProposedAction, type Understanding } from './types.ts';

export type { Conversations, ConversationState, Pending };

const json = z.json() as unknown as z.ZodType<Json>;
const understandingSchema: z.ZodType<Understanding> = z.object({
  intent: z.enum(intents),
  confidence: z.number(),
  values: z.record(z.string(), json),
  alternatives: z.array(z.object({ intent: z.enum(intents), workflowId: z.string().optional(), confidence: z.number() })),
  explanation: z.array(z.string()),
}) as z.ZodType<Understanding>;
const actionSchema: z.ZodType<ProposedAction> = z.object({
  kind: z.enum(['access.request', 'access.extend', 'access.release', 'approval.decide', 'workflow.run']),
  summary: z.string(),
  details: z.record(z.string(), json),
});

/** What a conversation waits for ({@link Pending}), as read back from the store. */
export const pendingSchema: z.ZodType<Pending> = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('confirm'), action: actionSchema, understood: understandingSchema }),
  z.object({
    kind: z.literal('ask'),
    intent: z.enum(intents),
    field: z.string(),
    fieldKind: z.enum([...fieldKinds, 'choice']),
    options: z.array(z.object({ label: z.string(), value: json })).optional(),
    values: z.record(z.string(), json),
    understood: understandingSchema,
  }),
]);

/** How long a question or a proposal waits for its answer. */
export const CONVERSATION_TTL_MS = 30 * 60_000;
const namespace = 'chat.conversations';
const documentSchema = z.object({ pending: pendingSchema.nullable(), at: z.number() });

/** Conversations in the store's kv, shared by every process on the database; waits past the TTL (and taken ones) are pruned now and then. */
export function createKvConversations(kv: VersionedKvPort & KvPrunePort): Conversations {
  const prune = throttledPrune(kv, namespace, CONVERSATION_TTL_MS);
  return {
    async get(conversationId, now) {
      const entry = await kv.kvGet(namespace, conversationId);
      const parsed = documentSchema.safeParse(entry?.value);
      // A document this version cannot read is treated as no state: the person is asked afresh.
      if (!entry || !parsed.success || parsed.data.pending === null || now - parsed.data.at > CONVERSATION_TTL_MS) return undefined;
      return { pending: parsed.data.pending, at: parsed.data.at, version: entry.version };
    },
    async set(conversationId, pending, now) {
      await prune(now);
      await kv.kvPut(namespace, conversationId, { pending, at: now } as unknown as Json);
    },
    async take(conversationId, version) {
      // A tombstone rather than a delete: the version check and the removal are one statement.
      return (await kv.kvPutIfVersion(namespace, conversationId, { pending: null, at: 0 }, version)) !== undefined;
    },
  };
}

/** Conversations in this process's memory. */
export function createMemoryConversations(): Conversations {
  const states = new Map<string, ConversationState>();
  let versions = 0;
  return {
    async get(conversationId, now) {
      for (const [id, s] of states) if (now - s.at > CONVERSATION_TTL_MS) states.delete(id);
      return states.get(conversationId);
    },
    async set(conversationId, pending, now) {
      states.set(conversationId, { pending, at: now, version: ++versions });
    },
    async take(conversationId, version) {
      if (states.get(conversationId)?.version !== version) return false;
      states.delete(conversationId);
      return true;
    },
  };
}
