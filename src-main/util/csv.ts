// The one CSV writer and reader of the exports (labels per rater, consensus, audit trail, predictions)
// and of `labels import`. RFC 4180: a field holding a comma, quote, CR or LF is quoted, quotes doubled.
//
// Spreadsheet formula injection (OWASP "CSV Injection"): Excel and LibreOffice run a cell that starts
// with = + - @ TAB or CR as a formula (=HYPERLINK(…), DDE calls). Exports carry strings other people
// typed — annotator names, file names, speaker ids, comments, flag reasons, audit before/after JSON — so
// every TEXT cell that starts with one of those characters gets a leading single quote, which both
// programs show as "this is text" and do not display. Numbers are written as numbers and never touched
// (a negative value stays -0.5). To keep our own exports readable by `labels import` without ambiguity,
// a text cell that already starts with quotes followed by a dangerous character gets one more quote, and
// readers strip exactly one: restoreText(neutraliseText(s)) === s for every string s.
export type CsvValue = string | number | boolean | null | undefined;

/** A text cell that a spreadsheet would evaluate (possibly behind quotes we added before). */
const FORMULA_START = /^'*[=+\-@\t\r]/;
/** What neutraliseText produces: one added quote in front of the above. */
const NEUTRALISED = /^'+[=+\-@\t\r]/;

/** OWASP: prefix a text cell that would start a formula with a single quote. */
export function neutraliseText(s: string): string {
  return FORMULA_START.test(s) ? `'${s}` : s;
}

/** Inverse of neutraliseText, for reading our own exports back. */
export function restoreText(s: string): string {
  return NEUTRALISED.test(s) ? s.slice(1) : s;
}

export interface CsvWriteOptions {
  /** Line end; RFC 4180 says CRLF (default), some of our files use LF. */
  eol?: '\r\n' | '\n';
  /** How numbers are printed (default String(n): shortest exact form; NaN/±Infinity spelled out). */
  formatNumber?: (n: number, column: string) => string;
}

function quote(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One cell: numbers and booleans as they are, text neutralised then quoted; null/undefined empty. */
export function csvCell(v: CsvValue, column = '', formatNumber?: CsvWriteOptions['formatNumber']): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return quote(formatNumber ? formatNumber(v, column) : String(v));
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return quote(neutraliseText(v));
}

/** Header row (the column names, treated as text) and one row per record, each line ending in `eol`. */
export function toCsv(rows: ReadonlyArray<Readonly<Record<string, CsvValue>>>, columns: readonly string[], opts: CsvWriteOptions = {}): string {
  const eol = opts.eol ?? '\r\n';
  const lines = [columns.map((c) => csvCell(c)).join(',')];
  for (const r of rows) lines.push(columns.map((c) => csvCell(r[c], c, opts.formatNumber)).join(','));
  return lines.join(eol) + eol;
}

/**
 * RFC 4180 CSV (quotes, doubled quotes, CRLF or LF, a leading BOM ignored). Returns the non-blank rows
 * with their 1-based starting line numbers. Fields are returned as written: call restoreText on text
 * fields that may come from our own exports.
 */
export function parseCsv(text: string): Array<{ line: number; fields: string[] }> {
  const rows: Array<{ line: number; fields: string[] }> = [];
  let field = '';
  let fields: string[] = [];
  let inQuotes = false;
  let line = 1;
  let rowLine = 1;
  const src = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (inQuotes) {
      if (ch === '"') {
        if (src[i + 1] === '"') { field += '"'; i++; } else inQuotes = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
    } else if (ch === '"') inQuotes = true;
    else if (ch === ',') { fields.push(field); field = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      fields.push(field);
      if (fields.some((f) => f.trim() !== '')) rows.push({ line: rowLine, fields });
      fields = []; field = ''; line++; rowLine = line;
    } else field += ch;
  }
  if (field !== '' || fields.length) { fields.push(field); if (fields.some((f) => f.trim() !== '')) rows.push({ line: rowLine, fields }); }
  return rows;
}
