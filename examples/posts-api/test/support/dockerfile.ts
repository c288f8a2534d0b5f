// Just enough of Docker to test the image's build inputs on a machine without a container engine:
// a Dockerfile parser, the .dockerignore matcher, and a "stager" that lays out the final stage's files
// (its COPY, `RUN ln -s` and `RUN install -d` instructions) under a temporary root so the declared
// ENTRYPOINT and CMD can be run as they would run in the container. Anything else in the final stage is
// refused, so the stager cannot silently drift from the Dockerfile. Used by the posts API's image tests
// and by Kura's server image tests (packages/kura/test/package/).

import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import path from 'node:path';

export interface Instruction {
  keyword: string;
  /** Leading --name=value options (COPY --from, COPY --chmod, FROM --platform…). */
  flags: Record<string, string>;
  /** The rest of the line, continuation lines joined. */
  args: string;
  /** The JSON ("exec") form, when args is a JSON array of strings. */
  json?: string[];
  line: number;
}

export interface Stage {
  image: string;
  name?: string;
  instructions: Instruction[];
}

export function parseDockerfile(text: string): { directives: Record<string, string>; stages: Stage[] } {
  const directives: Record<string, string> = {};
  const stages: Stage[] = [];
  const lines = text.split('\n');
  let inDirectives = true;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const directive = /^#\s*([a-z]+)\s*=\s*(\S+)\s*$/i.exec(raw);
    if (inDirectives && directive) {
      directives[directive[1]!.toLowerCase()] = directive[2]!;
      continue;
    }
    inDirectives = false;
    if (/^\s*(#|$)/.test(raw)) continue;
    const start = i + 1;
    let joined = raw;
    // A trailing backslash continues the instruction; comment lines inside it are dropped.
    while (/\\\s*$/.test(joined) && i + 1 < lines.length) {
      const next = lines[++i]!;
      joined = joined.replace(/\\\s*$/, ' ') + (/^\s*#/.test(next) ? '' : next);
    }
    const match = /^\s*([A-Za-z]+)\s*(.*)$/.exec(joined);
    if (!match) throw new Error(`Dockerfile line ${start}: cannot parse`);
    let args = match[2]!.trim();
    const flags: Record<string, string> = {};
    for (let flag = /^--([a-z-]+)=(\S+)\s*/.exec(args); flag; flag = /^--([a-z-]+)=(\S+)\s*/.exec(args)) {
      flags[flag[1]!] = flag[2]!;
      args = args.slice(flag[0].length);
    }
    const instruction: Instruction = { keyword: match[1]!.toUpperCase(), flags, args, line: start };
    if (args.startsWith('[')) {
      const parsed: unknown = JSON.parse(args);
      if (Array.isArray(parsed) && parsed.every((x) => typeof x === 'string')) instruction.json = parsed;
    }
    if (instruction.keyword === 'FROM') {
      const [image, as, name] = args.split(/\s+/);
      stages.push({ image: image!, ...(as?.toUpperCase() === 'AS' && name ? { name } : {}), instructions: [] });
    } else {
      const stage = stages.at(-1);
      if (!stage) throw new Error(`Dockerfile line ${start}: ${instruction.keyword} before FROM`);
      stage.instructions.push(instruction);
    }
  }
  return { directives, stages };
}

/** The last value of an instruction in a stage (WORKDIR, USER, ENTRYPOINT…), or undefined. */
export function last(stage: Stage, keyword: string): Instruction | undefined {
  return stage.instructions.filter((i) => i.keyword === keyword).at(-1);
}

// ---- .dockerignore ----

function patternToRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*' && pattern[i + 1] === '*') {
      // "**/" matches any number of directories, including none.
      re += pattern[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += pattern[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Whether a context path (relative, with /) is sent to the builder, per Docker's rules: the last
 * matching line wins, "!" re-includes, and a pattern matching a parent directory matches its files. */
export function includedByDockerignore(ignoreText: string, file: string): boolean {
  const rules = ignoreText
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => {
      const negated = l.startsWith('!');
      const clean = path.posix.normalize((negated ? l.slice(1) : l).replace(/^\/+/, '')).replace(/\/+$/, '');
      return { negated, re: patternToRegExp(clean) };
    });
  const parts = file.split('/');
  const prefixes = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
  let included = true;
  for (const rule of rules) if (prefixes.some((p) => rule.re.test(p))) included = rule.negated;
  return included;
}

// ---- staging the final stage ----

export interface StagedImage {
  root: string;
  workdir: string;
  env: Record<string, string>;
  user?: string;
  entrypoint: string[];
  cmd: string[];
  /** Maps a path inside the image to the staged path. */
  at(imagePath: string): string;
}

export interface StageOptions {
  root: string;
  context: string;
  /** A build stage's name → the local directory holding what its WORKDIR holds after it ran. */
  stageDirs: Record<string, { workdir: string; dir: string }>;
  /** How to materialize a copied node_modules directory (default: a symlink to it). */
  copyNodeModules?: (from: string, to: string) => void;
}

/** Lays out the final stage under `opts.root`. */
export function stageFinalImage(stages: Stage[], opts: StageOptions): StagedImage {
  const final = stages.at(-1)!;
  const at = (p: string) => path.join(opts.root, p);
  let workdir = '/';
  const env: Record<string, string> = {};
  let user: string | undefined;
  for (const ins of final.instructions) {
    switch (ins.keyword) {
      case 'WORKDIR':
        workdir = path.posix.resolve(workdir, ins.args);
        mkdirSync(at(workdir), { recursive: true });
        break;
      case 'ENV': {
        const m = /^([A-Za-z_][A-Za-z0-9_]*)[= ](.*)$/.exec(ins.args);
        if (!m) throw new Error(`line ${ins.line}: only ENV NAME=value is supported here`);
        env[m[1]!] = m[2]!;
        break;
      }
      case 'USER':
        user = ins.args;
        break;
      case 'COPY':
        copy(ins, workdir, at, opts);
        break;
      case 'RUN': {
        const m = /^ln -s (\S+) (\S+)$/.exec(ins.args);
        const dir = /^install -d -o (\S+) -g (\S+) -m ([0-7]{3,4}) (\/\S+)$/.exec(ins.args);
        if (m) {
          mkdirSync(path.dirname(at(m[2]!)), { recursive: true });
          symlinkSync(at(m[1]!), at(m[2]!));
        } else if (dir) makeOwnedDirectory(at(dir[4]!), { user: dir[1]!, group: dir[2]!, mode: parseInt(dir[3]!, 8), line: ins.line });
        else throw new Error(`line ${ins.line}: the stager runs no RUN in the final stage except "ln -s A B" and "install -d -o U -g G -m MODE DIR": ${ins.args}`);
        break;
      }
      case 'VOLUME':
      case 'EXPOSE':
      case 'ENTRYPOINT':
      case 'CMD':
      case 'LABEL':
      case 'HEALTHCHECK':
        break;
      default:
        throw new Error(`line ${ins.line}: ${ins.keyword} in the final stage is not understood by the stager`);
    }
  }
  const entrypoint = last(final, 'ENTRYPOINT')?.json;
  const cmd = last(final, 'CMD')?.json;
  if (!entrypoint || !cmd) throw new Error('ENTRYPOINT and CMD must both be in exec (JSON) form');
  return { root: opts.root, workdir, env, ...(user ? { user } : {}), entrypoint, cmd, at };
}

/** The base image's users (node:*-slim): root, and node (uid 1000) that images run as. */
const IMAGE_IDS: Record<string, number> = { root: 0, node: 1000 };

/** `install -d`: the directory with its mode, and its owner when this process may give it one (as root). */
function makeOwnedDirectory(dir: string, o: { user: string; group: string; mode: number; line: number }): void {
  const uid = IMAGE_IDS[o.user];
  const gid = IMAGE_IDS[o.group];
  if (uid === undefined || gid === undefined) throw new Error(`line ${o.line}: the stager knows the users root and node only, not ${o.user}:${o.group}`);
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, o.mode);
  if (process.getuid?.() === 0) chownSync(dir, uid, gid);
}

function copy(ins: Instruction, workdir: string, at: (p: string) => string, opts: StageOptions): void {
  const words = ins.json ?? ins.args.split(/\s+/);
  const dest = words.at(-1)!;
  const sources = words.slice(0, -1);
  let resolveSource: (s: string) => string;
  const from = ins.flags.from;
  if (from) {
    const stage = opts.stageDirs[from];
    if (!stage) throw new Error(`line ${ins.line}: no local directory for stage ${from}`);
    resolveSource = (s) => {
      if (!s.startsWith(`${stage.workdir}/`)) throw new Error(`line ${ins.line}: ${s} is outside ${from}'s ${stage.workdir}`);
      return path.join(stage.dir, s.slice(stage.workdir.length + 1));
    };
  } else resolveSource = (s) => path.join(opts.context, s);
  const target = path.posix.resolve(workdir, dest);
  const intoDir = dest.endsWith('/') || sources.length > 1;
  for (const source of sources) {
    const local = resolveSource(source);
    if (!existsSync(local)) throw new Error(`line ${ins.line}: COPY source ${source} does not exist (${local})`);
    const isDir = statSync(local).isDirectory();
    // Docker copies a directory's contents, and a file into the directory when dest ends with "/".
    const out = at(!isDir && intoDir ? path.posix.join(target, path.basename(source)) : target);
    mkdirSync(path.dirname(out), { recursive: true });
    if (isDir && path.basename(local) === 'node_modules') (opts.copyNodeModules ?? symlinkSync)(local, out);
    else cpSync(local, out, { recursive: true, dereference: true });
    if (ins.flags.chmod) chmodSync(out, parseInt(ins.flags.chmod, 8));
  }
}

/**
 * Copies the production dependency closure of a package (what `npm ci --omit=dev -w <it>` installs)
 * out of a hoisted node_modules, so a runtime dependency declared as a devDependency fails the test.
 */
export function copyProductionDependencies(packageJson: string, from: string, to: string): string[] {
  const copied: string[] = [];
  const queue = Object.keys((JSON.parse(readFileSync(packageJson, 'utf8')) as { dependencies?: Record<string, string> }).dependencies ?? {});
  while (queue.length > 0) {
    const name = queue.shift()!;
    if (copied.includes(name)) continue;
    const dir = path.join(from, name);
    if (!existsSync(dir)) throw new Error(`dependency ${name} is not installed in ${from}`);
    cpSync(dir, path.join(to, name), { recursive: true, dereference: true });
    copied.push(name);
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    queue.push(...Object.keys(pkg.dependencies ?? {}));
  }
  return copied.sort();
}

export function readText(file: string): string {
  return readFileSync(file, 'utf8');
}
