/**
 * The help desk agent against its corpus (issue 6): every request in ./corpus/requests.ts goes through
 * `understand` and, in a fresh conversation, through `handle`, on the demo org synced from the emulator.
 * A case counts when the intent and every expected value were understood (and `handle` understood the
 * same intent); an ambiguous case counts only when the reply asks and proposes or does nothing. Prints
 * the accuracy overall and per intent with every miss, and requires at least 95 % and no ambiguous
 * message acted on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog as workflowCatalog } from '../workflows/catalog/index.ts';
import { corpus } from './corpus/requests.ts';
import { scoreCorpus, type Outcome } from './corpus/scoring.ts';
import { createChatTestbed, type ChatTestbed } from './testing.ts';
import { intents } from './types.ts';

const REQUIRED_ACCURACY = 0.95;

let tb: ChatTestbed;
let outcomes: Outcome[] = [];

beforeAll(async () => {
  tb = await createChatTestbed();
  const scored = await scoreCorpus(tb, corpus, { label: 'Chat corpus', requiredAccuracy: REQUIRED_ACCURACY, prefix: 'corpus' });
  outcomes = scored.outcomes;
  console.log(scored.report);
}, 180_000);

afterAll(async () => {
  await tb?.close();
});

describe('the chat corpus', () => {
  it('has at least 150 cases over every intent and every catalog workflow, about a tenth of them ambiguous', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(150);
    const covered = new Set(corpus.filter((c) => !c.expect.ask).map((c) => c.expect.intent));
    for (const intent of intents) if (intent !== 'unknown') expect(covered, intent).toContain(intent);
    const workflows = new Set(corpus.map((c) => c.expect.values?.workflowId));
    for (const w of workflowCatalog) expect(workflows, w.id).toContain(w.id);
    const ambiguous = corpus.filter((c) => c.expect.ask).length / corpus.length;
    expect(ambiguous).toBeGreaterThanOrEqual(0.08);
    expect(ambiguous).toBeLessThanOrEqual(0.16);
  });

  it(`understands at least ${REQUIRED_ACCURACY * 100} % of the requests (intent and values)`, () => {
    const passed = outcomes.filter((o) => o.problems.length === 0).length;
    expect(outcomes).toHaveLength(corpus.length);
    expect(passed / outcomes.length).toBeGreaterThanOrEqual(REQUIRED_ACCURACY);
  });

  it('answers every ambiguous request with a question, never an action', () => {
    const acted = outcomes.filter((o) => o.c.expect.ask && (o.reply === null || o.reply.proposedAction !== null || o.reply.done !== null));
    expect(acted.map((o) => o.text)).toEqual([]);
  });
});
