// The three ECS task definitions: the reference design's (task role + PARAMETER_STORE_PREFIX, the image's
// entrypoint runs `kura exec`), the variant where ECS itself injects the five parameters (`secrets`),
// and the one where ECS injects them from the keys of one Secrets Manager JSON secret.
// Checked against ECS's rules (Fargate's required fields, awsvpc ports, health-check limits, secrets
// as parameter or secret ARNs), against botocore's ECS model when python3 has botocore,
// and by running the health check command against the app.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { last, parseDockerfile } from './support/dockerfile.js';
import { createTestDatabase, type TestDatabase } from './support/mariadb.js';
import { distDir, packageDir } from './support/paths.js';
import { baseEnv, closedPort, listeningPort, run } from './support/process.js';

interface Container {
  name: string;
  image: string;
  essential?: boolean;
  entryPoint?: string[];
  command?: string[];
  portMappings: Array<{ containerPort: number; hostPort?: number; protocol?: string }>;
  environment?: Array<{ name: string; value: string }>;
  secrets?: Array<{ name: string; valueFrom: string }>;
  healthCheck: { command: string[]; interval: number; timeout: number; retries: number; startPeriod?: number };
  systemControls?: Array<{ namespace: string; value: string }>;
  logConfiguration?: { logDriver: string; options: Record<string, string> };
}
interface TaskDefinition {
  family: string;
  taskRoleArn?: string;
  executionRoleArn?: string;
  networkMode: string;
  requiresCompatibilities: string[];
  cpu: string;
  memory: string;
  containerDefinitions: Container[];
}

const load = (file: string) => JSON.parse(readFileSync(path.join(packageDir, file), 'utf8')) as TaskDefinition;
const files = { entrypoint: 'task-definition.json', secrets: 'task-definition.secrets.json', secretsmanager: 'task-definition.secretsmanager.json' } as const;
const defs = { entrypoint: load(files.entrypoint), secrets: load(files.secrets), secretsmanager: load(files.secretsmanager) };
const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/[\w+=,.@-]{1,64}$/;
const LEAVES = { DB_USER: 'user', DB_PASSWORD: 'password', DB_HOST: 'host', DB_NAME: 'name', DB_PORT: 'port' } as const;
// Fargate's valid task-level memory (MiB) for each cpu value (doc: task size table).
const FARGATE_MEMORY: Record<string, number[]> = {
  '256': [512, 1024, 2048],
  '512': [1024, 2048, 3072, 4096],
  '1024': [2048, 3072, 4096, 5120, 6144, 7168, 8192],
};

