// The files of --file and --template: written mode 0400 before the program starts, replaced
// atomically when --watch sees a change, removed when Kura exits.
//
// Each file is written to a new temporary file in its own directory (O_CREAT|O_EXCL|O_NOFOLLOW,
// mode 0400 from the first instant, so it is never readable by others, even briefly), synced, and
// renamed over PATH: a reader sees the old content or the new one whole, never a mix, and one that
// holds the file open keeps reading the old content. Every changed file of one write() is staged
// before any is renamed, so a write that fails part-way (a full disk, a directory in the way) leaves
// every output as it was.
//
// What may already be at PATH: nothing, or a regular file (replaced; Kura removes it at exit like
// its own). A symbolic link is refused, as is a directory or any other kind of file: Kura never
// writes through a link (rename(2) replaces a link and never follows it) and never removes what it
// cannot replace whole. Missing directories are created mode 0700 and removed at exit when empty.
// Files belong to the user Kura runs as, which is the program's: Kura does not switch users.
//
// Kura does not move a path that is not on a tmpfs; it says so once per directory, because a value
// written there reaches the disk (and outlives a crash of the container host).

import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, constants, fchmodSync, fsyncSync, lstatSync, mkdirSync, openSync, renameSync, rmdirSync, statSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { ExecError, EXIT } from './errors.js';
import { fileSystemOf } from './file-system.js';
import type { RenderedFile } from './outputs.js';

/** Owner read-only: the program reads the file; nobody, Kura included, writes it in place. */
export const OUTPUT_MODE = 0o400;
export const CREATED_DIRECTORY_MODE = 0o700;

interface Staged {
  file: RenderedFile;
  temp: string;
}

export class OutputFiles {
  /** The content last written at each path. */
  readonly #written = new Map<string, string>();
  /** Temporary files not renamed yet: only while write() runs, unless a removal failed. */
  readonly #pending = new Set<string>();
  /** Directories Kura created, parents before children. */
  readonly #created: string[] = [];
  /** Directories whose file system was looked at: reported once each over Kura's life. */
  readonly #looked = new Set<string>();

  constructor(private readonly report: (line: string) => void) {}

  /**
   * Writes the files whose content differs from what this object last wrote there. Throws an
   * ExecError (exit 4) naming the option and the path, never a value; whatever it had written
   * before stays. The caller calls removeAll() when Kura exits, whatever happened.
   */
  write(files: readonly RenderedFile[]): void {
    const staged: Staged[] = [];
    try {
      for (const file of files) {
        if (this.#written.get(file.path) === file.content) continue;
        const dir = this.#directoryFor(file);
        checkTarget(file);
        staged.push({ file, temp: this.#stage(dir, file) });
      }
      for (const { file, temp } of staged) {
        try {
          renameSync(temp, file.path);
        } catch (error) {
          throw failure(file, 'cannot replace it', error);
        }
        this.#pending.delete(temp);
        this.#written.set(file.path, file.content);
      }
    } finally {
      for (const { temp } of staged) if (this.#pending.has(temp) && this.#remove(temp)) this.#pending.delete(temp);
    }
  }

  /** Unlinks every file written (and any temporary file left), then the directories Kura created if empty. Never throws. */
  removeAll(): void {
    for (const file of [...this.#pending, ...this.#written.keys()]) this.#remove(file);
    this.#pending.clear();
    this.#written.clear();
    for (const dir of this.#created.reverse()) {
      try {
        rmdirSync(dir);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        // Not empty: something else put a file there, which is not Kura's to remove.
        if (code !== 'ENOENT' && code !== 'ENOTEMPTY' && code !== 'EEXIST') this.report(`could not remove the directory ${dir} (${code ?? 'error'})`);
      }
    }
    this.#created.length = 0;
  }

  /** PATH's directory, created (0700) with its missing parents; the tmpfs report, once per directory. */
  #directoryFor(file: RenderedFile): string {
    const dir = path.dirname(file.path);
    const missing: string[] = [];
    for (let at = dir; ; at = path.dirname(at)) {
      let found;
      try {
        found = statSync(at);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT' && at !== path.dirname(at)) {
          missing.unshift(at);
          continue;
        }
        throw failure(file, `cannot use the directory ${at}`, error);
      }
      if (!found.isDirectory()) throw failure(file, `${at} is not a directory`);
      break;
    }
    for (const at of missing) {
      try {
        mkdirSync(at, { mode: CREATED_DIRECTORY_MODE });
        this.#created.push(at);
        // As for the files: the umask may have taken bits away, never added any.
        chmodSync(at, CREATED_DIRECTORY_MODE);
      } catch (error) {
        // Created meanwhile by someone else: use it, but it is not Kura's to remove.
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || !statSync(at).isDirectory()) throw failure(file, `cannot create the directory ${at}`, error);
      }
    }
    if (!this.#looked.has(dir)) {
      this.#looked.add(dir);
      const kind = fileSystemOf(dir);
      if (kind.memory === false) {
        this.report(`${dir} (${file.origin}) is on ${kind.name}, not a tmpfs: the values written there reach the disk; use /dev/shm or a tmpfs mount (on ECS with EC2: linuxParameters.tmpfs)`);
      } else if (kind.memory === undefined) this.report(`cannot tell whether ${dir} (${file.origin}) is a tmpfs (${kind.why}): the values written there may reach the disk`);
    }
    return dir;
  }

  /** A new temporary file in `dir` holding the content, 0400 from its creation, synced. */
  #stage(dir: string, file: RenderedFile): string {
    const temp = path.join(dir, `.kura-${randomBytes(8).toString('hex')}.tmp`);
    let fd: number;
    try {
      fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, OUTPUT_MODE);
    } catch (error) {
      throw failure(file, `cannot create a file in ${dir}`, error);
    }
    this.#pending.add(temp);
    let failed: unknown;
    try {
      // The umask can only take bits away; a umask of 0400 would leave the program unable to read.
      fchmodSync(fd, OUTPUT_MODE);
      const bytes = Buffer.from(file.content, 'utf8');
      for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done);
      fsyncSync(fd);
    } catch (error) {
      failed = error;
    } finally {
      closeSync(fd);
    }
    if (failed !== undefined) {
      // Not staged yet, so write()'s clean-up does not know it: removed here.
      if (this.#remove(temp)) this.#pending.delete(temp);
      throw failure(file, `cannot write a file in ${dir}`, failed);
    }
    return temp;
  }

  /** Unlinks `file`; false (reported) when it could not. A file already gone is fine. */
  #remove(file: string): boolean {
    try {
      unlinkSync(file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return true;
      this.report(`could not remove ${file} (${code ?? 'error'})`);
      return false;
    }
    return true;
  }
}

/** What is at PATH now: nothing, or a regular file to replace. Looked at without following a link. */
function checkTarget(file: RenderedFile): void {
  let found;
  try {
    found = lstatSync(file.path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw failure(file, 'cannot look at it', error);
  }
  if (found.isSymbolicLink()) throw failure(file, 'it is a symbolic link, and Kura never writes through one; remove it, or give the path it points to');
  if (found.isDirectory()) throw failure(file, 'it is a directory');
  if (!found.isFile()) throw failure(file, 'it is not a regular file');
}

function failure(file: RenderedFile, what: string, error?: unknown): ExecError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const where = file.origin.endsWith(file.path) ? file.origin : `${file.origin} (${file.path})`;
  return new ExecError(`${where}: ${what}${code ? ` (${code})` : ''}`, EXIT.rejected);
}
