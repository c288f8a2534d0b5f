// `kura put`: write one parameter (a new version with --overwrite).

import type { ParameterTier, ParameterType } from '@aws-sdk/client-ssm';
import { COMMON_HELP, processIo, readAll, runCommand, type Io } from '../manage/command.js';
import { about, UsageError } from '../manage/errors.js';
import { renderJson, renderTable } from '../manage/output.js';
import { putParameter } from '../manage/parameters.js';

export const HELP = `Usage: kura put NAME [VALUE] [options]

Writes a parameter. The value is VALUE, or stdin when VALUE is - or left out (one trailing newline
is dropped). Pipe secrets in on stdin: VALUE on the command line lands in shell history and is
visible to other users in the process list.

  --type T            String (default), StringList or SecureString
  --key-id K          KMS key for a SecureString (default: the AWS managed key alias/aws/ssm)
  --description D     a description of the parameter
  --tier T            Standard, Advanced or Intelligent-Tiering
  --overwrite         write a new version of an existing parameter (without it, an existing name is an error)
  --output F          text (default: "NAME version N"), json or table

${COMMON_HELP}`;

const TYPES = ['String', 'StringList', 'SecureString'];
const TIERS = ['Standard', 'Advanced', 'Intelligent-Tiering'];

export async function run(args: string[], io: Io = processIo()): Promise<number> {
  const options = {
    type: { type: 'string' },
    'key-id': { type: 'string' },
    description: { type: 'string' },
    tier: { type: 'string' },
    overwrite: { type: 'boolean' },
  } as const;
  return runCommand({ name: 'put', help: HELP, options }, args, io, async (ctx) => {
    const [name, given, ...extra] = ctx.positionals;
    if (!name) throw new UsageError('NAME is required: kura put NAME [VALUE]');
    if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}' (quote a value that has spaces)`);
    const type = ctx.string('type') ?? 'String';
    if (!TYPES.includes(type)) throw new UsageError(`--type must be one of ${TYPES.join(', ')} (got '${type}')`);
    const tier = ctx.string('tier');
    if (tier !== undefined && !TIERS.includes(tier)) throw new UsageError(`--tier must be one of ${TIERS.join(', ')} (got '${tier}')`);
    const keyId = ctx.string('key-id');
    if (keyId !== undefined && type !== 'SecureString') throw new UsageError('--key-id applies only to --type SecureString');
    let value = given;
    if (value === undefined || value === '-') {
      if (io.stdin.isTTY) throw new UsageError('give VALUE, or pipe it on stdin (printf %s "$VALUE" | kura put NAME)');
      value = (await readAll(io.stdin)).replace(/\r?\n$/, '');
    }
    if (value === '') throw new UsageError('the value is empty; Parameter Store holds non-empty strings');
    const out = await about(
      name,
      putParameter(ctx.aws().ssm, {
        name,
        value,
        type: type as ParameterType,
        keyId,
        description: ctx.string('description'),
        tier: tier as ParameterTier | undefined,
        overwrite: ctx.flag('overwrite'),
      }),
    );
    const row = { Name: name, Version: out.version, Tier: out.tier, Type: type };
    if (ctx.output === 'json') ctx.write(renderJson(row));
    else if (ctx.output === 'table') ctx.write(renderTable([row], ['Name', 'Type', 'Version', 'Tier']));
    else ctx.write(`${name} version ${out.version}\n`);
  });
}