for (const [variant, def] of Object.entries(defs)) {
  describe(`${files[variant as keyof typeof files]}`, () => {
    const c = def.containerDefinitions[0]!;

    test('has the fields Fargate requires, with valid values', () => {
      assert.match(def.family, /^[A-Za-z0-9_-]{1,255}$/);
      assert.equal(def.networkMode, 'awsvpc');
      assert.deepEqual(def.requiresCompatibilities, ['FARGATE']);
      assert.ok(FARGATE_MEMORY[def.cpu]?.includes(Number(def.memory)), `cpu ${def.cpu} / memory ${def.memory}`);
      assert.equal(def.containerDefinitions.length, 1);
      assert.match(c.name, /^[A-Za-z0-9_-]{1,255}$/);
      assert.equal(c.essential, true);
      assert.match(c.image, /^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com\/[a-z0-9._/-]+:[\w.-]+$/);
      assert.equal(c.entryPoint, undefined, "the image's ENTRYPOINT runs");
      assert.equal(c.command, undefined, "the image's CMD runs");
    });

    test('has the execution role (image pull, logs, secrets) as an IAM role ARN', () => {
      assert.match(def.executionRoleArn ?? '', ROLE_ARN);
    });

    test('maps container port 80, the port the image exposes, as awsvpc requires (hostPort = containerPort)', () => {
      const expose = last(parseDockerfile(readFileSync(path.join(packageDir, 'Dockerfile'), 'utf8')).stages.at(-1)!, 'EXPOSE')?.args;
      assert.deepEqual(c.portMappings.map((p) => [p.containerPort, p.hostPort, p.protocol]), [[80, 80, 'tcp']]);
      assert.equal(expose, '80');
      // The image runs as a non-root user: binding port 80 needs the unprivileged port range to start at ≤ 80.
      const sysctl = c.systemControls?.find((s) => s.namespace === 'net.ipv4.ip_unprivileged_port_start');
      assert.ok(sysctl && Number(sysctl.value) <= 80, 'net.ipv4.ip_unprivileged_port_start ≤ 80');
    });

    test('health-checks /.healthcheck with CMD-SHELL, within ECS limits', () => {
      const h = c.healthCheck;
      assert.equal(h.command[0], 'CMD-SHELL');
      assert.equal(h.command.length, 2);
      assert.match(h.command[1]!, /\/\.healthcheck/);
      assert.ok(h.interval >= 5 && h.interval <= 300 && h.timeout >= 2 && h.timeout <= 60 && h.timeout < h.interval);
      assert.ok(h.retries >= 1 && h.retries <= 10 && (h.startPeriod ?? 0) <= 300);
      const clientTimeout = /AbortSignal\.timeout\((\d+)\)/.exec(h.command[1]!);
      assert.ok(clientTimeout && Number(clientTimeout[1]) < h.timeout * 1000, 'the probe gives up before ECS kills it');
    });

    test('logs to CloudWatch in the region of its ARNs', () => {
      assert.equal(c.logConfiguration?.logDriver, 'awslogs');
      assert.match(c.logConfiguration?.options['awslogs-region'] ?? '', /^[a-z]{2}-[a-z]+-\d$/);
    });

    test('puts no credential in plain environment variables', () => {
      for (const e of c.environment ?? []) assert.doesNotMatch(e.name, /^DB_|PASSWORD|SECRET|^AWS_ACCESS|^AWS_SECRET/);
    });
  });
}

describe('the reference design (task-definition.json)', () => {
  const def = defs.entrypoint;
  const c = def.containerDefinitions[0]!;
  test('has the task role whose credentials kura exec uses, and sets PARAMETER_STORE_PREFIX', () => {
    assert.match(def.taskRoleArn ?? '', ROLE_ARN);
    assert.deepEqual(c.environment, [{ name: 'PARAMETER_STORE_PREFIX', value: 'goecssample' }]);
    assert.equal(c.secrets, undefined);
  });
});

describe('the secrets variant (task-definition.secrets.json)', () => {
  const def = defs.secrets;
  const c = def.containerDefinitions[0]!;
  const prefix = defs.entrypoint.containerDefinitions[0]!.environment![0]!.value;
  const account = ROLE_ARN.exec(defs.entrypoint.executionRoleArn!)![1];
  const region = c.logConfiguration!.options['awslogs-region'];

  test('injects the five DB_* variables from the same parameters, by full SSM ARN', () => {
    assert.deepEqual(c.secrets!.map((s) => s.name), Object.keys(LEAVES));
    for (const s of c.secrets!) {
      // One slash after "parameter": the name's own leading slash.
      assert.equal(s.valueFrom, `arn:aws:ssm:${region}:${account}:parameter/${prefix}/database/sample/master/${LEAVES[s.name as keyof typeof LEAVES]}`);
    }
  });

  test('does not also set PARAMETER_STORE_PREFIX, so the entrypoint runs the app directly', () => {
    assert.equal(c.environment?.some((e) => e.name === 'PARAMETER_STORE_PREFIX') ?? false, false);
  });

  test('has no task role: the app calls no AWS API, the agent reads the parameters with the execution role', () => {
    assert.equal(def.taskRoleArn, undefined);
  });

  test('is otherwise the same task definition', () => {
    const strip = (d: TaskDefinition) => {
      const { family: _f, taskRoleArn: _t, ...rest } = d;
      const { environment: _e, secrets: _s, ...container } = d.containerDefinitions[0]!;
      return { ...rest, containerDefinitions: [container] };
    };
    assert.deepEqual(strip(defs.secrets), strip(defs.entrypoint));
  });
});

