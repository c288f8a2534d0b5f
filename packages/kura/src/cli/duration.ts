// Durations on `kura exec`'s command line: seconds as a bare number, or with a unit (s, m, h, d).

const UNITS: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400 };

/** Seconds, or undefined when `text` is not `<number>[s|m|h|d]` (a decimal number, no sign). */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(text.trim());
  if (!match) return undefined;
  const seconds = Number(match[1]) * (UNITS[match[2] ?? ''] ?? Number.NaN);
  return Number.isFinite(seconds) ? seconds : undefined;
}
