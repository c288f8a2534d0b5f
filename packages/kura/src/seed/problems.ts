// What is wrong with a seed, said as the operator needs it: the file, the path inside it
// (`ssm.parameters[3].type`) and the reason. A reason names fields, names and variables, never a
// value: a seed holds passwords, and these lines go to the terminal and to CI logs.

export interface SeedProblem {
  /** The file as the operator named it (a directory's entries as directory/entry). */
  file: string;
  /** Where in the file: `ssm.parameters[3].type`; empty for the file as a whole. */
  path: string;
  reason: string;
}

export const describeProblem = (p: SeedProblem) => (p.path === '' ? `${p.file}: ${p.reason}` : `${p.file}: ${p.path}: ${p.reason}`);

/** A seed refused before anything was written: every problem found, one a line. */
export class SeedInvalidError extends Error {
  constructor(readonly problems: readonly SeedProblem[]) {
    super(`the seed is invalid, nothing was written:\n${problems.map((p) => `  ${describeProblem(p)}`).join('\n')}`);
    this.name = 'SeedInvalidError';
  }
}

/** A seed that is valid but cannot be applied to this store (a conflict only the store shows). */
export class SeedApplyError extends Error {
  constructor(
    readonly at: { file: string; path: string },
    reason: string,
  ) {
    super(`the seed cannot be applied: ${describeProblem({ ...at, reason })}`);
    this.name = 'SeedApplyError';
  }
}

/** Where a declaration was read, carried by every resource so later messages can point at it. */
export interface Located {
  file: string;
  path: string;
}

export const at = (path: string, key: string) => (path === '' ? key : `${path}.${key}`);
export const item = (path: string, index: number) => `${path}[${index}]`;