describe('the Secrets Manager variant (task-definition.secretsmanager.json)', () => {
  const def = defs.secretsmanager;
  const c = def.containerDefinitions[0]!;
  const account = ROLE_ARN.exec(defs.entrypoint.executionRoleArn!)![1];
  const region = c.logConfiguration!.options['awslogs-region'];
  // The keys of the JSON secret RDS creates and the rotation functions keep.
  const KEYS = { DB_USER: 'username', DB_PASSWORD: 'password', DB_HOST: 'host', DB_NAME: 'dbname', DB_PORT: 'port' } as const;

  test('injects the five DB_* variables from the keys of one JSON secret, by `:json-key::` ARN (AWSCURRENT)', () => {
    assert.deepEqual(c.secrets!.map((s) => s.name), Object.keys(KEYS));
    for (const s of c.secrets!) {
      assert.equal(s.valueFrom, `arn:aws:secretsmanager:${region}:${account}:secret:goecssample/db:${KEYS[s.name as keyof typeof KEYS]}::`);
    }
  });

  test('has no task role and sets no PARAMETER_STORE_PREFIX or DB_SECRET_ID: ECS reads the secret, the entrypoint runs the app', () => {
    assert.equal(def.taskRoleArn, undefined);
    assert.equal(c.environment, undefined);
  });

  test('is otherwise the Parameter Store secrets variant', () => {
    const strip = (d: TaskDefinition) => {
      const { family: _f, ...rest } = d;
      const { secrets: _s, ...container } = d.containerDefinitions[0]!;
      return { ...rest, containerDefinitions: [container] };
    };
    assert.deepEqual(strip(defs.secretsmanager), strip(defs.secrets));
  });
});

describe("botocore's ECS model", () => {
  const probe = spawnSync('python3', ['-c', 'import botocore'], { stdio: 'ignore' });
  test('accepts every file as RegisterTaskDefinition input', { skip: probe.status === 0 ? false : 'python3 with botocore is not installed' }, () => {
    const script = [
      'import json, sys, botocore.session',
      'from botocore.validate import ParamValidator',
      "shape = botocore.session.get_session().get_service_model('ecs').operation_model('RegisterTaskDefinition').input_shape",
      'for f in sys.argv[1:]:',
      '    report = ParamValidator().validate(json.load(open(f)), shape)',
      '    if report.has_errors(): print(f + ": " + report.generate_report()); sys.exit(1)',
    ].join('\n');
    const out = spawnSync('python3', ['-c', script, ...Object.values(files).map((f) => path.join(packageDir, f))], { encoding: 'utf8' });
    assert.equal(out.status, 0, out.stdout + out.stderr);
  });
});

describe('the health check command', () => {
  let db: TestDatabase;
  before(async () => {
    db = await createTestDatabase('taskdef', { migrated: true });
  });
  after(async () => {
    await db?.drop();
  });

  // ECS runs CMD-SHELL as `/bin/sh -c <command>` inside the container, with the container's environment.
  const probe = async (port: number) =>
    spawnSync('/bin/sh', ['-c', defs.entrypoint.containerDefinitions[0]!.healthCheck.command[1]!], { env: baseEnv({ PORT: String(port) }), timeout: 10_000 }).status;

  test('exits 0 when the app and its database answer, 1 when the database does not, 1 when nothing listens', async () => {
    const up = run(process.execPath, [`${distDir}/server.js`], { cwd: packageDir, env: baseEnv({ ...db.env, PORT: '0' }) });
    const down = run(process.execPath, [`${distDir}/server.js`], { cwd: packageDir, env: baseEnv({ ...db.env, DB_PORT: String(await closedPort()), PORT: '0' }) });
    try {
      assert.equal(await probe(await listeningPort(up)), 0);
      assert.equal(await probe(await listeningPort(down)), 1);
      assert.equal(await probe(await closedPort()), 1);
    } finally {
      await Promise.all([up.stop(), down.stop()]);
    }
  });
});
