import { FilterRuleError, FilterSyntaxError, checkFilter, compileFilter, parseFilter, type FilterRules } from '../../query/index.ts';
import { oktaErrors } from '../../state/errors.ts';

/**
 * Parses and checks a `filter`/`search` expression with an endpoint's rules, answering Okta's 400
 * E0000031 "Invalid search criteria." with the reason as its cause.
 */
export function compileQuery<R>(text: string, rules: FilterRules, get: (record: R, attr: string) => unknown, caseInsensitive: boolean): (record: R) => boolean {
  try {
    const expr = parseFilter(text);
    checkFilter(expr, rules);
    return compileFilter(expr, { get, caseInsensitive });
  } catch (error) {
    if (error instanceof FilterSyntaxError) throw oktaErrors.invalidSearch(error.message);
    if (error instanceof FilterRuleError) throw oktaErrors.invalidSearch(ruleMessage(error));
    throw error;
  }
}

function ruleMessage(error: FilterRuleError): string {
  switch (error.reason) {
    case 'attribute':
      return `The attribute '${error.attr}' cannot be used in this expression.`;
    case 'operator':
      return `The operator '${error.op ?? ''}' is not supported for '${error.attr}'.`;
    case 'not':
      return "The 'not' operator is not supported here.";
    case 'or':
      return "The 'or' operator is not supported here.";
  }
}

/** Okta's `sortOrder`: asc (default) or desc, case-insensitive. */
export function readSortOrder(raw: string | undefined): 1 | -1 {
  if (raw === undefined || raw === '' || raw.toLowerCase() === 'asc' || raw.toUpperCase() === 'ASCENDING') return 1;
  if (raw.toLowerCase() === 'desc' || raw.toUpperCase() === 'DESCENDING') return -1;
  throw oktaErrors.validation('sortOrder', [`sortOrder: '${raw}' is not asc or desc`]);
}

/** Compares two attribute values for sorting (absent last). */
export function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === undefined || a === null) return 1;
  if (b === undefined || b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b));
}
