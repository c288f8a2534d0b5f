// A progress bar for bulk work, drawn on stderr only when it is a terminal: a pipe or a CI log gets
// nothing (the summary at the end says what happened), so output stays clean to parse.

export interface Progress {
  tick(): void;
  done(): void;
}

export interface ProgressOptions {
  stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  total: number;
  label: string;
  /** Redraws at most this often (a terminal repainting per item slows a fast bulk import). */
  intervalMs?: number;
  now?: () => number;
}

export function createProgress(options: ProgressOptions): Progress {
  if (!options.stream.isTTY || options.total === 0) return { tick() {}, done() {} };
  const now = options.now ?? Date.now;
  const interval = options.intervalMs ?? 80;
  let count = 0;
  let drawn = -Infinity;
  const draw = () => {
    drawn = now();
    options.stream.write(`\r\u001b[2K${renderBar(count, options.total, options.label, options.stream.columns ?? 80)}`);
  };
  draw();
  return {
    tick() {
      count += 1;
      if (count === options.total || now() - drawn >= interval) draw();
    },
    done() {
      if (count !== options.total) draw();
      options.stream.write('\r\u001b[2K');
    },
  };
}

/** `label [########------------]  12/50` fitted to the terminal's width. */
export function renderBar(count: number, total: number, label: string, columns: number): string {
  const counter = `${String(count).padStart(String(total).length)}/${total}`;
  const room = Math.max(10, Math.min(40, columns - label.length - counter.length - 6));
  const filled = total === 0 ? room : Math.round((count / total) * room);
  return `${label} [${'#'.repeat(filled)}${'-'.repeat(room - filled)}] ${counter}`;
}
