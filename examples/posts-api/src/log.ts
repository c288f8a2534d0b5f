// One JSON object per line, the shape CloudWatch Logs Insights and `jq` read without configuration.
// Twenty lines instead of a logging dependency: the app logs a handful of events and one line per request.
// Errors go to stderr and everything else to stdout, so a terminal shows failures even when stdout is
// redirected. Callers pass fields explicitly; nothing here ever sees the configuration, so a secret can
// only reach a log if someone writes it into a call, which review catches.

export type Level = 'info' | 'warn' | 'error';
export type Fields = Record<string, unknown>;

export interface Logger {
  info(msg: string, fields?: Fields): void;
  warn(msg: string, fields?: Fields): void;
  error(msg: string, fields?: Fields): void;
}

export interface LogSinks {
  out: { write(line: string): unknown };
  err: { write(line: string): unknown };
}

export function createLogger(sinks: LogSinks = { out: process.stdout, err: process.stderr }): Logger {
  const write = (level: Level, msg: string, fields?: Fields) => {
    const line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields });
    (level === 'error' ? sinks.err : sinks.out).write(`${line}\n`);
  };
  return {
    info: (msg, fields) => write('info', msg, fields),
    warn: (msg, fields) => write('warn', msg, fields),
    error: (msg, fields) => write('error', msg, fields),
  };
}

/** The parts of an error worth logging: its code and message, never the objects it may carry. */
export function errorFields(error: unknown): Fields {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { error: error.message, ...(typeof code === 'string' ? { code } : {}) };
  }
  return { error: String(error) };
}
