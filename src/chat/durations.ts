/**
 * Durations as people write them: "for 8 hours", "2h", "30 mins", "a week", "half an hour",
 * "for a couple of days", "until friday", "till tomorrow", "until end of day", "until 2026-12-24".
 * "until" counts to the end of that day (UTC); a weekday is its next occurrence (today counts).
 */

const DAY = 86_400_000;
const unitMs: Record<string, number> = {
  m: 60_000, min: 60_000, mins: 60_000, minute: 60_000, minutes: 60_000,
  h: 3_600_000, hr: 3_600_000, hrs: 3_600_000, hour: 3_600_000, hours: 3_600_000,
  d: DAY, day: DAY, days: DAY,
  w: 7 * DAY, wk: 7 * DAY, wks: 7 * DAY, week: 7 * DAY, weeks: 7 * DAY, fortnight: 14 * DAY,
  month: 30 * DAY, months: 30 * DAY,
};
const numberWords: Record<string, number> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  fifteen: 15, twenty: 20, thirty: 30, 'forty-five': 45, another: 1, 'a couple of': 2, 'couple of': 2, 'a couple': 2, 'a few': 3, few: 3,
};
const weekdays = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const weekdayAliases: Record<string, number> = { sun: 0, mon: 1, tue: 2, tues: 2, wed: 3, thu: 4, thur: 4, thurs: 4, fri: 5, sat: 6 };

/** A duration found in a message: how long, and the words it came from. */
export interface FoundDuration {
  ms: number;
  text: string;
}

const units = Object.keys(unitMs).sort((a, b) => b.length - a.length).join('|');
const longUnits = Object.keys(unitMs).filter((u) => u.length > 2).sort((a, b) => b.length - a.length).join('|');
const wordAmounts = Object.keys(numberWords).sort((a, b) => b.length - a.length).join('|');
// Digits take any unit ("8h", "8 hours"); number words only whole unit words ("a week", not "a m").
const more = '(?:(?:more|extra|additional) )?';
const amountPattern = new RegExp(`\\b(half an? (hour|day)|(\\d+(?:\\.\\d+)?) ?${more}(${units})\\b|(${wordAmounts}) ${more}(${longUnits})\\b)`);
const untilPattern = /\b(?:until|till|til|thru|through|to) (?:the )?(end of (?:the )?day|eod|tonight|today|tomorrow|end of (?:the )?week|next week|(?:next )?(sunday|monday|tuesday|wednesday|thursday|friday|saturday|sun|mon|tues?|wed|thu(?:rs?)?|fri|sat)|(\d{4}-\d{2}-\d{2}))\b/;

const endOfDay = (t: number) => Math.floor(t / DAY) * DAY + DAY;

/** Finds the first duration in a normalized message (relative to `now` for "until …"). */
export function findDuration(text: string, now: number): FoundDuration | undefined {
  const until = untilPattern.exec(text);
  const amount = amountPattern.exec(text);
  if (until && (!amount || until.index <= amount.index)) {
    const what = until[1]!;
    let end: number | undefined;
    if (/^(end of (the )?day|eod|tonight|today)$/.test(what)) end = endOfDay(now);
    else if (what === 'tomorrow') end = endOfDay(now) + DAY;
    else if (/^end of (the )?week$/.test(what)) end = endOfDay(now) + ((5 - new Date(now).getUTCDay() + 7) % 7) * DAY;
    else if (what === 'next week') end = now + 7 * DAY;
    else if (until[3]) end = Date.parse(`${until[3]}T00:00:00Z`) + DAY;
    else if (until[2]) {
      const day = weekdays.indexOf(until[2]) >= 0 ? weekdays.indexOf(until[2]) : weekdayAliases[until[2]]!;
      const ahead = (day - new Date(now).getUTCDay() + 7) % 7 + (what.startsWith('next ') ? 7 : 0);
      end = endOfDay(now) + ahead * DAY;
    }
    if (end !== undefined && end > now) return { ms: end - now, text: until[0] };
  }
  if (!amount) return undefined;
  if (amount[2]) return { ms: amount[2] === 'hour' ? 1_800_000 : DAY / 2, text: amount[0] };
  const n = amount[3] !== undefined ? Number(amount[3]) : numberWords[amount[5]!]!;
  const ms = Math.round(n * unitMs[(amount[4] ?? amount[6])!]!);
  return ms > 0 ? { ms, text: amount[0] } : undefined;
}
