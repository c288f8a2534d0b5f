// `kura policy`: the least-privilege IAM policy for reading a path and decrypting it with a key, and
// optionally the commands that create a role holding it.

import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { COMMON_HELP, processIo, runCommand, type Io } from '../manage/command.js';
import { about, CommandError, UsageError } from '../manage/errors.js';
import { checkedPath } from '../manage/flatten.js';
import { resolveKey } from '../manage/key-resolution.js';
import { renderJson } from '../manage/output.js';
import { policyName, readPolicy, ROLE_NAME, roleScript, trustPolicy, type RoleSetup } from '../manage/policy.js';

export const HELP = `Usage: kura policy --path P --key KEY [--role-name NAME] [options]

Prints the least-privilege IAM policy for a workload that reads the parameters under P (by path or
by name, with selectors) and decrypts them with KEY:
  ssm:GetParametersByPath on P and its sub-paths, ssm:GetParameter(s) on P/*, and kms:Decrypt on
  the key's ARN, only through SSM (kms:ViaService) and only for parameters under P
  (kms:EncryptionContext:PARAMETER_ARN). With alias/aws/ssm no KMS statement is needed.
KEY may be a key id, key ARN, alias name or alias ARN; all but a key ARN are resolved with
kms:DescribeKey. The account is --account-id or the caller's (sts:GetCallerIdentity).

With --role-name, prints instead a shell script of AWS CLI commands that create the role (trusted by
ECS tasks, or --trust-service) and put the policy on it inline; review it, then run it with sh.

  --path P            the path to read (required)
  --key KEY           the KMS key the SecureStrings under P are encrypted with (required)
  --role-name NAME    print the commands creating role NAME with this policy
  --trust-service S   who may assume the role (default ecs-tasks.amazonaws.com)
  --account-id A      the account of the parameters (default: the caller's)
  --output F          text (default: the document, or the script with --role-name) or json
                      (the document, or {RoleName, AssumeRolePolicyDocument, PolicyName, PolicyDocument})

${COMMON_HELP}`;

export async function run(args: string[], io: Io = processIo()): Promise<number> {
  const options = {
    path: { type: 'string' },
    key: { type: 'string' },
    'role-name': { type: 'string' },
    'trust-service': { type: 'string' },
    'account-id': { type: 'string' },
  } as const;
  return runCommand({ name: 'policy', help: HELP, options }, args, io, async (ctx) => {
    if (ctx.positionals.length > 0) throw new UsageError(`unexpected argument '${ctx.positionals[0]}'`);
    if (ctx.output === 'table') throw new UsageError('policy prints a document: --output text or json');
    const given = ctx.string('path');
    const key = ctx.string('key');
    if (!given || !key) throw new UsageError('--path P and --key KEY are required');
    const roleName = ctx.string('role-name');
    if (roleName !== undefined && !ROLE_NAME.test(roleName)) throw new UsageError(`'${roleName}' is not a valid IAM role name (1-64 of letters, digits and +=,.@_-)`);
    let accountId = ctx.string('account-id');
    if (accountId !== undefined && !/^[0-9]{12}$/.test(accountId)) throw new UsageError(`--account-id must be 12 digits (got '${accountId}')`);
    const path = checkedPath(given);
    const clients = ctx.aws();
    const region = await about('the region', clients.ssm.config.region());
    const resolved = await resolveKey(clients.kms, key);
    accountId ??= (await about('the caller', clients.sts.send(new GetCallerIdentityCommand({})))).Account;
    if (!accountId) throw new CommandError('sts:GetCallerIdentity returned no account: pass --account-id');
    if (resolved.kind === 'aws-managed') ctx.note(`kura policy: ${key} is AWS managed; its key policy already lets the account decrypt through SSM, so no kms statement is needed\n`);
    const document = readPolicy({ path, region, accountId, keyArn: resolved.kind === 'customer' ? resolved.arn : undefined });
    if (roleName === undefined) {
      ctx.write(renderJson(document));
      return;
    }
    const setup: RoleSetup = {
      RoleName: roleName,
      AssumeRolePolicyDocument: trustPolicy(ctx.string('trust-service') ?? 'ecs-tasks.amazonaws.com'),
      PolicyName: policyName(path),
      PolicyDocument: document,
    };
    ctx.write(ctx.output === 'json' ? renderJson(setup) : roleScript(setup, `role ${roleName} may read ${path} and decrypt it with ${key}`));
  });
}
