/**
 * The export's OWASP formula escaping, and its reverse. The export prefixes `'` to a cell that
 * starts with `= + - @`, a tab or a carriage return (a bare E.164 phone, `+` and digits only,
 * is left as is), and also to a cell that already starts with one or more `'` followed by one
 * of those characters, so that the import, which removes exactly one leading `'` from any cell
 * of that shape, gives back every value unchanged: `=1+1` → `'=1+1` → `=1+1`, and
 * `'=1+1` → `''=1+1` → `'=1+1`. A cell like `'hello` is neither escaped nor unescaped.
 */
const ESCAPED_SHAPE = /^''*[=+\-@\t\r]/;
const NEEDS_ESCAPE = /^'*[=+\-@\t\r]/;
const BARE_E164 = /^\+\d+$/;

/** The export half (what `GET /v1/contacts/export` writes). */
export function escapeFormulaCell(value: string): string {
  return NEEDS_ESCAPE.test(value) && !BARE_E164.test(value) ? `'${value}` : value;
}

/** The import half: `'=SUM(A1)` was `=SUM(A1)`, `''-5` was `'-5`. */
export function unescapeFormulaCell(value: string): string {
  return value.charCodeAt(0) === 39 && ESCAPED_SHAPE.test(value) ? value.slice(1) : value;
}
