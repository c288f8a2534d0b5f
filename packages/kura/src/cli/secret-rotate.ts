// `kura secret rotate`: RotateSecret, as given; it prints what Secrets Manager answers.

import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { COMMON_HELP, processIo, runCommand, type Io } from '../manage/command.js';
import { about, CommandError, UsageError } from '../manage/errors.js';
import { renderJson, renderTable } from '../manage/output.js';
import { functionArn, rotationRules, rotateSecret } from '../manage/secrets.js';
import { secretsManager } from '../manage/secrets-client.js';

export const HELP = `Usage: kura secret rotate SECRET [--function F] [--every-days N | --schedule EXPR] [options]

Rotates SECRET now (RotateSecret): its rotation function creates a new version, which becomes
AWSCURRENT when the function's last step succeeds. The options set the function and the schedule
first; without them the secret's own are used. Against kura serve, the function is one registered
with kura serve --rotation-function NAME=COMMAND and --rotation-role NAME=ROLE (docs/operations.md),
and the caller needs lambda:InvokeFunction on it, as on AWS.

  --function F        the rotation function: a Lambda function ARN, or a name (the ARN is then
                      made from the region and the caller's account)
  --every-days N      rotate every N days (1-1000)
  --schedule EXPR     rotate on a schedule: rate(10 days), cron(0 8 1 * ? *)
  --window HOURS      how long each rotation may take, from the scheduled time: 1h to 24h (e.g. 3h)
  --no-rotate-immediately
                      only set the function and schedule; the first rotation waits for it
  --output F          text (default), json or table

${COMMON_HELP}`;

export async function run(args: string[], io: Io = processIo()): Promise<number> {
  const options = {
    function: { type: 'string' },
    'every-days': { type: 'string' },
    schedule: { type: 'string' },
    window: { type: 'string' },
    'no-rotate-immediately': { type: 'boolean' },
  } as const;
  return runCommand({ name: 'secret rotate', help: HELP, options }, args, io, async (ctx) => {
    const [id, ...extra] = ctx.positionals;
    if (!id) throw new UsageError('SECRET is required: kura secret rotate SECRET');
    if (extra.length > 0) throw new UsageError(`one SECRET only (got '${extra[0]}' too)`);
    const rules = rotationRules({ everyDays: ctx.string('every-days'), schedule: ctx.string('schedule'), window: ctx.string('window') });
    const clients = ctx.aws();
    const sm = secretsManager(clients);
    let fn = ctx.string('function');
    if (fn !== undefined && !fn.startsWith('arn:')) {
      const region = await about('the region', sm.config.region());
      const account = (await about('the caller', clients.sts.send(new GetCallerIdentityCommand({})))).Account;
      if (!account) throw new CommandError('sts:GetCallerIdentity returned no account: pass the function ARN');
      fn = functionArn(fn, region, account);
    }
    const immediately = !ctx.flag('no-rotate-immediately');
    const out = await about(id, rotateSecret(sm, { id, functionArn: fn, rules, immediately }));
    const row = { Name: out.Name ?? id, ARN: out.ARN, ...(out.VersionId !== undefined ? { VersionId: out.VersionId } : {}) };
    if (ctx.output === 'json') ctx.write(renderJson(row));
    else if (ctx.output === 'table') ctx.write(renderTable([row], ['Name', 'VersionId', 'ARN']));
    else if (out.VersionId !== undefined) ctx.write(`${row.Name} rotation started: version ${out.VersionId}\n`);
    else ctx.write(`${row.Name} rotation ${immediately ? 'started' : 'scheduled'}\n`);
  });
}
