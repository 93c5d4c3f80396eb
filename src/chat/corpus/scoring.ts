/**
 * Scoring a corpus of chat requests (./requests.ts, ./held-out.ts) against the agent: every case goes
 * through `understand` and, in a fresh conversation, through `handle`. A case counts when the intent and
 * every expected value were understood (and `handle` understood the same intent); an ambiguous case
 * counts only when the reply asks and proposes or does nothing. The report gives the accuracy overall
 * and per intent, with every miss and its explanation.
 */
import type { Json } from '../../engine/contract.ts';
import { fillPlaceholders, type ChatTestbed } from '../testing.ts';
import type { AgentReply, Understanding } from '../types.ts';
import type { CorpusCase } from './requests.ts';

/** One case as scored. */
export interface Outcome {
  index: number;
  c: CorpusCase;
  text: string;
  login: string;
  understood: Understanding | null;
  reply: AgentReply | null;
  /** Why the case missed; empty when it passed. */
  problems: string[];
}

/** "8h", "8 hours", "30m", "2 weeks" → ms, as the temporary-group-membership schema reads them. */
function durationOf(text: string): number | undefined {
  const m = /^\s*(\d+)\s*(m|min|mins|minutes?|h|hrs?|hours?|d|days?|w|weeks?)\s*$/i.exec(text);
  if (!m) return undefined;
  const unit = m[2]!.toLowerCase();
  const ms = unit.startsWith('mi') || unit === 'm' ? 60_000 : unit.startsWith('h') ? 3_600_000 : unit.startsWith('d') ? 86_400_000 : 604_800_000;
  return Number(m[1]) * ms;
}

/** Expected vs understood: strings case-insensitively, arrays as sets, objects partially. */
function same(key: string, expected: Json, got: Json | undefined): boolean {
  if (got === undefined) return false;
  if (typeof expected === 'string') {
    if (typeof got !== 'string') return false;
    if (key === 'duration') {
      const [a, b] = [durationOf(expected), durationOf(got)];
      if (a !== undefined && b !== undefined) return a === b;
    }
    return expected.trim().toLowerCase() === got.trim().toLowerCase();
  }
  if (Array.isArray(expected)) {
    return Array.isArray(got) && got.length === expected.length && expected.every((e) => got.some((g) => same(key, e, g)));
  }
  if (expected !== null && typeof expected === 'object') {
    if (got === null || typeof got !== 'object' || Array.isArray(got)) return false;
    return Object.entries(expected).every(([k, v]) => same(k, v, got[k]));
  }
  return expected === got;
}

function filler(tb: ChatTestbed) {
  const fill = (value: Json): Json => {
    if (typeof value === 'string') return fillPlaceholders(value, tb.personas, tb.requests ?? undefined);
    if (Array.isArray(value)) return value.map(fill);
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v)]));
    return value;
  };
  return fill;
}

const show = (value: unknown) => JSON.stringify(value);

function judge(o: Outcome, fill: (value: Json) => Json): void {
  const { expect: want } = o.c;
  if (want.ask) {
    const reply = o.reply;
    if (!reply) return;
    if (reply.proposedAction) o.problems.push(`acted on an ambiguous message: proposed ${reply.proposedAction.kind} (${reply.proposedAction.summary})`);
    if (reply.done) o.problems.push(`acted on an ambiguous message: did ${reply.done.kind}`);
    if (!reply.question && reply.understood.intent !== 'unknown') o.problems.push(`did not ask: no question, intent ${reply.understood.intent}`);
    return;
  }
  const u = o.understood;
  if (!u) return;
  if (u.intent !== want.intent) o.problems.push(`intent ${u.intent}, expected ${want.intent}`);
  for (const [key, value] of Object.entries(want.values ?? {})) {
    const expected = fill(value);
    if (!same(key, expected, u.values[key])) o.problems.push(`${key}: got ${show(u.values[key])}, expected ${show(expected)}`);
  }
  for (const [key, part] of Object.entries(want.contains ?? {})) {
    const got = u.values[key];
    if (typeof got !== 'string' || !got.toLowerCase().includes(part.toLowerCase())) o.problems.push(`${key}: got ${show(got)}, expected it to contain ${show(part)}`);
  }
  if (o.reply && o.reply.understood.intent !== u.intent) o.problems.push(`handle() understood ${o.reply.understood.intent} where understand() said ${u.intent}`);
}

