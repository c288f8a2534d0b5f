// `kura apply TEMPLATE`: a CloudFormation template's IAM, KMS, SSM and Secrets Manager resources
// created in a Kura server (src/apply/), and its ECS task definitions written out for `kura run-task`.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { applyClients } from '../apply/clients.js';
import { resolvedEndpoint } from '../apply/endpoint.js';
import { TemplateError } from '../apply/errors.js';
import { RECORD_PREFIX } from '../apply/record.js';
import { renderApplyText, renderDeleteText, reportRows, warningLines } from '../apply/report.js';
import { applyStack, deleteStack } from '../apply/stack.js';
import { COMMON_HELP, processIo, runCommand, type Io } from '../manage/command.js';
import { CommandError, UsageError } from '../manage/errors.js';
import { renderJson, renderTable } from '../manage/output.js';
import { probeHealth } from '../server/health-probe.js';

export const HELP = `Usage: kura apply TEMPLATE [--stack-name NAME] [--parameter K=V]... [options]
       kura apply --delete (TEMPLATE | --stack-name NAME) [options]

Creates in the server the resources of a CloudFormation template (JSON or YAML, short-form tags
included, e.g. cdk.out/<Stack>.template.json) that Kura serves: AWS::IAM::Role, ::Policy,
::ManagedPolicy, ::User, ::Group, ::UserToGroupAddition, AWS::KMS::Key, ::Alias,
AWS::SSM::Parameter and AWS::SecretsManager::Secret. Every other resource is listed as skipped. Ref, Fn::GetAtt, Fn::Sub,
Fn::Join, Fn::Select, Fn::Split, Fn::If and Conditions, Fn::FindInMap, Fn::Base64, Fn::GetAZs,
Parameters and the pseudo parameters are resolved; anything Kura cannot provide is an error naming
the resource and the property, found before anything is written.

What was created is recorded in the server (${RECORD_PREFIX}<stack>), so applying again updates in
place, replaces what must be replaced, deletes what the template no longer has, and changes nothing
when nothing changed. On an error, what the run did is undone. The template's
AWS::ECS::TaskDefinition resources are written as <family>.json, every token resolved, for
kura run-task. See docs/apply.md.

One run at a time per stack: a run that writes holds the lock ${RECORD_PREFIX}<stack>/lock, and
another run of the same stack is refused meanwhile, naming the holder (host, pid, since when). A
lock left by a run killed on this host is taken over; any other is broken with --force-unlock.

  --stack-name NAME            the stack (default: the template's file name without .template.json,
                               .json, .yaml or .yml)
  --parameter K=V              a value for template parameter K (repeatable); others take their Default
  --task-definitions-out DIR   where task definitions go (default: <template's folder>/<stack>.task-definitions)
  --dry-run                    print what would be done; write nothing
  --delete                     delete what the stack created, dependents first, and its record
  --force-unlock               break the stack's lock held by another run (one that is gone: a
                               killed CI job, another machine), saying whose it was, then proceed
  --json                       the report as JSON (same as --output json)
  --output F                   text (default), table or json

Exit status: 0 applied (or nothing to do), 1 failed (rolled back; the message says what could not
be undone), 2 bad command line.

${COMMON_HELP}`;

const STACK_NAME = /^[A-Za-z][-A-Za-z0-9]{0,127}$/;

/** `cdk.out/App.template.json` → `App`; `infra/db.yaml` → `db`. */
export function defaultStackName(templatePath: string): string {
  return path.basename(templatePath).replace(/(\.template)?\.(json|ya?ml)$/i, '').replace(/\.template$/i, '');
}

function parameters(given: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const item of given) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UsageError(`--parameter takes KEY=VALUE (got '${item}')`);
    const key = item.slice(0, eq);
    if (out.has(key)) throw new UsageError(`--parameter ${key} is given twice`);
    out.set(key, item.slice(eq + 1));
  }
  return out;
}

