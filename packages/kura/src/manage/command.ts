// What every management command shares: the AWS options (--region, --profile, --endpoint-url),
// --output, --help, and the error contract (one line on stderr, exit 2 for usage, 1 for failures).
// The streams and environment come in as arguments, so commands run the same under tests.

import { parseArgs } from 'node:util';
import { createAwsClients, destroyAwsClients, type AwsClients } from './aws-clients.js';
import { describeError, UsageError } from './errors.js';
import { parseOutputFormat, type OutputFormat } from './output.js';

export interface Io {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

export function processIo(): Io {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env };
}

type OptionSpec = { type: 'string' | 'boolean'; short?: string; multiple?: boolean };

export interface CommandSpec {
  /** As typed after `kura`, for messages: `kura get: …`. */
  name: string;
  help: string;
  options: Record<string, OptionSpec>;
  /** Commands whose output is a document, not data, take no --output. */
  output?: false | OutputFormat;
}

export interface CommandContext {
  positionals: string[];
  string(name: string): string | undefined;
  strings(name: string): string[];
  flag(name: string): boolean;
  output: OutputFormat;
  io: Io;
  /** The SDK clients, created on first use (a usage error never builds one). */
  aws(): AwsClients;
  write(text: string): void;
  /** A note for people (progress, summaries of what was done): stderr, never mixed into data. */
  note(text: string): void;
}

export const COMMON_HELP = `AWS options (the SDK's own chain is used: AWS_PROFILE, AWS_REGION, AWS_ENDPOINT_URL, ~/.aws):
  --region R          region (default: AWS_REGION, AWS_DEFAULT_REGION, then the profile's)
  --profile P         named profile from ~/.aws/config and ~/.aws/credentials
  --endpoint-url URL  send requests here instead of AWS (e.g. a \`kura serve\`)
  -h, --help          show this help
`;

const COMMON: Record<string, OptionSpec> = {
  region: { type: 'string' },
  profile: { type: 'string' },
  'endpoint-url': { type: 'string' },
  output: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};

export async function runCommand(spec: CommandSpec, args: string[], io: Io, body: (ctx: CommandContext) => Promise<number | void>): Promise<number> {
  let clients: AwsClients | undefined;
  try {
    let parsed;
    try {
      parsed = parseArgs({ args, options: { ...COMMON, ...spec.options }, allowPositionals: true, strict: true });
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message.split('\n')[0] : String(error));
    }
    const values = parsed.values as Record<string, string | boolean | string[] | undefined>;
    if (values.help) {
      io.stdout.write(spec.help);
      return 0;
    }
    if (spec.output === false && values.output !== undefined) throw new UsageError(`${spec.name} prints a document; --output does not apply`);
    const output = parseOutputFormat(values.output as string | undefined, spec.output === false ? 'text' : (spec.output ?? 'text'));
    const ctx: CommandContext = {
      positionals: parsed.positionals,
      string: (name) => {
        const v = values[name];
        return typeof v === 'string' ? v : Array.isArray(v) ? v[v.length - 1] : undefined;
      },
      strings: (name) => {
        const v = values[name];
        return Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
      },
      flag: (name) => values[name] === true,
      output,
      io,
      aws: () =>
        (clients ??= createAwsClients({
          region: values.region as string | undefined,
          profile: values.profile as string | undefined,
          endpointUrl: values['endpoint-url'] as string | undefined,
          env: io.env,
        })),
      write: (text) => io.stdout.write(text),
      note: (text) => io.stderr.write(text),
    };
    return (await body(ctx)) ?? 0;
  } catch (error) {
    io.stderr.write(`kura ${spec.name}: ${describeError(error)}\n`);
    return error instanceof UsageError ? 2 : 1;
  } finally {
    if (clients) destroyAwsClients(clients);
  }
}

/** Reads all of a stream (stdin for `put NAME -` and `import -`). */
export async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  return (await readAllBytes(stream)).toString('utf8');
}

/** The bytes of a stream, undecoded (`kura secret put --binary`). */
export async function readAllBytes(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}
