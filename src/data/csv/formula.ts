/**
 * Spreadsheet formula injection (OWASP, "CSV Injection"): a text cell that begins with `=`, `@`,
 * a tab or a carriage return, or with `+` or `-` and is not a number, is run as a formula when the
 * CSV file is opened in Excel or LibreOffice (`=cmd|' /C calc'!A0`, `@SUM(...)`, `+ve`). Written
 * text cells of that form get a leading `'`, which spreadsheets show as text; the reader removes
 * it again, so a table read back is the table written. A value that itself begins with `'` before
 * such text gets one more, so the mapping is exact both ways.
 */
const RUNS_AS_FORMULA = /^[=@\t\r]|^[+-]./s;
const PLAIN_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function runsAsFormula(text: string): boolean {
  return RUNS_AS_FORMULA.test(text) && !PLAIN_NUMBER.test(text);
}

function needsQuote(text: string): boolean {
  return runsAsFormula(text) || (text.startsWith("'") && needsQuote(text.slice(1)));
}

/** The text as written to CSV: `'` before what a spreadsheet would run. */
export function spreadsheetSafe(text: string): string {
  return needsQuote(text) ? `'${text}` : text;
}

/** The inverse of `spreadsheetSafe`, for text read from CSV. */
export function fromSpreadsheetSafe(text: string): string {
  return text.startsWith("'") && needsQuote(text.slice(1)) ? text.slice(1) : text;
}