function report(outcomes: readonly Outcome[], label: string, requiredAccuracy: number, fill: (value: Json) => Json): string {
  const lines: string[] = [];
  const pct = (n: number, d: number) => `${((100 * n) / Math.max(1, d)).toFixed(1)} %`;
  const passed = outcomes.filter((o) => o.problems.length === 0).length;
  lines.push(`\n${label}: ${passed}/${outcomes.length} understood = ${pct(passed, outcomes.length)} (required ${pct(requiredAccuracy * 100, 100)})`);
  const groups = new Map<string, Outcome[]>();
  for (const o of outcomes) {
    const key = o.c.expect.ask ? 'ambiguous (must ask)' : o.c.expect.intent === 'workflow.run' ? `workflow.run ${String(o.c.expect.values?.workflowId)}` : o.c.expect.intent;
    groups.set(key, [...(groups.get(key) ?? []), o]);
  }
  for (const [key, list] of groups) {
    const ok = list.filter((o) => o.problems.length === 0).length;
    lines.push(`  ${key.padEnd(42)} ${String(ok).padStart(3)}/${String(list.length).padEnd(3)} ${pct(ok, list.length).padStart(8)}`);
  }
  const acted = outcomes.filter((o) => o.c.expect.ask && (o.reply?.proposedAction || o.reply?.done)).length;
  const wrongActions = outcomes.filter((o) => !o.c.expect.ask && o.problems.length > 0 && o.reply?.proposedAction).length;
  lines.push(`  ambiguous messages acted on: ${acted}; misses that still proposed an action: ${wrongActions}`);
  const misses = outcomes.filter((o) => o.problems.length > 0);
  if (misses.length > 0) lines.push(`\nMisses (${misses.length}):`);
  for (const o of misses) {
    const want = o.c.expect;
    lines.push(`- #${o.index} [as ${o.c.as}] ${show(o.text)}`);
    lines.push(`    expected: ${want.ask ? 'a question, no action' : want.intent}${want.values ? ` ${show(fill(want.values))}` : ''}${want.contains ? ` containing ${show(want.contains)}` : ''}`);
    if (o.understood) lines.push(`    got: ${o.understood.intent} ${show(o.understood.values)} (confidence ${o.understood.confidence.toFixed(2)})`);
    for (const p of o.problems) lines.push(`    ✗ ${p}`);
    if (o.understood?.explanation.length) lines.push(`    explanation: ${o.understood.explanation.join(' | ')}`);
    if (o.reply) lines.push(`    reply: ${show(o.reply.text.slice(0, 200))}${o.reply.question ? ` (question on ${o.reply.question.field})` : ''}${o.reply.proposedAction ? ` (proposes ${o.reply.proposedAction.kind})` : ''}`);
  }
  return lines.join('\n');
}

/** Runs and scores every case; `prefix` names the conversations. */
export async function scoreCorpus(tb: ChatTestbed, corpus: readonly CorpusCase[], options: { label: string; requiredAccuracy: number; prefix: string }): Promise<{ outcomes: Outcome[]; report: string }> {
  const fill = filler(tb);
  const outcomes: Outcome[] = [];
  const cases = corpus.map((c, index) => ({ index, c, text: fillPlaceholders(c.text, tb.personas, tb.requests ?? undefined), login: tb.personas[c.as].login }));
  // Every understanding first (it changes nothing), then every turn, each in its own conversation.
  for (const x of cases) {
    const o: Outcome = { ...x, understood: null, reply: null, problems: [] };
    try {
      o.understood = await tb.agent.understand(x.text, { login: x.login });
    } catch (err) {
      o.problems.push(`understand() threw: ${err instanceof Error ? err.message : String(err)}`);
    }
    outcomes.push(o);
  }
  for (const o of outcomes) {
    try {
      o.reply = await tb.agent.handle({ conversationId: `${options.prefix}-${o.index}`, identity: { surface: 'terminal', id: o.login, login: o.login }, text: o.text });
    } catch (err) {
      o.problems.push(`handle() threw: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  for (const o of outcomes) judge(o, fill);
  return { outcomes, report: report(outcomes, options.label, options.requiredAccuracy, fill) };
}
