/**
 * What the agent knows, held in memory for fast, typo-tolerant resolution: people (by login, email,
 * first and last name, "Jane D."), groups and apps (by name, also partly and with typos), the access
 * catalog's resources and roles, and the installed workflows. Built from the synced directory by
 * `refresh()`; a 50,000-person directory resolves in well under a millisecond per name.
 */
import type { DirApp, DirGroup, DirectoryReader, DirUser } from '../access/directory/reader.ts';
import type { Resource, Role } from '../access/model.ts';
import { closeTo, normalize, stem, words } from './text.ts';

/** A person as the agent resolves them. */
export interface Person {
  id: string;
  login: string;
  email: string | null;
  first: string;
  last: string;
  display: string;
  status: string;
}

/** A name found in a message: what it resolved to, or the candidates when it is ambiguous. */
export type Resolution<T> = { kind: 'one'; value: T; text: string } | { kind: 'many'; options: T[]; text: string } | { kind: 'none' };

/** Words of a name as compared: normalized, stemmed, without "the"/"group"/"app". */
function nameWords(name: string): string[] {
  return words(normalize(name).replace(/[-_/&]/g, ' ')).filter((w) => !['the', 'group', 'app', 'team', 'of', 'and', '-'].includes(w)).map(stem);
}

const toPerson = (u: DirUser): Person => ({
  id: u.id,
  login: u.login,
  email: u.email,
  first: normalize(u.firstName ?? ''),
  last: normalize(u.lastName ?? ''),
  display: u.displayName,
  status: u.status,
});

/** Something with a name made of words (a group, an app, a resource or a role). */
interface Named<T> {
  value: T;
  words: string[];
}

/**
 * Matches named things against the words of a message: the candidate whose every word appears
 * (exactly or with a typo) wins; longer names beat shorter ones ("figma editors" over "figma").
 */
function matchNamed<T>(items: readonly Named<T>[], tokens: readonly string[], index: Map<string, Named<T>[]>): { value: T; matched: string[] }[] {
  const candidates = new Set<Named<T>>();
  for (const token of tokens) {
    for (const item of index.get(token) ?? []) candidates.add(item);
  }
  // Typos: compare against the vocabulary only for words that found nothing exactly.
  for (const token of tokens) {
    if (index.has(token) || token.length < 4) continue;
    for (const [word, list] of index) if (closeTo(token, word)) for (const item of list) candidates.add(item);
  }
  const out: { value: T; matched: string[]; size: number }[] = [];
  for (const item of candidates) {
    if (item.words.length === 0) continue;
    const matched = item.words.filter((w) => tokens.some((t) => t === w || closeTo(t, w)));
    if (matched.length === item.words.length) out.push({ value: item.value, matched, size: item.words.length });
  }
  const best = Math.max(0, ...out.map((o) => o.size));
  return out.filter((o) => o.size === best).map(({ value, matched }) => ({ value, matched }));
}

function indexOf<T>(items: readonly Named<T>[]): Map<string, Named<T>[]> {
  const index = new Map<string, Named<T>[]>();
  for (const item of items) for (const w of item.words) index.set(w, [...(index.get(w) ?? []), item]);
  return index;
}

/** The resource and role a message names. */
export interface ResourceMatch {
  resource: Resource;
  role: Role | null;
}

