/**
 * Filling a workflow's input from a message, field by field from its JSON Schema: people (login,
 * email, user, manager fields), groups, apps, durations, day counts, a quoted or "called …" name, a
 * reason after "because". What a required field lacks is asked for, one at a time, with the
 * field's own description.
 */
import type { Json } from '../engine/contract.ts';
import type { AnyWorkflow } from '../workflows/sdk.ts';
import { findDuration } from './durations.ts';
import type { Knowledge, Person } from './knowledge.ts';
import { closeTo, normalize, stem, words } from './text.ts';
import type { FieldKind } from './types.ts';
import { reasonIn } from './understand.ts';

interface FieldSchema {
  type?: string;
  description?: string;
  format?: string;
  pattern?: string;
  default?: unknown;
  enum?: unknown[];
}

/** What kind of value a field takes, from its name, type and description. */
export type { FieldKind } from './types.ts';

export function fieldKind(name: string, schema: FieldSchema): FieldKind {
  const description = (schema.description ?? '').toLowerCase();
  if (schema.type === 'boolean') return 'boolean';
  if (name === 'firstName' || name === 'lastName' || name === 'title' || name === 'department' || name === 'team') return name;
  if (/date$/i.test(name)) return 'date';
  if (name === 'notify') return 'recipients';
  if (name === 'duration') return 'duration';
  if (/days$/i.test(name)) return 'days';
  if (schema.type === 'integer' || schema.type === 'number') return 'number';
  if (name === 'user' || name === 'managerLogin' || name === 'manager') return 'person';
  if (schema.format === 'email' || name === 'email' || name === 'login') return 'email';
  if (name === 'group' || name === 'groupId') return 'group';
  if (name === 'app' || name === 'appId') return 'app';
  if (name === 'name') return 'name';
  if (name === 'reason' || name === 'justification') return 'reason';
  if (/login, email or okta id/.test(description)) return 'person';
  return 'text';
}

/** Compact duration for schemas that take "8h", "3d", "30m", "2w". */
function compact(ms: number): string {
  const units: [number, string][] = [
    [7 * 86_400_000, 'w'],
    [86_400_000, 'd'],
    [3_600_000, 'h'],
    [60_000, 'm'],
  ];
  for (const [size, unit] of units) if (ms % size === 0) return `${ms / size}${unit}`;
  return `${Math.max(1, Math.round(ms / 60_000))}m`;
}

/** The properties of a workflow's input and which are required. */
export function fieldsOf(workflow: AnyWorkflow): { name: string; schema: FieldSchema; required: boolean; kind: FieldKind }[] {
  const schema = workflow.inputJsonSchema as { properties?: Record<string, FieldSchema>; required?: string[] };
  return Object.entries(schema.properties ?? {}).map(([name, s]) => ({ name, schema: s, required: schema.required?.includes(name) ?? false, kind: fieldKind(name, s) }));
}

