/**
 * Text as the agent reads it: lower case, straight quotes, polite padding and punctuation set
 * aside, words stemmed lightly, and a typo-tolerant comparison (Damerau–Levenshtein) with limits
 * that grow with the word's length, so "figam" finds "figma" and "acess" finds "access".
 */

/** Lower case, straight quotes, single spaces; emails, ids and hyphens kept. */
export function normalize(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[’‘`´]/g, "'")
    .replace(/[“”]/g, '"')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Words of a normalized text: letters, digits and the characters of logins and ids. */
export function words(text: string): string[] {
  return text.match(/[a-z0-9][a-z0-9._%+@'-]*[a-z0-9]|[a-z0-9]/g) ?? [];
}

/** Very light stemming: plural s, -ing, -ed, -ers, so "editors" ~ "editor", "leaving" ~ "leav". */
export function stem(word: string): string {
  if (word.length <= 3 || word.includes('@')) return word;
  for (const suffix of ['ing', 'ers', 'ed', 'es', 's']) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 3) return word.slice(0, -suffix.length);
  }
  return word;
}

/** Optimal string alignment distance (Damerau–Levenshtein with adjacent swaps), capped at `max + 1`. */
export function editDistance(a: string, b: string, max = 3): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) rows.push([i]);
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    let best = Infinity;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
      best = Math.min(best, d);
    }
    if (best > max) return max + 1;
  }
  return rows[a.length]![b.length]!;
}

/** How many typos a word of this length may carry and still match: none under 4 letters, 1 up to 7, then 2. */
export function typoBudget(word: string): number {
  return word.length < 4 ? 0 : word.length < 8 ? 1 : 2;
}

/** Whether `typed` is `known` with at most the typos its length allows. */
export function closeTo(typed: string, known: string): boolean {
  if (typed === known) return true;
  const budget = Math.min(typoBudget(typed), typoBudget(known));
  return budget > 0 && editDistance(typed, known, budget) <= budget;
}

/** Polite padding and filler: words that never carry meaning for the agent. */
export const fillerWords = new Set([
  'hi', 'hey', 'hello', 'hiya', 'yo', 'morning', 'afternoon', 'evening', 'please', 'pls', 'plz', 'thanks', 'thank', 'thx', 'ty', 'cheers', 'kindly',
  'could', 'would', 'you', 'u', 'the', 'a', 'an', 'just', 'quick', 'quickly', 'asap', 'urgent', 'urgently', 'gatehouse', 'bot', 'folks', 'guys', 'there',
  'so', 'um', 'uh', 'ok', 'okay', 'well', 'also', 'really', 'maybe', 'possible', 'possibly', 'some', 'if', 'much', 'appreciated', 'lot',
]);