export async function run(args: string[], io: Io = processIo()): Promise<number> {
  const options = {
    'stack-name': { type: 'string' },
    parameter: { type: 'string', multiple: true },
    'task-definitions-out': { type: 'string' },
    'dry-run': { type: 'boolean' },
    delete: { type: 'boolean' },
    'force-unlock': { type: 'boolean' },
    json: { type: 'boolean' },
  } as const;
  return runCommand({ name: 'apply', help: HELP, options }, args, io, async (ctx) => {
    if (ctx.positionals.length > 1) throw new UsageError(`unexpected argument '${ctx.positionals[1]}'`);
    const templatePath = ctx.positionals[0];
    const output = ctx.flag('json') ? 'json' : ctx.output;
    const stackName = ctx.string('stack-name') ?? (templatePath === undefined ? undefined : defaultStackName(templatePath));
    if (stackName === undefined) throw new UsageError(ctx.flag('delete') ? 'give TEMPLATE or --stack-name NAME' : 'TEMPLATE is required: kura apply TEMPLATE');
    if (!STACK_NAME.test(stackName)) {
      throw new UsageError(`'${stackName}' is not a stack name (a letter, then letters, digits and hyphens, at most 128): pass --stack-name`);
    }
    const dryRun = ctx.flag('dry-run');
    const forceUnlock = ctx.flag('force-unlock');
    if (dryRun && forceUnlock) throw new UsageError('--dry-run takes no lock, so it takes no --force-unlock');
    const lock = { dryRun, forceUnlock, notify: (line: string) => ctx.note(`kura apply: ${line}\n`) };
    // --output table shows rows only: a dry run's warnings (a lock held) go to stderr instead.
    const noteWarnings = (warnings: string[]) => {
      if (output === 'table') ctx.note(warningLines(warnings));
    };
    const clients = applyClients(ctx.aws());
    await requireKuraServer(clients.sts);

    if (ctx.flag('delete')) {
      if (ctx.strings('parameter').length > 0 || ctx.string('task-definitions-out') !== undefined) throw new UsageError('--delete takes no --parameter or --task-definitions-out');
      const report = await deleteStack(clients, stackName, lock);
      noteWarnings(report.warnings);
      ctx.write(output === 'json' ? renderJson(report) : output === 'table' ? renderTable(report.changes, COLUMNS) : renderDeleteText(report));
      if (report.failures.length > 0) throw new CommandError(`could not delete: ${report.failures.join(', ')}; they stay in the record: run kura apply --delete again`);
      return;
    }

    if (templatePath === undefined) throw new UsageError('TEMPLATE is required: kura apply TEMPLATE');
    const supplied = parameters(ctx.strings('parameter'));
    let templateText: string;
    try {
      templateText = await readFile(templatePath, 'utf8');
    } catch (error) {
      throw new CommandError(`cannot read ${templatePath}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const taskDefinitionsDir = ctx.string('task-definitions-out') ?? path.join(path.dirname(templatePath), `${stackName}.task-definitions`);
    try {
      const report = await applyStack(clients, { templateText, stackName, parameters: supplied, taskDefinitionsDir, ...lock });
      noteWarnings(report.warnings);
      ctx.write(output === 'json' ? renderJson(report) : output === 'table' ? renderTable(reportRows(report), COLUMNS) : renderApplyText(report));
      if (report.cleanupFailures.length > 0) {
        throw new CommandError(`applied, but could not delete: ${report.cleanupFailures.join(', ')}; the next kura apply tries again`);
      }
    } catch (error) {
      // The template's own file name goes first, so the message says which file is wrong.
      if (error instanceof TemplateError) throw new CommandError(`${templatePath}: ${error.message}`);
      throw error;
    }
  });
}

const COLUMNS = ['action', 'logicalId', 'type', 'physicalId', 'detail'];

/**
 * Refuses any endpoint but a Kura server (one answering GET /_kura/health with its version), before
 * anything is read or written: pointed at AWS by a missing AWS_ENDPOINT_URL, the command would
 * create roles and keys in a real account, where the template belongs to CloudFormation.
 */
async function requireKuraServer(sts: Parameters<typeof resolvedEndpoint>[0]): Promise<void> {
  const endpoint = await resolvedEndpoint(sts);
  const answer = await probeHealth(endpoint, 5_000, { hostAsGiven: true }).catch(() => undefined);
  if (answer?.health?.version !== undefined) return;
  throw new CommandError(
    `kura apply writes only to a Kura server, and ${endpoint.origin} is not one (it does not answer GET /_kura/health as Kura does). ` +
      'Point it at Kura with AWS_ENDPOINT_URL or --endpoint-url; to deploy the template to AWS, use CloudFormation (cdk deploy).',
  );
}
