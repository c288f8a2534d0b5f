// `--output json|text|table`, as in the AWS CLI: json is the data as is (for programs), text is
// tab-separated fields one record per line with no header (for shell pipelines), table is aligned
// columns with a header (for people).

import { UsageError } from './errors.js';

export type OutputFormat = 'json' | 'text' | 'table';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['json', 'text', 'table'];

export function parseOutputFormat(value: string | undefined, fallback: OutputFormat = 'text'): OutputFormat {
  if (value === undefined) return fallback;
  if ((OUTPUT_FORMATS as readonly string[]).includes(value)) return value as OutputFormat;
  throw new UsageError(`--output must be one of json, text, table (got '${value}')`);
}

export type Row = Record<string, unknown>;

export function renderJson(data: unknown): string {
  return `${JSON.stringify(data, null, 2)}\n`;
}

/** Tab-separated fields, one row per line: raw values, so `cut -f2` gets exactly what was stored. */
export function renderText(rows: Row[], columns: string[]): string {
  return rows.map((row) => `${columns.map((c) => cell(row[c])).join('\t')}\n`).join('');
}

/**
 * A boxed table. Cells are made printable (newlines, tabs and terminal control characters become
 * escapes) so that a hostile value can neither break the layout nor drive the user's terminal.
 */
export function renderTable(rows: Row[], columns: string[]): string {
  const cells = rows.map((row) => columns.map((c) => printable(cell(row[c]))));
  const widths = columns.map((c, i) => Math.max(width(c), ...cells.map((r) => width(r[i] ?? ''))));
  const rule = `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+\n`;
  const line = (values: string[]) => `|${values.map((v, i) => ` ${v}${' '.repeat((widths[i] ?? 0) - width(v))} `).join('|')}|\n`;
  return rule + line(columns) + rule + cells.map(line).join('') + (rows.length > 0 ? rule : '');
}

export function renderRows(format: OutputFormat, rows: Row[], columns: string[]): string {
  if (format === 'json') return renderJson(rows);
  if (format === 'table') return renderTable(rows, columns);
  return renderText(rows, columns);
}

function cell(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(cell).join(',');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Escapes every C0/C1 control character (ESC included) so the terminal shows, not obeys, them. */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\t') return '\\t';
    if (c === '\r') return '\\r';
    return `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
}

function width(text: string): number {
  return [...text].length;
}
