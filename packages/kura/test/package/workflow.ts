// docs/github-actions-example.yml, read and run: its `run` steps execute here as GitHub's runner
// executes them (bash --noprofile --norc -eo pipefail, the step's env on top of the job's, RUNNER_TEMP
// set), so that the recipe the docs give is the one this suite runs. Expressions (${{ … }}) are not
// evaluated: the Kura steps use none, and ci-recipe.test.ts checks that they stay free of them.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { cleanEnv, repoRoot, type Result } from './kit.js';

export interface Step {
  name?: string;
  uses?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  if?: string;
  run?: string;
}

export interface Workflow {
  name: string;
  on: Record<string, unknown>;
  jobs: Record<string, { 'runs-on': string; env?: Record<string, string>; steps: Step[] }>;
}

export const workflowFile = path.join(repoRoot, 'docs/github-actions-example.yml');
export const workflow = parse(readFileSync(workflowFile, 'utf8')) as Workflow;
export const job = workflow.jobs.test!;

/** The Kura steps, by name: the ones package.test.ts runs. */
export const KURA_STEPS = ['Install Kura from its package', 'Start Kura', 'Wait for Kura', 'Test', 'Stop Kura'] as const;

export function step(name: (typeof KURA_STEPS)[number]): Step & { run: string } {
  const found = job.steps.find((s) => s.name === name);
  if (!found?.run) throw new Error(`docs/github-actions-example.yml has no run step named '${name}'`);
  return found as Step & { run: string };
}

export interface Runner {
  /** RUNNER_TEMP: the runner's scratch directory. */
  temp: string;
  /** GITHUB_WORKSPACE: the checked-out project, the steps' working directory. */
  workspace: string;
  /** Added to every step's environment (the job's and the step's own win over nothing else). */
  env?: Record<string, string>;
}

/**
 * Runs a step's script; `replace` swaps one of its lines for another (the project's `npm test`
 * for a command that reports the environment the tests would get), and `env` overrides the step's.
 */
export function runStep(runner: Runner, name: (typeof KURA_STEPS)[number], options: { env?: Record<string, string>; replace?: [string, string]; timeoutMs?: number } = {}): Result {
  const { run, env } = step(name);
  let script = run;
  if (options.replace) {
    if (!script.split('\n').includes(options.replace[0])) throw new Error(`step '${name}' has no line '${options.replace[0]}'`);
    script = script.split('\n').map((line) => (line === options.replace![0] ? options.replace![1] : line)).join('\n');
  }
  const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
    cwd: runner.workspace,
    env: cleanEnv({ ...runner.env, ...job.env, ...env, ...options.env, RUNNER_TEMP: runner.temp, GITHUB_WORKSPACE: runner.workspace, CI: 'true' }),
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
