/**
 * Understanding one message, deterministically: common phrasings mapped to the words the catalog
 * uses ("is leaving" → offboard, "locked out" → unlock), typos corrected against the known
 * vocabulary, then the access and approval intents by their phrasing, and the installed workflows
 * scored by the words they share with the message (title, description, example phrasings, weighted
 * by how rare each word is among workflows). Values — people, groups, apps, resources, roles,
 * durations, request ids — are resolved against the directory; every finding is explained.
 */
import type { Json } from '../engine/contract.ts';
import type { AnyWorkflow } from '../workflows/sdk.ts';
import { findDuration } from './durations.ts';
import type { Knowledge, Person, Resolution, ResourceMatch } from './knowledge.ts';
import { closeTo, fillerWords, normalize, stem, words } from './text.ts';
import type { Intent, Understanding } from './types.ts';

/** Phrasings rewritten to the catalog's words before anything else. */
const phrasings: [RegExp, string][] = [
  [/\boff[- ]?board(ing|ed)?\b/g, ' offboard '],
  [/\b(is|are|'s|was) (leaving|departing|quitting)\b|\blast day\b|\bleaver\b|\bterminat(e|ed|ion)\b|\bresign(ed|s|ing)?\b|\blet go\b|\bleft the company\b/g, ' offboard '],
  [/\bon[- ]?board(ing|ed)?\b/g, ' onboard '],
  [/\bnew (hire|starter|joiner|employee)\b|\bstarts on\b|\bjoins (us|on)\b/g, ' onboard new hire '],
  [/\block(ed)?[- ]?out\b|\blockout\b/g, ' unlock '],
  [/\bforgot (my |his |her |their )?(okta )?password\b|\bpassword reset\b|\bforgotten (my )?password\b/g, ' reset password '],
  [/\b(sign|log)(ged)? (\S+ )?(out|off)\b|\bkill (all )?(\S+ )?sessions\b|\bend (all )?(\S+ )?sessions\b/g, ' clear sessions '],
  [/\b(2fa|mfa|multi[- ]?factor|okta verify|authenticator( app)?|new phone|factors?)\b/g, ' mfa '],
  [/\b(compromised|hacked|phish(ed|ing)?|breach(ed)?|stolen|lock ?down)\b/g, ' lockdown '],
  [/\bon hold\b|\btemporarily block\b/g, ' suspend '],
  [/\bback from leave\b|\breinstate[ds]?\b|\blift (the )?suspension\b|\bun-?suspend\b/g, ' unsuspend '],
  [/\bdisabl(e|ed)\b|\bdeprovision\b|\bturn off\b/g, ' deactivate '],
  [/\bi'?m\b/g, ' i am '],
  [/\bdon'?t\b/g, ' do not '],
  [/\bcan'?t\b/g, ' cannot '],
  [/\bwhat'?s\b/g, ' what is '],
  [/\bwhere'?s\b/g, ' where is '],
];

/** Words the agent's own intents are phrased with: the spell checker corrects towards these too. */
const intentWords = [
  'access', 'request', 'requests', 'need', 'want', 'give', 'grant', 'approve', 'approval', 'approvals', 'deny', 'reject', 'decline', 'extend', 'status',
  'pending', 'waiting', 'help', 'remove', 'revoke', 'release', 'offboard', 'onboard', 'unlock', 'reset', 'password', 'suspend', 'unsuspend',
  'deactivate', 'sessions', 'clear', 'create', 'group', 'called', 'named', 'assign', 'temporarily', 'temporary', 'lockdown', 'account', 'longer', 'another',
];

const self = new Set(['me', 'my', 'i', 'myself', 'mine']);
const requestVerbs = /\b(need|needs|want|wants|get|have|request|requesting|give|grant|access|use|join|let me|can i|could i|may i|i'd like|would like|add me|put me|sign me up)\b/;
const approvalSubject = /\b(request|requests|access|it|this|that|one)\b/;

/** One workflow's words and how much each says. */
interface WorkflowProfile {
  workflow: AnyWorkflow;
  words: Map<string, number>;
  /** The words of its id ("offboard", "unlock", "reset"+"password"): all present → a strong match. */
  key: string[];
}

function contentWords(text: string): string[] {
  return words(text)
    .filter((w) => !fillerWords.has(w) && !w.includes('@') && !/^00[ug][a-z0-9]+$/i.test(w) && !/^\d+$/.test(w))
    .map(stem);
}

function rewrite(text: string): string {
  let out = ` ${text} `;
  for (const [pattern, to] of phrasings) out = out.replace(pattern, to);
  return out.replace(/\s+/g, ' ').trim();
}

/** Matches of one resource collapse to one: its role when they agree on one, else none (the agent asks). */
function onePerResource(matches: { value: ResourceMatch; matched: string[] }[]): { value: ResourceMatch; matched: string[] }[] {
  const byId = new Map<string, { value: ResourceMatch; matched: string[] }[]>();
  for (const m of matches) byId.set(m.value.resource.id, [...(byId.get(m.value.resource.id) ?? []), m]);
  return [...byId.values()].map((list) => {
    const roles = new Set(list.map((m) => m.value.role?.id ?? null));
    const withRole = list.find((m) => m.value.role);
    return roles.size === 1 && withRole ? withRole : { value: { resource: list[0]!.value.resource, role: null }, matched: list[0]!.matched };
  });
}

/** What the workflow scorer and the resolvers share for one message. */
interface Parsed {
  text: string;
  tokens: string[];
  content: string[];
}

export function createUnderstanding(knowledge: Knowledge) {
  let profiles: WorkflowProfile[] = [];
  let vocabulary = new Set<string>(intentWords);

  /** Rebuilds the workflow profiles and the vocabulary (after installs and syncs). */
  function load(workflows: readonly AnyWorkflow[]): void {
    const docs = workflows.map((w) => {
      const weights = new Map<string, number>();
      const add = (text: string, weight: number) => {
        for (const word of contentWords(rewrite(normalize(text)))) weights.set(word, Math.max(weights.get(word) ?? 0, weight));
      };
      add(w.description, 0.5);
      add(w.id.replace(/-/g, ' '), 1);
      add(w.title, 1);
      for (const example of w.examples) add(example, 1);
      return { workflow: w, weights };
    });
    const df = new Map<string, number>();
    for (const d of docs) for (const word of d.weights.keys()) df.set(word, (df.get(word) ?? 0) + 1);
    profiles = docs.map((d) => {
      const scored = new Map<string, number>();
      for (const [word, weight] of d.weights) scored.set(word, weight * Math.log(1 + docs.length / df.get(word)!));
      const key = contentWords(rewrite(d.workflow.id.replace(/-/g, ' '))).filter((k) => !['user', 'account', 'membership'].includes(k));
      return { workflow: d.workflow, words: scored, key };
    });
    vocabulary = new Set([...intentWords.map(stem), ...intentWords, ...knowledge.vocabulary(), ...profiles.flatMap((p) => [...p.words.keys()])]);
  }

  /** Corrects typos towards the vocabulary, leaving names, emails, ids and numbers alone. */
  function correct(tokens: string[]): string[] {
    return tokens.map((t) => {
      if (t.length < 4 || vocabulary.has(t) || vocabulary.has(stem(t)) || t.includes('@') || /\d/.test(t) || knowledge.isNameWord(t)) return t;
      let best: string | undefined;
      for (const word of vocabulary) if (word.length >= 4 && closeTo(t, word)) best = best === undefined || word.length > best.length ? word : best;
      return best ?? t;
    });
  }

  function parse(text: string): Parsed {
    const normalized = rewrite(normalize(text));
    const split = (list: string[]) => list.flatMap((t) => (t.includes('@') ? [t] : t.split('-').filter(Boolean)));
    const tokens = correct(split(words(normalized)));
    const joined = rewrite(tokens.join(' '));
    return { text: joined, tokens: split(words(joined)), content: contentWords(joined) };
  }

  function scoreWorkflows(parsed: Parsed): { workflow: AnyWorkflow; score: number; why: string[] }[] {
    const content = [...new Set(parsed.content)];
    const out = profiles.map((p) => {
      let sum = 0;
      const why: string[] = [];
      for (const word of content) {
        const w = p.words.get(word);
        if (w) {
          sum += w;
          why.push(word);
        }
      }
      const keyed = p.key.length > 0 && p.key.every((k) => content.includes(k));
      const top = Math.max(...p.words.values());
      const score = sum / (top * 2.2) + (keyed ? 0.45 : 0);
      return { workflow: p.workflow, score, why: keyed ? [`"${p.key.join(' ')}"`, ...why] : why };
    });
    return out.sort((a, b) => b.score - a.score);
  }

  /** A person named in the message other than the writer (words of known names are skipped). */
  function personIn(parsed: Parsed, skip: ReadonlySet<string>): Resolution<Person> {
    return knowledge.resolvePerson(parsed.tokens.filter((t) => !self.has(t)), skip);
  }

  const understanding = (intent: Intent, confidence: number, values: Record<string, Json>, explanation: string[], alternatives: Understanding['alternatives'] = []): Understanding => ({
    intent,
    confidence,
    values,
    alternatives,
    explanation,
  });

  /** Words that belong to the names of what the message names, so they are not read as people. */
  function namedWords(parsed: Parsed): Set<string> {
    const out = new Set<string>([...vocabulary].filter((w) => parsed.tokens.includes(w)));
    for (const t of parsed.tokens) if (vocabulary.has(stem(t))) out.add(t);
    return out;
  }

  return {
    load,
    parse,
    /** Understands a message written by `me` (a person of the directory), at `now`. */
    understand(text: string, me: Person, now: number): Understanding {
      const parsed = parse(text);
      const t = parsed.text;
      const explanation: string[] = [];
      const bare = t.replace(/[!.?,]/g, '').trim();

      if (/^(y|yes|yep|yeah|yup|sure|ok|okay|confirm|confirmed|do it|go ahead|go for it|please do|correct|right|affirmative|sounds good)( please| thanks)?$/.test(bare)) return understanding('confirm', 1, {}, ['a yes']);
      if (/^(n|no|nope|nah|cancel|stop|never ?mind|forget it|abort|do not|no thanks|not now)( thanks)?$/.test(bare)) return understanding('cancel', 1, {}, ['a no']);
      if (/^(help|\?|menu|commands)$/.test(bare) || /\b(what can you do|how does this work|what do you do|how do i use|what can i ask|help me out|show me what you can do)\b/.test(t) || (parsed.content.length <= 2 && parsed.tokens.includes('help'))) {
        return understanding('help', 0.95, {}, ['asked for help']);
      }

      const duration = findDuration(t, now);
      if (duration) explanation.push(`"${duration.text}" → ${duration.ms} ms`);
      const requestId = /\bar_[a-z0-9]+\b/.exec(t)?.[0];
      const skip = namedWords(parsed);
      const resources = onePerResource(knowledge.matchResources(parsed.tokens));
      const resource = resources.length === 1 ? resources[0] : undefined;
      const values: Record<string, Json> = {};
      if (resource) {
        values.resource = resource.value.resource.id;
        if (resource.value.role) values.role = resource.value.role.id;
        explanation.push(`"${resource.matched.join(' ')}" → resource ${resource.value.resource.id}${resource.value.role ? ` (${resource.value.role.name})` : ''}`);
      }
      if (duration) values.durationMs = duration.ms;
      if (requestId) values.requestId = requestId;
      const other = personIn(parsed, skip);

      // Approvals: deciding, and what waits for a decision.
      const approve = /\b(approve|approved|accept|lgtm|sign off on|okay'?d?)\b/.test(t) && !/\bapprovals?\b.*\b(pending|waiting|need)\b/.test(t);
      const deny = /\b(deny|denied|reject|decline|refuse)\b/.test(t);
      if (/\b(pending|waiting|outstanding|open|anything|what|which|any)\b.*\bapprov|\bapprovals?\b\??$|\bmy approvals\b|\bto approve\b|\bneeds? my (approval|decision|review|ok)\b|\bwaiting (for|on) me\b/.test(t) && !requestId && !(approve && other.kind !== 'none')) {
        return understanding('approvals.pending', 0.9, {}, ['asked what waits for their approval']);
      }
      if (approve || deny) {
        if (other.kind === 'one' && other.value.id !== me.id) {
          values.user = other.value.login;
          explanation.push(`"${other.text}" → ${other.value.login}`);
        }
        const comment = /\b(?:because|since|reason:?|as|,)\s+(.{3,})$/.exec(t)?.[1];
        if (deny && comment && !comment.startsWith('request')) values.comment = comment.trim();
        if (requestId || values.user || approvalSubject.test(t) || parsed.content.length <= 3) {
          return understanding(deny ? 'approval.deny' : 'approval.approve', 0.9, values, [deny ? 'asked to deny' : 'asked to approve', ...explanation]);
        }
      }

      if (/\bwhat (access|apps|applications|groups|permissions|roles) (do|have) i\b|\bmy (current )?(access|apps|permissions|grants|groups)\b(?! request)|\bwhat do i have( access)?\b|\bwhat (am i|i am) (in|a member of|allowed)\b|\bwhich (apps|groups) (do i|am i)\b|\bwhat can i access\b|\blist (all )?(of )?my\b|\bshow (me )?my (access|apps|groups|grants)\b/.test(t)) {
        if (!/\b(extend|longer|more time|status|request(s|ed)?)\b/.test(t)) return understanding('access.mine', 0.9, {}, ['asked what access they have']);
      }
      if (/\bstatus\b|\bwhere is my\b|\bwhat happened (to|with) my\b|\b(any )?(update|news|progress) on my\b|\bis my (request|access)\b.*\b(approved|done|ready|through)\b|\bmy (pending |open )?requests?\b|\bhas (my|anyone)\b.*\bapproved\b|\bstill waiting\b|\bhow is my request\b/.test(t)) {
        return understanding('access.status', 0.9, values, ['asked about their requests', ...explanation]);
      }
      if (/\b(extend|extension|prolong|renew|more time|longer|another)\b/.test(t) && (resource || requestId || /\baccess\b/.test(t)) && !/\boffboard\b/.test(t)) {
        return understanding('access.extend', resource || requestId ? 0.9 : 0.6, values, ['asked to extend access', ...explanation]);
      }
      if (/\b(do not|no longer|not) need\b.*\b(anymore|any more|any longer|now)?\b|\b(remove|revoke|release|drop|end|give up|relinquish) my\b|\bi am done with\b|\btake me (out|off)\b|\bremove me from\b/.test(t) && (resource || /\baccess\b/.test(t))) {
        return understanding('access.release', resource ? 0.9 : 0.6, values, ['asked to give access back', ...explanation]);
      }

      const scored = scoreWorkflows(parsed);
      const best = scored[0];
      const second = scored[1];
      const forSomeoneElse = other.kind !== 'none' && !(other.kind === 'one' && other.value.id === me.id);
      const strongWorkflow = best !== undefined && best.score >= 0.45 && best.why[0]?.startsWith('"');

      // Access requests: a requestable resource, asked for with the words of asking.
      if (resources.length > 0 && (requestVerbs.test(t) || duration || parsed.content.length <= 3) && !strongWorkflow) {
        if (resources.length > 1) {
          const names = [...new Set(resources.map((r) => r.value.resource.name))];
          return understanding('unknown', 0.4, values, [`several resources match: ${names.join(', ')}`], [{ intent: 'access.request', confidence: 0.4 }]);
        }
        if (forSomeoneElse && other.kind === 'one') {
          values.forUser = other.value.login;
          explanation.push(`"${other.text}" → for ${other.value.login}`);
        }
        const justification = /\b(?:because|since|for the|to work on|reason:?)\s+(.{4,})$/.exec(t)?.[1];
        if (justification && !findDuration(justification, now)) values.justification = justification.trim();
        return understanding('access.request', forSomeoneElse && other.kind === 'many' ? 0.6 : 0.9, values, ['asked for access', ...explanation]);
      }

      if (best && best.score >= 0.4) {
        const close = second && second.score >= best.score - 0.08 && second.score >= 0.3;
        const alternatives = scored.filter((s) => s.score >= 0.3).slice(0, 3).map((s) => ({ intent: 'workflow.run' as const, workflowId: s.workflow.id, confidence: Math.min(1, s.score) }));
        if (close) return understanding('unknown', Math.min(1, best.score), {}, [`"${best.workflow.title}" and "${second.workflow.title}" fit about equally`], alternatives);
        return understanding('workflow.run', Math.min(1, best.score), { workflowId: best.workflow.id }, [`workflow ${best.workflow.id} (${best.why.join(', ')})`, ...explanation], alternatives.slice(1));
      }
      if (resources.length > 0) return understanding('unknown', 0.3, values, [`names ${resources.map((r) => r.value.resource.name).join(', ')} but not what to do with it`], [{ intent: 'access.request', confidence: 0.3 }]);
      return understanding('unknown', 0, {}, ['nothing matched'], scored.slice(0, 2).filter((s) => s.score > 0.1).map((s) => ({ intent: 'workflow.run' as const, workflowId: s.workflow.id, confidence: s.score })));
    },
    scoreWorkflows,
    personIn,
    namedWords,
  };
}

export type UnderstandingEngine = ReturnType<typeof createUnderstanding>;
