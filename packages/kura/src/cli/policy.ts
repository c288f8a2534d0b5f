// `kura policy`: the least-privilege IAM policy for reading a path and decrypting it with a key (and
// reading secrets, when asked), and optionally the commands that create a role holding it.

import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { COMMON_HELP, processIo, runCommand, type Io } from '../manage/command.js';
import { about, CommandError, UsageError } from '../manage/errors.js';
import { checkedPath } from '../manage/flatten.js';
import { resolveKey } from '../manage/key-resolution.js';
import { renderJson } from '../manage/output.js';
import { policyName, readPolicy, ROLE_NAME, roleScript, SECRET_NAME, trustPolicy, type RoleSetup } from '../manage/policy.js';

export const HELP = `Usage: kura policy --path P --key KEY [--secret NAME]... [--secret-key KEY] [options]
       kura policy --secret NAME... [--secret-key KEY] [--role-name NAME] [options]

Prints the least-privilege IAM policy for a workload that reads the parameters under P (by path or
by name, with selectors) and decrypts them with KEY:
  ssm:GetParametersByPath on P and its sub-paths, ssm:GetParameter(s) on P/*, and kms:Decrypt on
  the key's ARN, only through SSM (kms:ViaService) and only for parameters under P
  (kms:EncryptionContext:PARAMETER_ARN). With alias/aws/ssm no KMS statement is needed.
KEY may be a key id, key ARN, alias name or alias ARN; all but a key ARN are resolved with
kms:DescribeKey. The account is --account-id or the caller's (sts:GetCallerIdentity).

With --secret, the policy also lets the workload read those Secrets Manager secrets, as kura exec
and ECS do: secretsmanager:GetSecretValue on each secret's ARN (a name becomes secret:NAME-??????,
the six characters Secrets Manager appends), and kms:Decrypt on --secret-key only through Secrets
Manager (kms:ViaService) and only for those secrets (kms:EncryptionContext:SecretARN). Without
--secret-key the secrets are taken to be under aws/secretsmanager, which needs no KMS statement.

With --role-name, prints instead a shell script of AWS CLI commands that create the role (trusted by
ECS tasks, or --trust-service) and put the policy on it inline; review it, then run it with sh.

  --path P            the path to read (required unless --secret is given)
  --key KEY           the KMS key the SecureStrings under P are encrypted with (with --path)
  --secret NAME       a secret to read: its name, or its complete ARN (repeatable)
  --secret-key KEY    the KMS key the secrets are encrypted with (default aws/secretsmanager)
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
    secret: { type: 'string', multiple: true },
    'secret-key': { type: 'string' },
  } as const;
  return runCommand({ name: 'policy', help: HELP, options }, args, io, async (ctx) => {
    if (ctx.positionals.length > 0) throw new UsageError(`unexpected argument '${ctx.positionals[0]}'`);
    if (ctx.output === 'table') throw new UsageError('policy prints a document: --output text or json');
    const given = ctx.string('path');
    const key = ctx.string('key');
    const secrets = ctx.strings('secret');
    const secretKey = ctx.string('secret-key');
    if (given === undefined && key === undefined && secrets.length === 0) throw new UsageError('--path P and --key KEY, or --secret NAME, are required');
    if (secrets.length > 0 && given === undefined) {
      if (key !== undefined) throw new UsageError("--key is the key of the parameters under --path; the secrets' key is --secret-key");
    } else if (!given || !key) throw new UsageError('--path P and --key KEY are required');
    if (secretKey !== undefined && secrets.length === 0) throw new UsageError('--secret-key applies to --secret');
    const badSecret = secrets.find((s) => !SECRET_NAME.test(s) && !/^arn:[^:]+:secretsmanager:[^:]+:[^:]*:secret:[^:]+$/.test(s));
    if (badSecret !== undefined) throw new UsageError(`--secret: '${badSecret}' is neither a secret name (letters, digits and /_+=.@-) nor a secret ARN`);
    const roleName = ctx.string('role-name');
    if (roleName !== undefined && !ROLE_NAME.test(roleName)) throw new UsageError(`'${roleName}' is not a valid IAM role name (1-64 of letters, digits and +=,.@_-)`);
    let accountId = ctx.string('account-id');
    if (accountId !== undefined && !/^[0-9]{12}$/.test(accountId)) throw new UsageError(`--account-id must be 12 digits (got '${accountId}')`);
    const path = given === undefined ? undefined : checkedPath(given);
    const clients = ctx.aws();
    const region = await about('the region', clients.ssm.config.region());
    const resolved = key === undefined ? undefined : await resolveKey(clients.kms, key);
    const secretResolved = secretKey === undefined ? undefined : await resolveKey(clients.kms, secretKey, 'secretsmanager');
    accountId ??= (await about('the caller', clients.sts.send(new GetCallerIdentityCommand({})))).Account;
    if (!accountId) throw new CommandError('sts:GetCallerIdentity returned no account: pass --account-id');
    if (resolved?.kind === 'aws-managed') ctx.note(`kura policy: ${key} is AWS managed; its key policy already lets the account decrypt through SSM, so no kms statement is needed\n`);
    if (secrets.length > 0 && secretResolved?.kind !== 'customer') {
      ctx.note(`kura policy: the secrets are taken to be under ${secretKey ?? 'aws/secretsmanager (no --secret-key)'}, which is AWS managed: its key policy already lets the account decrypt through Secrets Manager, so no kms statement is added for them\n`);
    }
    const document = readPolicy({
      path,
      region,
      accountId,
      keyArn: resolved?.kind === 'customer' ? resolved.arn : undefined,
      secrets,
      secretKeyArn: secretResolved?.kind === 'customer' ? secretResolved.arn : undefined,
    });
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
    const reads = [path !== undefined ? `read ${path} and decrypt it with ${key}` : '', secrets.length > 0 ? `read the secrets ${secrets.join(', ')}` : ''].filter((s) => s !== '').join(' and ');
    ctx.write(ctx.output === 'json' ? renderJson(setup) : roleScript(setup, `role ${roleName} may ${reads}`));
  });
}
