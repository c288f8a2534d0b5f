// A team's own rotation function, written for AWS Lambda and run unchanged by the built server
// through `kura lambda-bootstrap` (Node with the SDK v3, Python with boto3): RotateSecret (AWS
// CLI) rotates a plain secret, the function calls the server back with its role's credentials
// (the role trusting lambda.amazonaws.com), and AWSCURRENT moves to the value it made. The test
// reads the function's view of the world from the secret it wrote: the event it got and who it
// was (sts:GetCallerIdentity).

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateSecretCommand, GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { awsCliJson, kuraBin, startKura, type RunningKura } from './harness.js';
import { quoteWord, ROTATION_ROLE_POLICY, ROTATION_TRUST, untilRotated } from './rotation-kit.js';

const repoNodeModules = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../node_modules');

/** AWS's generic template, in Node: the new value records the event and the caller. */
const NODE_HANDLER = `
import { SecretsManagerClient, DescribeSecretCommand, GetSecretValueCommand, PutSecretValueCommand, UpdateSecretVersionStageCommand } from '@aws-sdk/client-secrets-manager';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
export const handler = async (event, context) => {
  const sm = new SecretsManagerClient({});
  const { SecretId: arn, ClientRequestToken: token, Step: step } = event;
  const meta = await sm.send(new DescribeSecretCommand({ SecretId: arn }));
  if (!meta.RotationEnabled) throw new Error('Secret ' + arn + ' is not enabled for rotation');
  const stages = meta.VersionIdsToStages[token];
  if (!stages) throw new Error('Secret version ' + token + ' has no stage for rotation of secret ' + arn + '.');
  if (stages.includes('AWSCURRENT')) return;
  if (step === 'createSecret') {
    try { await sm.send(new GetSecretValueCommand({ SecretId: arn, VersionId: token, VersionStage: 'AWSPENDING' })); }
    catch (e) {
      if (e.name !== 'ResourceNotFoundException') throw e;
      const caller = await new STSClient({}).send(new GetCallerIdentityCommand({}));
      const value = { rotatedBy: 'node', event, caller: caller.Arn, functionName: context.functionName };
      await sm.send(new PutSecretValueCommand({ SecretId: arn, ClientRequestToken: token, SecretString: JSON.stringify(value), VersionStages: ['AWSPENDING'] }));
    }
  } else if (step === 'finishSecret') {
    const current = Object.entries(meta.VersionIdsToStages).find(([, s]) => s.includes('AWSCURRENT'))[0];
    await sm.send(new UpdateSecretVersionStageCommand({ SecretId: arn, VersionStage: 'AWSCURRENT', MoveToVersionId: token, RemoveFromVersionId: current }));
  }
};
`;

/** The same in Python, with boto3. */
const PYTHON_HANDLER = `
import json, boto3
def lambda_handler(event, context):
    sm = boto3.client('secretsmanager')
    arn, token, step = event['SecretId'], event['ClientRequestToken'], event['Step']
    meta = sm.describe_secret(SecretId=arn)
    stages = meta['VersionIdsToStages'].get(token)
    if stages is None:
        raise ValueError('Secret version %s has no stage for rotation of secret %s.' % (token, arn))
    if 'AWSCURRENT' in stages:
        return
    if step == 'createSecret':
        try:
            sm.get_secret_value(SecretId=arn, VersionId=token, VersionStage='AWSPENDING')
        except sm.exceptions.ResourceNotFoundException:
            caller = boto3.client('sts').get_caller_identity()['Arn']
            value = {'rotatedBy': 'python', 'event': event, 'caller': caller, 'functionName': context.function_name}
            sm.put_secret_value(SecretId=arn, ClientRequestToken=token, SecretString=json.dumps(value), VersionStages=['AWSPENDING'])
    elif step == 'finishSecret':
        current = [v for v, s in meta['VersionIdsToStages'].items() if 'AWSCURRENT' in s][0]
        sm.update_secret_version_stage(SecretId=arn, VersionStage='AWSCURRENT', MoveToVersionId=token, RemoveFromVersionId=current)
`;

describe('a Lambda-style rotation function run through kura lambda-bootstrap', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kura-e2e-lambda-'));
  let kura: RunningKura;
  let sm: SecretsManagerClient;
  const bootstrap = (runtime: string, handler: string) => [process.execPath, kuraBin, 'lambda-bootstrap', runtime, handler, '--root', dir].map(quoteWord).join(' ');

  before(async () => {
    writeFileSync(path.join(dir, 'index.mjs'), NODE_HANDLER);
    writeFileSync(path.join(dir, 'lambda_function.py'), PYTHON_HANDLER);
    // The function's package brings its dependencies, as a Lambda deployment package does.
    symlinkSync(repoNodeModules, path.join(dir, 'node_modules'));
    kura = await startKura({
      args: [
        '--rotation-function', `rotate-node=${bootstrap('node', 'index.handler')}`,
        '--rotation-role', 'rotate-node=app-rotator',
        '--rotation-function', `rotate-python=${bootstrap('python', 'lambda_function.lambda_handler')}`,
        '--rotation-role', 'rotate-python=app-rotator',
      ],
    });
    const iam = new IAMClient({ endpoint: kura.url, region: kura.region, credentials: kura.credentials });
    await iam.send(new CreateRoleCommand({ RoleName: 'app-rotator', AssumeRolePolicyDocument: ROTATION_TRUST }));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'app-rotator', PolicyName: 'rotate', PolicyDocument: ROTATION_ROLE_POLICY }));
    iam.destroy();
    sm = new SecretsManagerClient({ endpoint: kura.url, region: kura.region, credentials: kura.credentials });
  });
  after(async () => {
    sm.destroy();
    await kura.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const runtime of ['node', 'python'] as const) {
    test(`${runtime}: rotates a plain secret as the function's role, with AWS's event`, async () => {
      const name = `lambda/${runtime}`;
      const created = await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'api-key-1' }));
      const arn = created.ARN as string;
      const functionArn = `arn:aws:lambda:${kura.region}:000000000000:function:rotate-${runtime}`;
      const started = await awsCliJson<{ VersionId: string; ARN: string }>(kura, [
        'secretsmanager', 'rotate-secret', '--secret-id', name, '--rotation-lambda-arn', functionArn, '--rotation-rules', '{"ScheduleExpression":"rate(7 days)"}',
      ]);
      assert.equal(started.ARN, arn);
      await untilRotated(sm, arn, started.VersionId, () => kura.stdout());
      const value = JSON.parse((await sm.send(new GetSecretValueCommand({ SecretId: name }))).SecretString as string) as Record<string, unknown>;
      assert.equal(value['rotatedBy'], runtime);
      assert.equal(value['caller'], `arn:aws:sts::000000000000:assumed-role/app-rotator/rotate-${runtime}`);
      assert.equal(value['functionName'], `rotate-${runtime}`);
      const event = value['event'] as Record<string, string>;
      assert.deepEqual([event['SecretId'], event['ClientRequestToken'], event['Step']], [arn, started.VersionId, 'createSecret']);
      assert.match(event['RotationToken'] ?? '', /^[0-9a-f-]{36}$/);
      assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: name, VersionStage: 'AWSPREVIOUS' }))).SecretString, 'api-key-1');
    });
  }
});
