/**
 * What browsers, chat apps and terminals add around a pasted value, and what we remove before looking
 * at it. Only changes that cannot alter a valid value are made: none of the four fields can contain
 * zero-width characters, surrounding quotes or a Markdown code fence.
 */

// Zero-width space/joiners, word joiner and the byte-order mark: invisible, never part of a value.
const invisible = /[\u200B-\u200D\u2060\uFEFF]/g;
const pairs: ReadonlyArray<readonly [string, string]> = [
  ['"', '"'],
  ["'", "'"],
  ['`', '`'],
  ['\u201C', '\u201D'], // “ ”
  ['\u2018', '\u2019'], // ‘ ’
  ['\u00AB', '\u00BB'], // « »
  ['<', '>'], // Slack and e-mail wrap links in <…>
];

/** Trims whitespace and invisible characters, and unwraps a code fence and surrounding quotes. */
export function cleanPaste(input: string): string {
  let text = input.replace(invisible, '').replace(/\u00A0/g, ' ').trim();
  const fence = /^```[A-Za-z0-9_-]*[ \t]*\r?\n?([\s\S]*?)\r?\n?[ \t]*```$/.exec(text);
  if (fence) text = (fence[1] ?? '').trim();
  for (let round = 0; round < 3; round++) {
    const pair = pairs.find(([open, close]) => text.length >= 2 && text.startsWith(open) && text.endsWith(close));
    // A JSON string holding escaped JSON ("{\"kty\":…}") is unwrapped by the key parser, not here.
    if (!pair || (pair[0] === '"' && text.includes('\\"'))) break;
    text = text.slice(1, -1).trim();
  }
  return text;
}

/** Replaces typographic (“smart”) quotes, which word processors and some chat apps put into JSON. */
export function straightenQuotes(text: string): string {
  return text.replace(/[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g, '"').replace(/[\u2018\u2019\u201A\u201B\u2032]/g, "'");
}