/** The name a message gives a new thing: quoted, or after "called"/"named"/"group:". */
export function nameIn(original: string): string | undefined {
  const quoted = /["“']([^"”']{2,})["”']/.exec(original)?.[1];
  if (quoted) return quoted.trim();
  const after = /\b(?:called|named|name it|group\b[^:"]{0,12}:|name:)\s*(.+?)\s*(?:$|\bfor\b|\bwith\b|[,.!?])/i.exec(original)?.[1];
  return after?.replace(/\s+\b(please|pls|plz|thanks|thank you|thx|asap|now)\b.*$/i, '').trim();
}

/** Reads the fields of `workflow` from a message. People default to the writer only where the field says so. */
export function fillSlots(args: {
  workflow: AnyWorkflow;
  original: string;
  text: string;
  tokens: string[];
  knowledge: Knowledge;
  me: Person;
  person: { kind: 'one'; value: Person; text: string } | { kind: 'many'; options: Person[]; text: string } | { kind: 'none' };
  now: number;
}): { values: Record<string, Json>; explanation: string[]; ambiguous: { field: string; options: Person[] } | null } {
  const values: Record<string, Json> = {};
  const explanation: string[] = [];
  let ambiguous: { field: string; options: Person[] } | null = null;
  const selfWords = /\b(my|me|myself|i am|i)\b/.test(args.text);
  for (const field of fieldsOf(args.workflow)) {
    if (field.kind === 'person' && field.name === 'managerLogin') {
      const who = /\b(?:reporting to|reports to|manager:?|managed by|under)\s+(\S+(?:\s+\S+)?)/i.exec(args.original)?.[1];
      const found = who ? args.knowledge.resolvePerson(words(normalize(who)), new Set()) : { kind: 'none' as const };
      if (found.kind === 'one') values[field.name] = found.value.login;
    } else if (field.kind === 'person') {
      if (args.person.kind === 'one') {
        values[field.name] = args.person.value.login;
        explanation.push(`"${args.person.text}" → ${field.name} ${args.person.value.login}`);
      } else if (args.person.kind === 'many') {
        ambiguous = { field: field.name, options: args.person.options };
      } else if (selfWords && /your own account|leave empty for your own/i.test(field.schema.description ?? '')) {
        values[field.name] = args.me.login;
        explanation.push(`"my" → ${field.name} ${args.me.login}`);
      }
    } else if (field.kind === 'group') {
      const groups = args.knowledge.matchGroups(args.tokens);
      if (groups.length === 1) {
        values[field.name] = groups[0]!.value.name;
        explanation.push(`"${groups[0]!.matched.join(' ')}" → group ${groups[0]!.value.name}`);
      }
    } else if (field.kind === 'app') {
      const apps = args.knowledge.matchApps(args.tokens);
      if (apps.length === 1) {
        values[field.name] = apps[0]!.value.label;
        explanation.push(`"${apps[0]!.matched.join(' ')}" → app ${apps[0]!.value.label}`);
      }
    } else if (field.kind === 'duration') {
      const found = findDuration(args.text, args.now);
      if (found) values[field.name] = compact(found.ms);
    } else if (field.kind === 'days') {
      if (/\b(now|immediately|right away|no grace( period)?|today)\b/.test(args.text)) values[field.name] = 0;
      const days = /\b(\d+)[- ]?days?\b/.exec(args.text)?.[1];
      if (days !== undefined) values[field.name] = Number(days);
    } else if (field.kind === 'name') {
      const name = nameIn(args.original);
      if (name) {
        values[field.name] = name;
        explanation.push(`name "${name}"`);
      }
    } else if (field.kind === 'reason') {
      const reason = reasonIn(args.original, []);
      if (reason) values[field.name] = reason;
    } else if (field.kind === 'firstName' || field.kind === 'lastName') {
      const name = newPersonName(args.original, args.knowledge);
      if (name) values[field.name] = field.kind === 'firstName' ? name.first : name.last;
    } else if (field.kind === 'title') {
      const title = titleIn(args.original, args.knowledge);
      if (title) values[field.name] = title;
    } else if (field.kind === 'department' || field.kind === 'team') {
      const unit = orgUnitIn(args.original, args.knowledge);
      const value = field.kind === 'department' ? unit?.department : unit?.team;
      if (value) values[field.name] = value;
    } else if (field.kind === 'date') {
      const date = /\b(\d{4}-\d{2}-\d{2})\b/.exec(args.original)?.[1];
      if (date) values[field.name] = date;
    } else if (field.kind === 'recipients') {
      const channels = args.original.match(/#[\w-]+/g);
      if (channels) values[field.name] = channels;
    } else if (field.kind === 'boolean') {
      const flag = booleanIn(field.name, args.text);
      if (flag !== undefined) values[field.name] = flag;
    } else if (field.kind === 'email') {
      const email = words(normalize(args.original)).find((w) => /^[^@\s]+@[^@\s]+\.[a-z]{2,}$/.test(w) && !args.knowledge.person(w));
      if (email && field.required) values[field.name] = email;
    }
  }
  return { values, explanation, ambiguous };
}

/** Reads the answer to one asked field. */
export function readAnswer(kind: FieldKind, answer: string, ctx: { knowledge: Knowledge; tokens: string[]; me: Person; now: number }): Json | { many: Person[] } | undefined {
  const text = normalize(answer);
  if (kind === 'person') {
    if (/^(me|myself|mine|my own)$/.test(text)) return ctx.me.login;
    const found = ctx.knowledge.resolvePerson(ctx.tokens, new Set());
    if (found.kind === 'one') return found.value.login;
    if (found.kind === 'many') return { many: found.options };
    return undefined;
  }
  if (kind === 'group') {
    const groups = ctx.knowledge.matchGroups(ctx.tokens);
    return groups.length === 1 ? groups[0]!.value.name : undefined;
  }
  if (kind === 'app') {
    const apps = ctx.knowledge.matchApps(ctx.tokens);
    return apps.length === 1 ? apps[0]!.value.label : undefined;
  }
  if (kind === 'duration') {
    const found = findDuration(text, ctx.now) ?? findDuration(`for ${text}`, ctx.now);
    return found ? compact(found.ms) : undefined;
  }
  if (kind === 'days' || kind === 'number') {
    const n = /\d+/.exec(text)?.[0];
    return n === undefined ? (/\b(none|no|zero|now)\b/.test(text) ? 0 : undefined) : Number(n);
  }
  if (kind === 'boolean') return /^(y|yes|true|on|sure|ok)/.test(text) ? true : /^(n|no|false|off)/.test(text) ? false : undefined;
  const trimmed = answer.trim();
  return trimmed.length > 0 ? trimmed : undefined;
}

/** "Jane Doe" in a message that names someone new (not a person of the directory, not a known name). */
function newPersonName(original: string, knowledge: Knowledge): { first: string; last: string } | undefined {
  const vocabulary = knowledge.vocabulary();
  for (const m of original.matchAll(/\b([A-Z][a-z'-]+) ([A-Z][a-z'-]+)\b/g)) {
    const [first, last] = [m[1]!, m[2]!];
    if ([first, last].some((w) => vocabulary.has(stem(w.toLowerCase())))) continue;
    return { first, last };
  }
  return undefined;
}

/** The department (and team) a message names, as the directory knows them ("Engineering - Platform", "in Sales"): the first one named. */
function orgUnitIn(original: string, knowledge: Knowledge): { department: string; team?: string } | undefined {
  let found: { department: string; at: number; length: number } | undefined;
  for (const department of knowledge.departments()) {
    // Short names ("IT") only as written, so the word "it" is not a department.
    const pattern = new RegExp(`\\b${department.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, department.length <= 3 ? '' : 'i');
    const at = original.search(pattern);
    if (at >= 0 && (found === undefined || at < found.at)) found = { department, at, length: department.length };
  }
  if (!found) return undefined;
  const rest = original.slice(found.at + found.length);
  const team = /^\s*(?:-|\/|,)?\s*([A-Z][\w&]*(?: [A-Z][\w&]*)?)(?:\s+team)?\b/.exec(rest)?.[1];
  const known = team ? knowledge.matchGroups(words(normalize(`${found.department} ${team}`))).length > 0 : false;
  return { department: found.department, ...(team && known ? { team } : {}) };
}

/** A job title the directory knows, named in the message (the first one). */
function titleIn(original: string, knowledge: Knowledge): string | undefined {
  const explicit = /\b(?:title:?|job title:?)\s+([A-Za-z][\w &/-]*?)(?:\s*(?:,|;|\.|$|\bin\b|\bstarts?\b|\breporting\b))/i.exec(original)?.[1];
  if (explicit) return explicit.trim();
  let found: { title: string; at: number } | undefined;
  for (const title of knowledge.titles()) {
    const at = original.search(new RegExp(`\\b${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i'));
    if (at >= 0 && (found === undefined || at < found.at || (at === found.at && title.length > found.title.length))) found = { title, at };
  }
  return found?.title;
}

/** A boolean field set by its own words ("revoke their tokens" → revokeTokens), negated by "don't"/"no". */
function booleanIn(field: string, text: string): boolean | undefined {
  const parts = field.replace(/([A-Z])/g, ' $1').toLowerCase().split(' ').filter(Boolean).map(stem);
  const ws = words(text).map(stem);
  const at = ws.findIndex((w) => closeTo(w, parts[0]!));
  if (at < 0 || !parts.every((p) => ws.some((w) => closeTo(w, p)))) return undefined;
  return !/\b(do not|don't|no|without|not|never)\s+(\S+\s+)?$/.test(ws.slice(Math.max(0, at - 3), at).join(' ') + ' ');
}