/** Builds and holds the index. */
export function createKnowledge() {
  let people: Person[] = [];
  const byLogin = new Map<string, Person>();
  const byEmail = new Map<string, Person>();
  const byLocalPart = new Map<string, Person[]>();
  const byFirst = new Map<string, Person[]>();
  const byLast = new Map<string, Person[]>();
  let firstNames: string[] = [];
  let departmentNames: string[] = [];
  let titleNames: string[] = [];
  let groups: Named<DirGroup>[] = [];
  let groupIndex = new Map<string, Named<DirGroup>[]>();
  let apps: Named<DirApp>[] = [];
  let appIndex = new Map<string, Named<DirApp>[]>();
  let resources: Resource[] = [];
  let resourceNames: Named<ResourceMatch>[] = [];
  let resourceIndex = new Map<string, Named<ResourceMatch>[]>();

  const push = <K, V>(map: Map<K, V[]>, key: K, value: V) => map.set(key, [...(map.get(key) ?? []), value]);

  return {
    /** Reloads people, groups and apps from the directory and the catalog's resources. */
    async load(directory: DirectoryReader, catalogResources: Resource[]): Promise<void> {
      const users: DirUser[] = [];
      for (let after: string | undefined; ; ) {
        const page = await directory.listUsers({ limit: 5_000, ...(after ? { afterLogin: after } : {}) });
        users.push(...page);
        if (page.length < 5_000) break;
        after = page[page.length - 1]!.login;
      }
      people = users.map(toPerson);
      for (const map of [byLogin, byEmail, byLocalPart, byFirst, byLast]) map.clear();
      for (const p of people) {
        byLogin.set(p.login.toLowerCase(), p);
        if (p.email) byEmail.set(p.email.toLowerCase(), p);
        push(byLocalPart, p.login.toLowerCase().split('@')[0]!, p);
        if (p.first) push(byFirst, p.first, p);
        if (p.last) push(byLast, p.last, p);
      }
      firstNames = [...byFirst.keys()];
      departmentNames = [...new Set(users.map((u) => u.department).filter((d): d is string => Boolean(d)))].sort((a, b) => b.length - a.length);
      titleNames = [...new Set(users.map((u) => u.title).filter((d): d is string => Boolean(d) && d!.length >= 4))].sort((a, b) => b.length - a.length);
      groups = (await directory.listGroups({ limit: 1_000_000 })).map((g) => ({ value: g, words: nameWords(g.name) }));
      groupIndex = indexOf(groups);
      apps = (await directory.listApps()).map((a) => ({ value: a, words: nameWords(a.label) }));
      appIndex = indexOf(apps);
      resources = catalogResources;
      resourceNames = [];
      for (const resource of resources) {
        const base = nameWords(resource.name);
        resourceNames.push({ value: { resource, role: null }, words: base });
        if (resource.id !== normalize(resource.name)) resourceNames.push({ value: { resource, role: null }, words: nameWords(resource.id) });
        const app = resource.appId ? apps.find((a) => a.value.id === resource.appId) : undefined;
        if (app) resourceNames.push({ value: { resource, role: null }, words: app.words });
        for (const role of resource.roles) {
          const group = groups.find((g) => g.value.id === role.groupId);
          if (group) resourceNames.push({ value: { resource, role }, words: group.words });
          if (resource.roles.length > 1) resourceNames.push({ value: { resource, role }, words: [...base, ...nameWords(role.name)] });
        }
      }
      resourceIndex = indexOf(resourceNames);
    },

    get counts() {
      return { people: people.length, groups: groups.length, apps: apps.length, resources: resources.length };
    },

    person(idOrLogin: string): Person | undefined {
      const key = idOrLogin.toLowerCase();
      return byLogin.get(key) ?? byEmail.get(key) ?? people.find((p) => p.id === idOrLogin);
    },

    /** Departments of the directory's people, longest first. */
    departments: () => departmentNames,
    /** Job titles of the directory's people, longest first. */
    titles: () => titleNames,

    /** Words that name people in the directory (first and last names), for telling names from typos. */
    isNameWord(word: string): boolean {
      return byFirst.has(word) || byLast.has(word);
    },

    /**
     * A person named in the message: an email or login, an Okta id, "first last", "first l.", a
     * first name alone (with a typo allowed) — several candidates when it is not unique.
     */
    resolvePerson(tokens: readonly string[], skip: ReadonlySet<string>): Resolution<Person> {
      for (const token of tokens) {
        if (token.includes('@')) {
          const exact = byLogin.get(token) ?? byEmail.get(token);
          if (exact) return { kind: 'one', value: exact, text: token };
          const local = byLocalPart.get(token.split('@')[0]!) ?? [];
          if (local.length === 1) return { kind: 'one', value: local[0]!, text: token };
        }
        if (/^00u[a-z0-9]{6,}$/i.test(token)) {
          const byId = people.find((p) => p.id.toLowerCase() === token);
          if (byId) return { kind: 'one', value: byId, text: token };
        }
        const local = byLocalPart.get(token);
        if (local?.length === 1 && token.includes('.')) return { kind: 'one', value: local[0]!, text: token };
      }
      for (let i = 0; i < tokens.length; i++) {
        const raw = tokens[i]!;
        const token = raw.replace(/'s$/, '');
        if (skip.has(token) || token.length < 2) continue;
        let firsts = byFirst.get(token);
        if (!firsts && token.length >= 4) {
          const near = firstNames.filter((f) => closeTo(token, f));
          if (near.length > 0) firsts = near.flatMap((f) => byFirst.get(f) ?? []);
        }
        if (!firsts) {
          const lasts = byLast.get(token);
          if (lasts && !skip.has(token)) return lasts.length === 1 ? { kind: 'one', value: lasts[0]!, text: token } : { kind: 'many', options: lasts, text: token };
          continue;
        }
        const next = (tokens[i + 1] ?? '').replace(/'s$/, '').replace(/\.$/, '');
        if (next) {
          const full = firsts.filter((p) => p.last === next || (next.length >= 4 && closeTo(next, p.last)));
          if (full.length > 0) return full.length === 1 ? { kind: 'one', value: full[0]!, text: `${raw} ${next}` } : { kind: 'many', options: full, text: `${raw} ${next}` };
          if (next.length === 1) {
            const initial = firsts.filter((p) => p.last.startsWith(next));
            if (initial.length > 0) return initial.length === 1 ? { kind: 'one', value: initial[0]!, text: `${raw} ${next}.` } : { kind: 'many', options: initial, text: `${raw} ${next}.` };
          }
        }
        const active = firsts.filter((p) => p.status === 'ACTIVE' || p.status === 'LOCKED_OUT' || p.status === 'SUSPENDED');
        const list = active.length > 0 ? active : firsts;
        return list.length === 1 ? { kind: 'one', value: list[0]!, text: raw } : { kind: 'many', options: list, text: raw };
      }
      return { kind: 'none' };
    },

    /** Okta groups the message names (the longest names that match in full). */
    matchGroups: (tokens: readonly string[]) => matchNamed(groups, tokens.map(stem), groupIndex),
    matchApps: (tokens: readonly string[]) => matchNamed(apps, tokens.map(stem), appIndex),
    /** Requestable resources (and a role when the words name one). */
    matchResources: (tokens: readonly string[]) => matchNamed(resourceNames, tokens.map(stem), resourceIndex),
    resources: () => resources,
    /** Every word of the names the agent knows (groups, apps, resources): the spell checker's vocabulary. */
    vocabulary(): Set<string> {
      const out = new Set<string>();
      for (const list of [groups, apps, resourceNames] as Named<unknown>[][]) for (const item of list) for (const w of item.words) out.add(w);
      return out;
    },
  };
}

export type Knowledge = ReturnType<typeof createKnowledge>;
