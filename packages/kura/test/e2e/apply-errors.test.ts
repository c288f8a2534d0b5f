// `kura apply` refusing bad templates with one exact line naming the resource and the property,
// before writing anything; and, when a write fails midway, undoing what the run did: resources it
// created deleted, resources it updated updated back, the record as it was.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DescribeParametersCommand, GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { startKura, type RunningKura } from './harness.js';
import { kuraCli, kuraFails, kuraOk } from './manage-cli.js';

describe('kura apply: errors', () => {
  let kura: RunningKura;
  let dir: string;
  let ssm: SSMClient;
  let secrets: SecretsManagerClient;
  const file = (name: string, text: string) => {
    const at = path.join(dir, name);
    writeFileSync(at, text);
    return at;
  };
  const names = async () => ((await ssm.send(new DescribeParametersCommand({}))).Parameters ?? []).map((p) => p.Name).sort();

  before(async () => {
    kura = await startKura();
    dir = mkdtempSync(path.join(tmpdir(), 'kura-apply-errors-'));
    ssm = new SSMClient({ endpoint: kura.url, region: 'us-east-1', credentials: kura.credentials });
    secrets = new SecretsManagerClient({ endpoint: kura.url, region: 'us-east-1', credentials: kura.credentials });
  });
  after(async () => {
    ssm.destroy();
    secrets.destroy();
    await kura.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('an unknown intrinsic function', async () => {
    const template = file('unknown.json', JSON.stringify({ Resources: { P: { Type: 'AWS::SSM::Parameter', Properties: { Type: 'String', Value: { 'Fn::Frobnicate': ['a'] } } } } }));
    assert.equal(await kuraFails(kura, ['apply', template], { code: 1 }), `kura apply: ${template}: Resources.P.Properties.Value: unknown intrinsic function Fn::Frobnicate`);
  });

  test('an unknown YAML tag', async () => {
    const template = file('tag.yaml', 'Resources:\n  P:\n    Type: AWS::SSM::Parameter\n    Properties: {Type: String, Value: !Frobnicate a}\n');
    assert.match(await kuraFails(kura, ['apply', template], { code: 1 }), new RegExp(`^kura apply: ${template}: line 4: unknown tag !Frobnicate: `));
  });

  test('a circular reference', async () => {
    const template = file(
      'cycle.yaml',
      `Resources:
  A: {Type: AWS::SSM::Parameter, Properties: {Type: String, Value: !Ref B}}
  B: {Type: AWS::SSM::Parameter, Properties: {Type: String, Value: !GetAtt C.Value}}
  C: {Type: AWS::SSM::Parameter, Properties: {Type: String, Value: !Sub '\${A}'}}
  D: {Type: AWS::SSM::Parameter, Properties: {Type: String, Value: !Ref A}}
`,
    );
    assert.equal(await kuraFails(kura, ['apply', template], { code: 1 }), `kura apply: ${template}: Resources: circular dependency between resources: [A, B, C]`);
  });

  test('a missing parameter, where it is used and where it is not', async () => {
    const used = file('missing.yaml', 'Parameters:\n  DbHost: {Type: String}\nResources:\n  P: {Type: AWS::SSM::Parameter, Properties: {Type: String, Value: !Ref DbHost}}\n');
    assert.equal(
      await kuraFails(kura, ['apply', used], { code: 1 }),
      `kura apply: ${used}: Resources.P.Properties.Value: parameter DbHost has no value (the template gives no Default): pass --parameter DbHost=VALUE`,
    );
    const unused = file('unused.yaml', 'Parameters:\n  DbHost: {Type: String}\nResources:\n  P: {Type: AWS::SSM::Parameter, Properties: {Type: String, Value: v}}\n');
    assert.equal(await kuraFails(kura, ['apply', unused], { code: 1 }), `kura apply: ${unused}: Parameters.DbHost: has no value (the template gives no Default): pass --parameter DbHost=VALUE`);
    assert.equal(
      await kuraFails(kura, ['apply', used, '--parameter', 'Other=x'], { code: 1 }),
      `kura apply: ${used}: Parameters: --parameter Other: the template declares no parameter named Other`,
    );
    assert.equal(await kuraFails(kura, ['apply', used, '--parameter', 'DbHost'], { code: 2 }), "kura apply: --parameter takes KEY=VALUE (got 'DbHost')");
  });

  test('an attribute Kura cannot provide', async () => {
    const template = file(
      'alb.yaml',
      `Resources:
  Alb: {Type: AWS::ElasticLoadBalancingV2::LoadBalancer, Properties: {Name: web}}
  Url: {Type: AWS::SSM::Parameter, Properties: {Type: String, Value: !Sub 'http://\${Alb.DNSName}/'}}
`,
    );
    assert.equal(
      await kuraFails(kura, ['apply', template], { code: 1 }),
      `kura apply: ${template}: Resources.Url.Properties.Value: Fn::GetAtt Alb.DNSName: Alb is an AWS::ElasticLoadBalancingV2::LoadBalancer, which kura apply does not create, so its DNSName is known only to AWS`,
    );
  });

  test('nothing was written by any of the refused templates', async () => {
    assert.deepEqual(await names(), []);
  });

  test('the 3rd of 4 resources fails: the first two are removed, and no record is left', async () => {
    const template = file(
      'midway.yaml',
      `Resources:
  One: {Type: AWS::SSM::Parameter, Properties: {Name: /mid/one, Type: String, Value: '1'}}
  Two: {Type: AWS::SSM::Parameter, DependsOn: One, Properties: {Name: /mid/two, Type: String, Value: '2'}}
  Three: {Type: AWS::SSM::Parameter, DependsOn: Two, Properties: {Name: /mid/three, Type: String, Value: abc, AllowedPattern: '^[0-9]+$'}}
  Four: {Type: AWS::SSM::Parameter, DependsOn: Three, Properties: {Name: /mid/four, Type: String, Value: '4'}}
`,
    );
    assert.equal(
      await kuraFails(kura, ['apply', template], { code: 1 }),
      'kura apply: Resources.Three (AWS::SSM::Parameter): ParameterPatternMismatchException: Parameter value, cannot be validated against allowedPattern: ^[0-9]+$; rolled back: deleted Two, One',
    );
    assert.deepEqual(await names(), []);
  });

  test('an update fails midway: what it created is deleted, what it updated is updated back', async () => {
    const good = file(
      'stack.yaml',
      `Resources:
  One: {Type: AWS::SSM::Parameter, Properties: {Name: /upd/one, Type: String, Value: first, Description: before}}
  Token: {Type: AWS::SecretsManager::Secret, Properties: {Name: upd/token, SecretString: first-CANARY}}
`,
    );
    await kuraOk(kura, ['apply', good, '--stack-name', 'upd']);
    const record = (await ssm.send(new GetParameterCommand({ Name: '/kura/stacks/upd' }))).Parameter!;
    const bad = file(
      'stack2.yaml',
      `Resources:
  One: {Type: AWS::SSM::Parameter, Properties: {Name: /upd/one, Type: String, Value: second}}
  Token: {Type: AWS::SecretsManager::Secret, DependsOn: One, Properties: {Name: upd/token, SecretString: second-CANARY}}
  Two: {Type: AWS::SSM::Parameter, DependsOn: Token, Properties: {Name: /upd/two, Type: String, Value: '2'}}
  Three: {Type: AWS::KMS::Alias, DependsOn: Two, Properties: {AliasName: alias/aws/reserved, TargetKeyId: nope}}
`,
    );
    const out = await kuraCli(kura, ['apply', bad, '--stack-name', 'upd']);
    assert.equal(out.code, 1);
    assert.match(out.stderr, /^kura apply: Resources\.Three \(AWS::KMS::Alias\): \S+: .*; rolled back: deleted Two; reverted Token, One\n$/);
    assert.ok(!out.stderr.includes('CANARY') && !out.stdout.includes('CANARY'));
    assert.equal((await secrets.send(new GetSecretValueCommand({ SecretId: 'upd/token' }))).SecretString, 'first-CANARY', 'AWSCURRENT moved back');
    const one = (await ssm.send(new GetParameterCommand({ Name: '/upd/one' }))).Parameter!;
    assert.equal(one.Value, 'first');
    const described = (await ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Name', Values: ['/upd/one'] }] }))).Parameters![0]!;
    assert.equal(described.Description, 'before');
    await assert.rejects(ssm.send(new GetParameterCommand({ Name: '/upd/two' })), { name: 'ParameterNotFound' });
    const after = (await ssm.send(new GetParameterCommand({ Name: '/kura/stacks/upd' }))).Parameter!;
    assert.deepEqual(JSON.parse(after.Value!), JSON.parse(record.Value!), 'the record is as it was');
    await kuraOk(kura, ['apply', '--delete', '--stack-name', 'upd']);
    assert.deepEqual(await names(), []);
  });

  test('a replacement keeping a custom name is refused before anything is written', async () => {
    const first = file('named.yaml', 'Resources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: fixed\n      AssumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: "sts:AssumeRole"}]}\n');
    await kuraOk(kura, ['apply', first, '--stack-name', 'named']);
    const moved = file('named2.yaml', 'Resources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: fixed\n      Path: /moved/\n      AssumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: "sts:AssumeRole"}]}\n');
    assert.equal(
      await kuraFails(kura, ['apply', moved, '--stack-name', 'named'], { code: 1 }),
      `kura apply: ${moved}: Resources.Role: CloudFormation cannot update a stack when a custom-named resource requires replacing. Rename fixed and update the stack again. (Path changed, which replaces the AWS::IAM::Role)`,
    );
    await kuraOk(kura, ['apply', '--delete', '--stack-name', 'named']);
  });
});
