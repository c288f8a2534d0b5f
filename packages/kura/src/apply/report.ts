// The report `kura apply` prints for people: one line per resource (what was done, its logical id,
// its type, what it is called on the server, why), the skipped resources, the task definitions
// written, the outputs and a count. Text from the template or the server is made printable, so a
// hostile name cannot drive the terminal. `--output json` prints the report object instead.

import type { Row } from './execute.js';
import type { Output } from './outputs.js';
import type { ApplyReport, DeleteReport } from './stack.js';

/** Escapes control characters (ESC included) so the terminal shows, not obeys, them. */
function printable(text: string): string {
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

function lines(rows: string[][]): string {
  const widths = rows.reduce<number[]>((w, row) => row.map((cell, i) => Math.max(w[i] ?? 0, [...cell].length)), []);
  return rows.map((row) => `  ${row.map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat(widths[i]! - [...cell].length))).join('  ')}`.trimEnd() + '\n').join('');
}

/** Rows for a table or text: the changes, then the skipped resources. */
export function reportRows(report: Pick<ApplyReport, 'changes' | 'skipped'>): Row[] {
  return [...report.changes, ...report.skipped.map((s) => ({ action: 'skip', logicalId: s.logicalId, type: s.type, detail: s.reason }))];
}

/** action, logical id, type, then the name on the server and why, in one last column. */
function cells(r: Row): string[] {
  const last = [r.physicalId ?? '', r.detail ? `(${r.detail})` : ''].filter((t) => t !== '').join(' ');
  return [r.action, r.logicalId, printable(r.type), printable(last)];
}

function outputText(output: Output): string {
  if ('problem' in output) return `(not available: ${output.problem})`;
  return typeof output.value === 'string' ? output.value : JSON.stringify(output.value);
}

const COUNTED = ['create', 'update', 'replace', 'unchanged', 'delete', 'retain', 'skip'] as const;

function summary(rows: Row[], dryRun: boolean): string {
  const counts = COUNTED.map((action) => [action, rows.filter((r) => r.action === action).length] as const).filter(([, n]) => n > 0);
  const words: { [action: string]: string } = { create: 'to create', update: 'to update', replace: 'to replace', unchanged: 'unchanged', delete: 'to delete', retain: 'to retain', skip: 'skipped' };
  const done: { [action: string]: string } = { create: 'created', update: 'updated', replace: 'replaced', unchanged: 'unchanged', delete: 'deleted', retain: 'retained', skip: 'skipped' };
  return counts.map(([action, n]) => `${n} ${(dryRun ? words : done)[action]}`).join(', ');
}

export function renderApplyText(report: ApplyReport): string {
  const rows = reportRows(report);
  let out = `${report.dryRun ? 'Plan for stack' : 'Stack'} ${printable(report.stackName)} (${printable(report.stackId)})\n`;
  out += lines(rows.map(cells));
  if (report.taskDefinitions.length > 0) {
    out += 'Task definitions:\n';
    out += lines(report.taskDefinitions.map((t) => [printable(t.path), t.written ? 'written' : 'unchanged']));
  }
  if (report.outputs.length > 0) {
    out += 'Outputs:\n';
    out += lines(report.outputs.map((o) => [printable(o.name), printable(outputText(o))]));
  }
  const counted = summary(rows, report.dryRun);
  if (report.noChanges) out += `No changes${counted ? ` (${counted})` : ''}.\n`;
  else out += `${report.dryRun ? 'Dry run, nothing written' : 'Applied'}: ${counted}.\n`;
  return out + warningLines(report.warnings);
}

/** A dry run's warnings (the stack locked by another run), last, where they are seen. */
export function warningLines(warnings: string[]): string {
  return warnings.map((w) => `Warning: ${printable(w)}\n`).join('');
}

export function renderDeleteText(report: DeleteReport): string {
  let out = `${report.dryRun ? 'Would delete stack' : 'Deleted stack'} ${printable(report.stackName)}\n`;
  out += lines(report.changes.map(cells));
  return `${out}${summary(report.changes, report.dryRun) || 'nothing to delete'}.\n${warningLines(report.warnings)}`;
}
