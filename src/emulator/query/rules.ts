/**
 * Which attributes and operators each Okta endpoint accepts in `filter` / `search`.
 * `checkFilter` reports the first violation so the emulator can answer 400 like Okta does.
 * @see https://developer.okta.com/docs/api/openapi/okta-management/management/tag/User/#tag/User/operation/listUsers
 */
import type { CompareOp, FilterExpr } from './scim-filter.ts';

/** An operator as rules name it: a comparison operator or `pr`. */
export type RuleOp = CompareOp | 'pr';

/** The operators one attribute may be used with. */
export interface AttributeRule {
  /** The operators allowed on the attribute. */
  ops: readonly RuleOp[];
}

/** What one endpoint accepts. */
export interface FilterRules {
  /** Returns the rule for an attribute, or undefined if the attribute may not be used. */
  attribute(attr: string): AttributeRule | undefined;
  /** Whether `not` may be used. */
  allowNot: boolean;
  /** Whether `or` may be used (`and` always may). */
  allowOr: boolean;
}

/** Why a filter was refused. */
export type FilterRuleReason = 'attribute' | 'operator' | 'not' | 'or';

/** A well-formed filter that the endpoint does not accept. */
export class FilterRuleError extends Error {
  /** The offending attribute; '' for `not` and `or` violations. */
  readonly attr: string;
  /** The offending operator (`not` / `or` for those violations); null when the attribute itself is refused. */
  readonly op: string | null;
  /** Which rule was broken. */
  readonly reason: FilterRuleReason;

  constructor(reason: FilterRuleReason, attr: string, op: string | null) {
    super(ruleMessage(reason, attr, op));
    this.name = 'FilterRuleError';
    this.reason = reason;
    this.attr = attr;
    this.op = op;
  }
}

function ruleMessage(reason: FilterRuleReason, attr: string, op: string | null): string {
  switch (reason) {
    case 'attribute':
      return `Filtering on attribute '${attr}' is not supported`;
    case 'operator':
      return `Operator '${op ?? ''}' is not supported for attribute '${attr}'`;
    case 'not':
    case 'or':
      return `Operator '${reason}' is not supported`;
  }
}

/** Throws FilterRuleError for the first violation, reading the filter left to right. */
export function checkFilter(expr: FilterExpr, rules: FilterRules): void {
  switch (expr.kind) {
    case 'not':
      if (!rules.allowNot) throw new FilterRuleError('not', '', 'not');
      checkFilter(expr.expr, rules);
      return;
    case 'and':
    case 'or':
      checkFilter(expr.left, rules);
      if (expr.kind === 'or' && !rules.allowOr) throw new FilterRuleError('or', '', 'or');
      checkFilter(expr.right, rules);
      return;
    case 'present':
      checkAttribute(expr.attr, 'pr', rules);
      return;
    case 'compare':
      checkAttribute(expr.attr, expr.op, rules);
      return;
  }
}

function checkAttribute(attr: string, op: RuleOp, rules: FilterRules): void {
  const rule = rules.attribute(attr);
  if (rule === undefined) throw new FilterRuleError('attribute', attr, null);
  if (!rule.ops.includes(op)) throw new FilterRuleError('operator', attr, op);
}

// ---------------------------------------------------------------------------------------------
// Okta's rule sets

/** A frozen rule, so shared rule sets cannot be changed by a caller. */
function rule(...ops: RuleOp[]): AttributeRule {
  return Object.freeze({ ops: Object.freeze(ops) });
}

const EQ = rule('eq');
const EQ_ORDER = rule('eq', 'gt', 'ge', 'lt', 'le');
const SEARCH = rule('eq', 'sw', 'gt', 'ge', 'lt', 'le', 'pr');
const SEARCH_CO = rule(...SEARCH.ops, 'co');
const ALL_OPS = rule('eq', 'ne', 'gt', 'ge', 'lt', 'le', 'sw', 'co', 'ew', 'pr');

interface RuleTable {
  /** Rules for attributes named exactly. */
  exact: Readonly<Record<string, AttributeRule>>;
  /** Rule for any other `profile.<name>` attribute; absent when custom profile attributes are refused. */
  profile?: AttributeRule;
  allowNot: boolean;
  allowOr: boolean;
}

/** Builds FilterRules from a table of named attributes plus an optional `profile.*` wildcard. */
function tableRules(table: RuleTable): FilterRules {
  const exact = new Map(Object.entries(table.exact));
  const { profile } = table;
  return Object.freeze({
    attribute: (attr: string) => exact.get(attr) ?? (profile !== undefined && isProfileAttribute(attr) ? profile : undefined),
    allowNot: table.allowNot,
    allowOr: table.allowOr,
  });
}

function isProfileAttribute(attr: string): boolean {
  return attr.startsWith('profile.') && attr.length > 'profile.'.length;
}

/** Users `filter`: a few core attributes with `eq`, ordering on `lastUpdated`; no `not`. */
export const userFilterRules: FilterRules = tableRules({
  exact: {
    status: EQ,
    id: EQ,
    'profile.login': EQ,
    'profile.email': EQ,
    'profile.firstName': EQ,
    'profile.lastName': EQ,
    lastUpdated: EQ_ORDER,
  },
  allowNot: false,
  allowOr: true,
});

/** Users `search`: any profile attribute and the core dates; `co` only on names, email and login; no `ne`, no `not`. */
export const userSearchRules: FilterRules = tableRules({
  exact: {
    id: SEARCH,
    status: SEARCH,
    created: SEARCH,
    activated: SEARCH,
    statusChanged: SEARCH,
    lastUpdated: SEARCH,
    passwordChanged: SEARCH,
    'type.id': SEARCH,
    'profile.firstName': SEARCH_CO,
    'profile.lastName': SEARCH_CO,
    'profile.email': SEARCH_CO,
    'profile.login': SEARCH_CO,
  },
  profile: SEARCH,
  allowNot: false,
  allowOr: true,
});

/** Groups `filter`: `id` and `type` with `eq`, ordering on the update dates; no `not`. */
export const groupFilterRules: FilterRules = tableRules({
  exact: { id: EQ, type: EQ, lastUpdated: EQ_ORDER, lastMembershipUpdated: EQ_ORDER },
  allowNot: false,
  allowOr: true,
});

/** Groups `search`: any profile attribute plus core attributes; `co` only on name and description; no `not`. */
export const groupSearchRules: FilterRules = tableRules({
  exact: {
    id: SEARCH,
    created: SEARCH,
    lastUpdated: SEARCH,
    lastMembershipUpdated: SEARCH,
    type: SEARCH,
    'source.id': SEARCH,
    'profile.name': SEARCH_CO,
    'profile.description': SEARCH_CO,
  },
  profile: SEARCH,
  allowNot: false,
  allowOr: true,
});

/** Apps `filter`: a fixed attribute list with `eq` only, joined by `and` only. */
export const appFilterRules: FilterRules = tableRules({
  exact: {
    id: EQ,
    status: EQ,
    name: EQ,
    'credentials.signing.kid': EQ,
    'settings.slo.enabled': EQ,
    'user.id': EQ,
    'group.id': EQ,
  },
  allowNot: false,
  allowOr: false,
});

/** System Log `filter`: any attribute but `published` (use `since`/`until`), every operator, `and`/`or`/`not`. */
export const logFilterRules: FilterRules = Object.freeze({
  attribute: (attr: string) => (attr === 'published' ? undefined : ALL_OPS),
  allowNot: true,
  allowOr: true,
});
