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
import type { Resource, Role } from '../access/model.ts';
import type { Knowledge, Person, Resolution, ResourceMatch } from './knowledge.ts';
import { closeTo, fillerWords, normalize, stem, words } from './text.ts';
import type { Intent, Understanding } from './types.ts';

/** Phrasings rewritten to the catalog's words before anything else. */
const phrasings: [RegExp, string][] = [
  [/\boff[- ]?board(ing|ed)?\b/g, ' offboard '],
  [/\b(is|are|'s|was) (leaving|departing|quitting)\b|\blast day\b|\bleaver\b|\bterminat(e|ed|ion)\b|\bresign(ed|s|ing)?\b|\blet go\b|\bleft the company\b/g, ' offboard '],
  [/\bon[- ]?board(ing|ed)?\b/g, ' onboard '],
  [/\bnew (hire|starter|joiner|employee)\b|\bstarts on\b|\bjoins (us|on)\b/g, ' onboard new hire '],
  [/\b(is|got|was|am|been|be) locked\b|\block(ed)?[- ]?out\b|\blockout\b|\blocked (myself|\S+) out\b|\bcannot (log|sign) in\b/g, ' unlock '],
  [/\bforgot (my |his |her |their )?(okta )?password\b|\bpassword reset\b|\bforgotten (my )?password\b/g, ' reset password '],
  [/\b(?:sign|log)(?:ged)? (\S+ )?out\b|\blog(?:ged)? (\S+ )?off\b/g, ' clear sessions $1$2 '],
  [/\b(?:kill|end) (?:all )?(\S+ )?sessions\b/g, ' clear sessions $1 '],
  [/\b(2fa|mfa|multi[- ]?factor|okta verify|authenticator( app)?|new phone|factors?)\b/g, ' mfa '],
  [/\b(compromised|hacked|phish(ed|ing)?|breach(ed)?|stolen|lock ?down)\b/g, ' lockdown '],
  [/\bon hold\b|\btemporarily block\b|\bfreeze\b|\bfrozen\b|\bpause\b/g, ' suspend '],
  [/\bpw\b|\bpwd\b|\bpasswd\b|\bpassword\b/g, ' password '],
  [/\b(?:new|make|set up|setup|add) (?:an? )?(?:new )?(?:okta )?group\b(?! (?:members?|to)\b)/g, ' create group '],
  [/\bback from leave\b|\breinstate[ds]?\b|\blift (the )?suspension\b|\bun-?suspend\b|\breactivat(e|ed|ion)\b|\bre-?enable\b|\brestore\b/g, ' unsuspend '],
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
  'refuse', 'approved', 'accept', 'denied', 'rejected', 'status', 'update', 'extend', 'extension', 'renew', 'cancel', 'revoke', 'release', 'tokens', 'devices',
];

/** Everyday words the spell checker never "corrects" into the vocabulary. */
const commonWords = new Set(
  'about above after again also always another anything around because been before being below between both cancel could did does doing done down during each even every from going good gone have having here hers into just keep know last later less like longer look made make many maybe more most much must need never next none not note once only other over own part same should show since some still such sure take than that their them then there these they thing think this those though through time today together tomorrow too under until upon very want well were what when where which while whom whose will with within without work would yeah year your yours hows whats wheres lets wont cant dont didnt doesnt isnt yet already again please thanks thank moment right now soon'.split(' '),
);

const self = new Set(['me', 'my', 'i', 'myself', 'mine', 'am']);
/** Verbs of changes that take something away: typo correction towards them is stricter. */
const destructive = new Set(['deactivate', 'delete', 'suspend', 'offboard', 'lockdown', 'revoke', 'remove', 'deny', 'reject', 'clear', 'reset']);
const requestVerbs = /\b(need|needs|want|wants|get|have|request|requesting|give|grant|access|use|join|let me|can i|could i|may i|i'd like|would like|add me|put me|sign me up)\b/;

/** One workflow's words and how much each says. */
interface WorkflowProfile {
  workflow: AnyWorkflow;
  words: Map<string, number>;
  /** The words of its id ("offboard", "unlock", "reset"+"password"): all present → a strong match. */
  key: string[];
}

function contentWords(text: string): string[] {
  return words(text)
    .filter((w) => !fillerWords.has(w) && !['my', 'me', 'i', 'am', 'to', 'from', 'of', 'for', 'in', 'on', 'is', 'it'].includes(w) && !w.includes('@') && !/^00[ug][a-z0-9]+$/i.test(w) && !/^\d+$/.test(w))
    .map(stem);
}

/** A free-text reason in a message: after a comma, "because", "to …", "for the …" (not naming what is asked for). */
export function reasonIn(original: string, exclude: readonly string[]): string | undefined {
  const text = normalize(original).replace(/[!?]+$/, '');
  const pattern = /(?:,|;| - |[?.!]\s+|\bbecause\b|\bsince\b|\bso (?:that|i can)\b|\bto\b|\bfor the\b|\bfor an?\b|\bwith (?:the )?comment:?|\breason:?|:)\s*/g;
  const candidates: string[] = [];
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) candidates.push(text.slice(m.index + m[0].length));
  for (const candidate of candidates) {
    const cleaned = candidate.replace(/\b(please|pls|plz|thanks|thank you|thx|cheers)\b[.!]*$/g, '').replace(/[\s,.;]+$/, '').trim();
    const ws = words(cleaned);
    if (ws.length === 0 || cleaned.length < 3) continue;
    if (ws.every((w) => fillerWords.has(w) || exclude.includes(w))) continue;
    if (ws.some((w) => exclude.includes(stem(w)) || exclude.includes(w))) continue;
    if (/^(\d+|an?|one|two|three|a few|a couple)\s*(m|min|mins|minutes?|h|hrs?|hours?|d|days?|w|weeks?)\b/.test(cleaned) || /^(me|my|him|her|them|us)\b/.test(cleaned)) continue;
    return cleaned;
  }
  return undefined;
}

function rewrite(text: string): string {
  let out = ` ${text} `;
  for (const [pattern, to] of phrasings) out = out.replace(pattern, to);
  return out.replace(/\s+/g, ' ').trim();
}

/** Matches of one resource collapse to one: its role when they agree on one, else none (the agent asks). */
function onePerResource(matches: { value: ResourceMatch; matched: string[] }[], tokens: readonly string[]): { value: ResourceMatch; matched: string[] }[] {
  const byId = new Map<string, { value: ResourceMatch; matched: string[] }[]>();
  for (const m of matches) byId.set(m.value.resource.id, [...(byId.get(m.value.resource.id) ?? []), m]);
  return [...byId.values()].map((list) => {
    const roles = new Set(list.map((m) => m.value.role?.id ?? null));
    const withRole = list.find((m) => m.value.role);
    return roles.size === 1 && withRole ? withRole : { value: { resource: list[0]!.value.resource, role: null }, matched: list[0]!.matched };
  }).sort((a, b) => firstIndex(tokens, a.matched) - firstIndex(tokens, b.matched));
}

/** Where the first of `matched` appears in the message (the resource named first is the one asked for). */
function firstIndex(tokens: readonly string[], matched: readonly string[]): number {
  const positions = matched.map((m) => tokens.findIndex((t) => stem(t) === m || closeTo(stem(t), m))).filter((i) => i >= 0);
  return positions.length > 0 ? Math.min(...positions) : Number.MAX_SAFE_INTEGER;
}

/** A role named by a word of its name, also partly ("edit" → Editor). */
function roleByWord(resource: Resource, tokens: readonly string[]): Role | undefined {
  if (resource.roles.length < 2) return undefined;
  const hits = resource.roles.filter((role) => words(normalize(role.name)).some((w) => tokens.some((t) => t.length >= 3 && (t === w || closeTo(t, w) || (t.length >= 4 && w.startsWith(t))))));
  return hits.length === 1 ? hits[0] : undefined;
}

/** "can Amara get …", "she needs …": asking on someone's behalf, not acting. */
function requestVerbsOnly(text: string): boolean {
  return /\b(needs?|wants?|can \S+ (get|have)|could \S+ (get|have)|request)\b/.test(text) && !/\b(add|put|remove|take|drop)\b/.test(text);
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
      const key = contentWords(rewrite(d.workflow.id.replace(/-/g, ' '))).filter((k) => !['user', 'account', 'membership', 'to', 'from'].includes(k));
      return { workflow: d.workflow, words: scored, key };
    });
    vocabulary = new Set([...intentWords.map(stem), ...intentWords, ...knowledge.vocabulary(), ...profiles.flatMap((p) => [...p.words.keys()])]);
  }

  /** Corrects typos towards the vocabulary, leaving names, emails, ids and numbers alone. */
  function correct(tokens: string[]): string[] {
    return tokens.map((t) => {
      if (t.length < 4 || vocabulary.has(t) || vocabulary.has(stem(t)) || commonWords.has(t) || t.includes('@') || /\d/.test(t) || knowledge.isNameWord(t)) return t;
      let best: string | undefined;
      for (const word of vocabulary) {
        // Never "correct" a word into a destructive verb unless it starts the same way ("reactivate" is not "deactivate").
        if (destructive.has(word) && t[0] !== word[0]) continue;
        if (word.length >= 4 && closeTo(t, word)) best = best === undefined || word.length > best.length ? word : best;
      }
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

  /** What the message gives evidence of, for the workflows' required fields. */
  interface Evidence {
    group: boolean;
    app: boolean;
    duration: boolean;
    person: boolean;
  }

  function scoreWorkflows(parsed: Parsed, evidence?: Evidence): { workflow: AnyWorkflow; score: number; keyed: boolean; verb: string | undefined; why: string[] }[] {
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
      // The verb of the workflow's id ("offboard", "unlock", "assign") is the strongest signal; all its words, more so.
      const verb = p.key[0];
      const verbed = verb !== undefined && content.includes(verb);
      const keyed = verbed && p.key.every((k) => content.includes(k));
      const top = Math.max(...p.words.values());
      let score = sum / (top * 2.2) + (verbed ? 0.3 : 0) + (keyed ? 0.15 : 0);
      if (evidence) {
        const required = (p.workflow.inputJsonSchema as { required?: string[] }).required ?? [];
        for (const [field, has] of [['group', evidence.group], ['app', evidence.app], ['duration', evidence.duration]] as const) {
          if (required.includes(field)) score += has ? 0.25 : -0.25;
        }
      }
      return { workflow: p.workflow, score, keyed, verb: verbed ? verb : undefined, why: verbed ? [`"${p.key.join(' ')}"`, ...why] : why };
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
    return new Set(parsed.tokens.filter((t) => vocabulary.has(t) || vocabulary.has(stem(t))));
  }

  return {
    load,
    parse,
    /** Understands a message written by `me` (a person of the directory), at `now`; `team`: the writer is on the IT team. */
    understand(text: string, me: Person, now: number, team = false): Understanding {
      const parsed = parse(text);
      const t = parsed.text;
      const explanation: string[] = [];
      const bare = t.replace(/[!.?,]/g, ' ').replace(/\s+/g, ' ').trim();

      if (/^((y|yes|yep|yeah|yup|ya|yea|sure|ok|okay|k|kk|confirm(ed)?|do it|go ahead|go for it|please do|please|pls|plz|correct|right|affirmative|sounds good|great|perfect|thanks|thank you|ship it)\s*)+$/.test(bare) && !/^(please|thanks|thank you)$/.test(bare)) {
        return understanding('confirm', 1, {}, ['a yes']);
      }
      if (/^((n|no|nope|nah|nvm|cancel|cancel that|scratch that|actually|stop|never ?mind|forget it|forget about it|abort|do not|not now|no thanks|thanks|leave it)\s*)+$/.test(bare) && !/^thanks$/.test(bare)) return understanding('cancel', 1, {}, ['a no']);
      if (/^(help|\?|menu|commands)$/.test(bare) || /\b(what can you do|what can you help|help me with|how does (this|the|it)( \w+)? work|what do you do|how do i use|what (kind of |sort of )?(stuff |things )?can i ask|help me out|show me what you can do|what are you able|who are you|what are you)\b/.test(t) || (parsed.content.length <= 2 && parsed.tokens.includes('help'))) {
        return understanding('help', 0.95, {}, ['asked for help']);
      }

      const duration = findDuration(t, now);
      if (duration) explanation.push(`"${duration.text}" → ${duration.ms} ms`);
      const requestId = /\bar_[a-z0-9]+\b/.exec(t)?.[0];
      const skip = namedWords(parsed);
      const resources = onePerResource(knowledge.matchResources(parsed.tokens), parsed.tokens);
      const resource = resources[0];
      const values: Record<string, Json> = {};
      if (resource) {
        values.resource = resource.value.resource.id;
        const role = resource.value.role ?? roleByWord(resource.value.resource, parsed.tokens) ?? (resource.value.resource.roles.length === 1 ? resource.value.resource.roles[0]! : null);
        if (role) values.role = role.id;
        explanation.push(`"${resource.matched.join(' ')}" → resource ${resource.value.resource.id}${role ? ` (${role.name})` : ''}`);
      }
      if (duration) values.durationMs = duration.ms;
      if (requestId) values.requestId = requestId;
      const other = personIn(parsed, skip);
      const resourceWords = resources.flatMap((r) => r.matched);
      const reason = () => reasonIn(text, [...resourceWords, 'access', 'request', 'it', 'this', 'that', ...(requestId ? [requestId] : [])]);
      const mine = /\bmy\b/.test(t);

      // Questions about one's own requests come before deciding ("did my manager approve my request?").
      if (/\bstatus\b|\bwhere is my\b|\bwhat happened (to|with) my\b|\b(any )?(update|news|progress) on my\b|\bhow(s| is)? my\b.*\b(request|access)\b|\b(request|access)\b.*\bgoing\b|\bis my (request|access)\b|\bmy (pending |open )?requests?\b(?!.*\b(cancel|withdraw)\b)|\b(has|have|did|was|is) (my|it|anyone|someone|my manager)\b.*\b(approv|decid|grant)|\b(been|got|get) (approved|denied|granted)\b|\bstill (waiting|pending)\b|\bis (ar_\w+|it|that|this|my \w+( \w+)?) (approved|denied|granted|pending|done|through)\b|\bor (still )?pending\b/.test(t) && !/\b(cancel|withdraw)\b/.test(t)) {
        return understanding('access.status', 0.9, values, ['asked about their requests', ...explanation]);
      }

      // Approvals: deciding, and what waits for a decision.
      const approve = /\b(approve|approved|approving|accept|accepting|lgtm|sign off on|okay'?d?)\b/.test(t) && !/\bapprovals?\b.*\b(pending|waiting|need)\b/.test(t);
      const deny = /\b(deny|denied|denying|reject|rejecting|decline|declining|refuse|refusing|turn down)\b/.test(t);
      if (/\b(pending|waiting|outstanding|open|anything|what|which|any)\b.*\bapprov|\bapprovals?\b\??$|\bmy approvals\b|\bto approve\b|\bneeds? my (approval|decision|review|ok)\b|\bwaiting (for|on) me\b|\b(my )?approval queue\b|\bneed(s)? my sign ?off\b|\bpending for me\b/.test(t) && !requestId && !(approve && other.kind !== 'none')) {
        return understanding('approvals.pending', 0.9, {}, ['asked what waits for their approval']);
      }
      if (approve || deny) {
        if (other.kind === 'one' && other.value.id !== me.id) {
          values.user = other.value.login;
          explanation.push(`"${other.text}" → ${other.value.login}`);
        }
        const comment = reason();
        if (comment) values.comment = comment;
        if (requestId || values.user || /\b(request|requests|access|it|this|that|one)\b/.test(t) || parsed.content.length <= 3) {
          return understanding(deny ? 'approval.deny' : 'approval.approve', 0.9, values, [deny ? 'asked to deny' : 'asked to approve', ...explanation]);
        }
      }

      if (/\b(do not|no longer|not) need\b|\b(remove|revoke|release|drop|end|give up|relinquish|cancel|withdraw) my\b|\bi am done with\b|\btake me (out|off)\b|\bremove me from\b|\byou can remove my\b|\b(release|give back|hand back|return) (ar_\w+|it|this|that)\b/.test(t) && (resource || requestId || /\b(access|request)\b/.test(t))) {
        return understanding('access.release', resource || requestId ? 0.9 : 0.6, values, ['asked to give access back', ...explanation]);
      }
      if (/\b(extend|extension|prolong|renew|more time|(any|bit|little|much|for) longer|another|more (hours?|days?|minutes?|time))\b|\b(keep|make) my\b.*\b(for|until|till|last)\b|\blast (until|till)\b|\b\d+ more\b|\badd (an? |\d+ ?)\S* ?(min|mins|minutes?|hours?|hrs?|h|days?|d)? ?to my\b/.test(t) && (resource || requestId || /\baccess\b/.test(t)) && !/\boffboard\b/.test(t)) {
        return understanding('access.extend', resource || requestId ? 0.9 : 0.6, values, ['asked to extend access', ...explanation]);
      }
      if (/\bwhat (access|apps|applications|groups|permissions|roles) (do|have) i\b|\bwhat (have i got|do i have)\b|\bmy (current |active )?(access|apps|permissions|grants|groups)\b(?! request)|\b(list|show)( me)? everything i\b|\beverything i (currently )?(have|hold)\b|\bwhat do i have( access)?\b|\bwhat (am i|i am) (in|a member of|allowed)\b|\bwhich (apps|groups) (do i|am i)\b|\bwhat can i access\b|\blist (all )?(of )?my\b|\bshow (me )?my (access|apps|groups|grants)\b/.test(t)) {
        return understanding('access.mine', 0.9, {}, ['asked what access they have']);
      }

      const groupsNamed = knowledge.matchGroups(parsed.tokens);
      const groupWords = new Set(groupsNamed.flatMap((g) => g.matched));
      // An app named only inside a group's name ("Figma Editors") is not a separate app.
      const appsNamed = knowledge.matchApps(parsed.tokens).filter((a) => !a.matched.every((w) => groupWords.has(w)));
      const forSomeoneElse = other.kind !== 'none' && !(other.kind === 'one' && other.value.id === me.id);
      const evidence: Evidence = { group: groupsNamed.length > 0, app: appsNamed.length > 0, duration: duration !== undefined, person: forSomeoneElse };
      const scored = scoreWorkflows(parsed, evidence);
      const best = scored[0];
      const second = scored[1];
      const strongWorkflow = best !== undefined && best.score >= 0.55 && best.keyed;
      // The IT team acts on groups for others; everyone else asks for access.
      const itActsOnGroup = team && forSomeoneElse && groupsNamed.length > 0 && !requestVerbsOnly(t);
      const asking = requestVerbs.test(t) || duration !== undefined || parsed.content.length <= 3 || (forSomeoneElse && /\bfor\b/.test(t));

      if (resources.length > 0 && asking && !strongWorkflow && !itActsOnGroup) {
        if (forSomeoneElse && other.kind === 'one') {
          values.forUser = other.value.login;
          explanation.push(`"${other.text}" → for ${other.value.login}`);
        }
        const justification = reason();
        if (justification) values.justification = justification;
        return understanding('access.request', forSomeoneElse && other.kind === 'many' ? 0.6 : 0.9, values, ['asked for access', ...explanation]);
      }
      // "I need access" / "give me admin": asking, but for nothing known — the agent asks what.
      if (resources.length === 0 && !strongWorkflow && (mine || /\b(i|me)\b/.test(t)) && /\b(need|want|give me|get|request|can i have|could i have)\b/.test(t) && !forSomeoneElse && (/\baccess\b/.test(t) || parsed.content.length <= 3)) {
        return understanding('access.request', 0.85, values, ['asked for access, but to nothing the catalog has', ...explanation]);
      }

      if (best && best.score >= 0.4) {
        const close = second && second.score >= best.score - 0.08 && second.score >= 0.4;
        const alternatives = scored.filter((s) => s.score >= 0.4).slice(0, 3).map((s) => ({ intent: 'workflow.run' as const, workflowId: s.workflow.id, confidence: Math.min(1, s.score) }));
        // Two workflows with the same verb and neither named in full ("reset" — a password or MFA?) is a question.
        const sameVerb = second !== undefined && !best.keyed && best.verb !== undefined && second.verb === best.verb && second.score >= 0.4;
        if (close || sameVerb) return understanding('unknown', Math.min(1, best.score), {}, [`"${best.workflow.title}" and "${second!.workflow.title}" fit about equally`], alternatives);
        // "disable X's access": the account, or their access to an app or group? Ask.
        const fields = Object.keys((best.workflow.inputJsonSchema as { properties?: object }).properties ?? {});
        if (/\baccess\b/.test(t) && !fields.includes('app') && !fields.includes('group') && forSomeoneElse) {
          return understanding('unknown', Math.min(1, best.score), {}, [`"${best.workflow.title}" acts on the whole account, but the message says "access"`], alternatives);
        }
        const confidence = best.why[0]?.startsWith('"') ? Math.min(1, best.score) : Math.min(0.45, best.score);
        return understanding('workflow.run', confidence, { workflowId: best.workflow.id }, [`workflow ${best.workflow.id} (${best.why.join(', ')})`, ...explanation], alternatives.slice(1));
      }
      if (resources.length > 0) return understanding('unknown', 0.3, values, [`names ${resources.map((r) => r.value.resource.name).join(', ')} but not what to do with it`], [{ intent: 'access.request', confidence: 0.3 }]);
      return understanding('unknown', 0, {}, ['nothing matched'], scored.slice(0, 2).filter((s) => s.score > 0.1).map((s) => ({ intent: 'workflow.run' as const, workflowId: s.workflow.id, confidence: Math.min(1, s.score) })));
    },
    scoreWorkflows,
    personIn,
    namedWords,
  };
}

export type UnderstandingEngine = ReturnType<typeof createUnderstanding>;
