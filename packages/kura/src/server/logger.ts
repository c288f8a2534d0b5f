// JSON-lines logging. Callers pass only fields that are safe to print: the request log carries ids,
// names of operations and principals, statuses and timings, never an input or output value.

import type { LogLevel } from './config.js';

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  log(level: LogLevel, msg: string, fields?: Record<string, unknown>): void;
}

// Lines to stdout are gathered for the rest of the event-loop turn and written together: one write
// for a burst of requests instead of one each. 'exit' writes whatever is still pending.
let pending = '';
let scheduled = false;
function flushStdout(): void {
  scheduled = false;
  if (pending === '') return;
  const text = pending;
  pending = '';
  process.stdout.write(text);
}
function writeStdout(line: string): void {
  pending += line;
  if (pending.length > 64 * 1024) return flushStdout();
  if (scheduled) return;
  scheduled = true;
  setImmediate(flushStdout);
}
process.on('exit', flushStdout);

export function createLogger(minimum: LogLevel, write: (line: string) => void = writeStdout): Logger {
  return {
    log(level, msg, fields = {}) {
      if (ORDER[level] < ORDER[minimum]) return;
      write(`${JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })}\n`);
    },
  };
}
