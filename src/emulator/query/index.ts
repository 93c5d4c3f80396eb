/** Okta SCIM-style filter/search expressions: parse, print, validate per endpoint, evaluate. */
export {
  COMPARE_OPS,
  FilterSyntaxError,
  MAX_FILTER_DEPTH,
  MAX_FILTER_LENGTH,
  formatFilter,
  isAttributeName,
  parseFilter,
} from './scim-filter.ts';
export type { CompareOp, FilterExpr, FilterValue } from './scim-filter.ts';
export { compileFilter, isPresentValue } from './evaluate.ts';
export type { CompileOptions } from './evaluate.ts';
export {
  FilterRuleError,
  appFilterRules,
  checkFilter,
  groupFilterRules,
  groupSearchRules,
  logFilterRules,
  userFilterRules,
  userSearchRules,
} from './rules.ts';
export type { AttributeRule, FilterRuleReason, FilterRules, RuleOp } from './rules.ts';
