// `kura run-task`: parse options, run the task (runner/), print its events, exit with its code.

import { parseArgs } from 'node:util';
import { CommandLineError } from '../runner/command-line.js';
import { formatJson, formatText } from '../runner/events.js';
import { AdministratorError, startTask } from '../runner/run-task.js';
import { TaskDefinitionError } from '../runner/task-definition.js';
import { planTask } from '../runner/task-plan.js';

export const HELP = `Usage: kura run-task TASKDEF.json [options]

Runs an ECS task definition's containers as local processes, as ECS Fargate would: environment,
environmentFiles (local paths), secrets (resolved as the execution role before start), essential,
dependsOn, healthCheck, stopTimeout. The programs get the task role's credentials the way ECS
serves them (AWS_CONTAINER_CREDENTIALS_FULL_URI + AWS_CONTAINER_AUTHORIZATION_TOKEN, renewed
before they expire) and Kura's endpoint as AWS_ENDPOINT_URL; never the administrator's keys.
Images are not pulled: each container runs its entryPoint + command, or the program given here.

Run as Kura's administrator (e.g. set -a; . .kura/admin.env; set +a).

  --container NAME              run only this container (repeatable); dependsOn on others is ignored
  --command CMD                 the program of the one container run, replacing entryPoint + command
                                (words split as by sh, no expansion; or a JSON list)
  --container-command NAME=CMD  the same for container NAME (repeatable)
  --task-role-arn ROLE          use this task role instead of the definition's (ARN or role name),
  --execution-role-arn ROLE     and this execution role, as RunTask's overrides do
  --endpoint URL                Kura's endpoint (default: $AWS_ENDPOINT_URL)
  --region REGION               default: $AWS_REGION, $AWS_DEFAULT_REGION, us-east-1
  --credential-duration SECS    lifetime of the task role's credentials, 900-43200 (default 3600)
  --keep-unhealthy              report an UNHEALTHY essential container instead of stopping the task
  --json                        events as JSON lines on stdout; container output goes to stderr
  -h, --help                    show this help

Events (stderr, or stdout with --json): the task's lastStatus (PROVISIONING, PENDING, RUNNING,
STOPPING, DEPROVISIONING, STOPPED with stopCode and stoppedReason), each container's status, exit
code and health, the task role's credentials being issued and renewed. Ctrl-C stops the task
(SIGTERM to each container, SIGKILL after its stopTimeout); a second Ctrl-C kills at once.

Exit status: the exit code of the essential container whose exit stopped the task; 130 / 143
when stopped by SIGINT / SIGTERM; 1 when the task failed to start or was stopped for failing
health checks or dependencies; 2 for a bad task definition or options.
`;

export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        container: { type: 'string', multiple: true },
        command: { type: 'string' },
        'container-command': { type: 'string', multiple: true },
        'task-role-arn': { type: 'string' },
        'execution-role-arn': { type: 'string' },
        endpoint: { type: 'string' },
        region: { type: 'string' },
        'credential-duration': { type: 'string' },
        'keep-unhealthy': { type: 'boolean' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    return usage(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (positionals.length !== 1) return usage('give exactly one task definition file: kura run-task TASKDEF.json');
  const endpoint = values.endpoint ?? process.env.AWS_ENDPOINT_URL;
  if (!endpoint) return usage("no Kura endpoint: pass --endpoint URL or set AWS_ENDPOINT_URL");
  const region = values.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
  const duration = values['credential-duration'] === undefined ? 3600 : Number(values['credential-duration']);
  if (!Number.isInteger(duration) || duration < 900 || duration > 43200) return usage('--credential-duration takes whole seconds from 900 to 43200');

  let plan;
  try {
    plan = planTask({
      taskDefinitionPath: positionals[0] as string,
      select: values.container ?? [],
      ...(values.command !== undefined ? { command: values.command } : {}),
      containerCommands: values['container-command'] ?? [],
      ...(values['task-role-arn'] ? { taskRoleArn: values['task-role-arn'] } : {}),
      ...(values['execution-role-arn'] ? { executionRoleArn: values['execution-role-arn'] } : {}),
      cwd: process.cwd(),
    });
  } catch (error) {
    if (error instanceof TaskDefinitionError || error instanceof CommandLineError) return usage(error.message);
    throw error;
  }

  const json = values.json === true;
  let task;
  try {
    task = await startTask({
      plan,
      endpoint,
      region,
      credentialDurationSeconds: duration,
      keepUnhealthy: values['keep-unhealthy'] === true,
      inheritedEnv: process.env,
      // With --json, stdout carries only events, so a program's output cannot corrupt the stream.
      output: { stdout: json ? process.stderr : process.stdout, stderr: process.stderr },
      onEvent: (event) => (json ? process.stdout.write(formatJson(event)) : process.stderr.write(formatText(event))),
    });
  } catch (error) {
    if (error instanceof AdministratorError) {
      process.stderr.write(`kura run-task: ${error.message}\n`);
      return 1;
    }
    throw error;
  }

  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) task.forceKill();
    signalled = true;
    task.stop(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return (await task.finished).exitCode;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

function usage(message: string): number {
  process.stderr.write(`kura run-task: ${message}\n`);
  return 2;
}
