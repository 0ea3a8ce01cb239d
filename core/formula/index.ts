// Formula columns: an Excel-style formula language over a customer's fields and metrics
// (docs/formulas.md). Pure: no DOM, no I/O.
export { parseFormula, MAX_FORMULA_LENGTH, type Node, type FormulaProblem, type ParseResult } from './parse.js';
export {
  evaluateCustomColumns, checkFormula, formulaSyntaxProblem, localizeFormula, renameReferences, parseLenient, NO_CUSTOM_VALUES,
} from './columns.js';
export { builtinReferences, resolveReference, foldRef, isBuiltinName, type BuiltinReference } from './references.js';
export { functionDefs, lookupFunction, type FunctionDef } from './functions.js';
export { ERROR_CODES, err, isError, syntaxOf, type CustomValue, type ErrorCode, type FormulaError } from './values.js';
export { customColumnsSchema, CUSTOM_COLUMN_FORMATS, MAX_CUSTOM_COLUMNS } from './settings-schema.js';
export { customValueMatcher } from './filter.js';
