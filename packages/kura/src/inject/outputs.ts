// Everything one read of the sources gives the program: its environment, and the --file and
// --template outputs. Pure (templates are read by the caller), so the start and every --watch read
// build the result the same way, and a result that would be refused never reaches the program.

import { assembleEnvironment, type AssembleOptions } from './assemble.js';
import { ExecError, EXIT } from './errors.js';
import type { Fetched } from './fetch.js';
import type { ExecOptions, ValueSource } from './options.js';
import { describeSecret, readKey } from './secret-refs.js';
import { singleSecretValue } from './secret-values.js';
import { renderTemplate } from './template.js';

export interface RenderedFile {
  path: string;
  content: string;
  /** Which option wrote it, for messages: `--file /run/secrets/db`, `--template app.tmpl:app.conf`. */
  origin: string;
}

export interface Outputs {
  env: Record<string, string>;
  /** One line per override under --allow-override, names only. */
  overrides: string[];
  files: RenderedFile[];
}

export interface OutputInputs extends Pick<AssembleOptions, 'inherited' | 'references' | 'secretReferences' | 'keepCredentials'> {
  options: ExecOptions;
  fetched: Fetched;
  /** Each --template's text, by input path, read once at start. */
  templates: ReadonlyMap<string, string>;
}

export function buildOutputs(input: OutputInputs): Outputs {
  const { options, fetched } = input;
  const { env, overrides } = assembleEnvironment({
    inherited: input.inherited,
    sources: options.sources,
    references: input.references,
    ...(input.secretReferences ? { secretReferences: input.secretReferences } : {}),
    fetched,
    prefix: options.prefix,
    pristine: options.pristine,
    keepCredentials: input.keepCredentials,
    allowOverride: options.allowOverride,
    allowNames: new Set(options.allowNames),
    strict: options.strict,
    jsonExpand: options.jsonExpand,
  });
  const files: RenderedFile[] = options.files.map((file) => ({ path: file.path, content: valueFor(fetched, file.value), origin: `--file ${file.path}` }));
  for (const template of options.templates) {
    const text = input.templates.get(template.input);
    // run.ts reads every template before the first read; a gap here is a bug, reported as one.
    if (text === undefined) throw new ExecError(`internal error: --template ${template.input} was not read`, EXIT.rejected);
    const origin = `--template ${template.input}:${template.output}`;
    files.push({ path: template.output, content: renderTemplate(text, env, origin), origin });
  }
  return { env, overrides, files };
}

function valueFor(fetched: Fetched, value: ValueSource): string {
  if (value.kind === 'parameter') {
    const found = fetched.values.get(value.parameter);
    // readPlan fails before this can happen; checked so that a gap can never become an empty file.
    if (found === undefined) throw new ExecError(`no value was read for ${value.parameter}`, EXIT.fetch);
    return found;
  }
  const found = fetched.secrets?.get(readKey(value.secret));
  if (found === undefined) throw new ExecError(`no value was read for ${describeSecret(value.secret)}`, EXIT.fetch);
  return singleSecretValue(found, value.secret);
}
