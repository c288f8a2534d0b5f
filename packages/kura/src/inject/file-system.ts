// Whether a directory lives in memory (tmpfs, ramfs), so that `--file` and `--template` can say when
// a value they write would reach a disk. statfs(2) decides (its type is the kernel's own answer,
// through symlinks and bind mounts alike); /proc/self/mountinfo only supplies the name to show.

import { readFileSync, realpathSync, statfsSync } from 'node:fs';

/** The f_type values of statfs(2) for file systems that keep their files in memory only. */
const MEMORY_TYPES = new Map([
  [0x01021994, 'tmpfs'],
  [0x858458f6, 'ramfs'],
]);

export type FileSystemKind = { memory: true; name: string } | { memory: false; name: string } | { memory: undefined; why: string };

export function fileSystemOf(dir: string, mountinfo = '/proc/self/mountinfo'): FileSystemKind {
  let type: number;
  try {
    type = statfsSync(dir).type;
  } catch (error) {
    return { memory: undefined, why: (error as NodeJS.ErrnoException).code ?? 'statfs failed' };
  }
  const memory = MEMORY_TYPES.get(type);
  if (memory !== undefined) return { memory: true, name: memory };
  return { memory: false, name: mountedType(dir, mountinfo) ?? `file system type 0x${type.toString(16)}` };
}

/** The type mountinfo gives the mount holding `dir` (the longest mount point above it; the last of equals, which is on top). */
export function mountedType(dir: string, mountinfo: string): string | undefined {
  let text: string;
  let real: string;
  try {
    text = readFileSync(mountinfo, 'utf8');
    real = realpathSync(dir);
  } catch {
    return undefined;
  }
  let best: { point: string; type: string } | undefined;
  for (const line of text.split('\n')) {
    // `36 35 98:0 /mnt1 /mnt/parent rw,noatime master:1 - ext3 /dev/root rw`: the mount point is the
    // fifth field, the type the first after ` - ` (optional fields come before it).
    const fields = line.split(' ');
    const dash = fields.indexOf('-', 6);
    const point = fields[4];
    const type = fields[dash + 1];
    if (dash < 0 || point === undefined || type === undefined) continue;
    const decoded = point.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
    const above = decoded === '/' || real === decoded || real.startsWith(`${decoded}/`);
    if (above && (!best || decoded.length >= best.point.length)) best = { point: decoded, type };
  }
  return best?.type;
}
