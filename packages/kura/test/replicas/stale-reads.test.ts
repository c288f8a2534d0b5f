// No replica ever answers from a state older than a write another replica acknowledged: thousands of
// rounds of "write on one replica, read on another at once" (directly, no load balancer, no client
// retries), over everything a cache could hold: parameter values, labels, tags, KMS key states, IAM
// policy attachments, access-key status (a deactivated key is refused by the next replica on the
// very next request), and STS sessions. Every round's read is checked; the count of stale ones must be 0.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DescribeKeyCommand, DisableKeyCommand, EnableKeyCommand, EncryptCommand, CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DetachUserPolicyCommand,
  IAMClient,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import {
  AddTagsToResourceCommand,
  GetParameterCommand,
  LabelParameterVersionCommand,
  ListTagsForResourceCommand,
  PutParameterCommand,
  RemoveTagsFromResourceCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { ACCOUNT, REGION, startCluster, type Cluster } from './cluster.js';
import { ADMIN_KEYS, type Replica } from './replica.js';

type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

/** Rounds per kind of state; parameter values get more, being what clients read most. */
const ROUNDS = { values: 600, labels: 200, tags: 200, keyStates: 200, policies: 200, accessKeys: 200, sessions: 200 };
type Kind = keyof typeof ROUNDS;
const TITLES: Record<Kind, string> = {
  values: 'parameter values and versions',
  labels: 'labels moved between versions',
  tags: 'tags added and removed',
  keyStates: 'KMS key states: a key disabled on one replica encrypts nothing on another',
  policies: 'IAM policies: attached on one replica allows on another, detached denies',
  accessKeys: 'access keys: deactivated on one replica, refused by another on the very next request',
  sessions: 'STS sessions: issued by one replica, accepted by another at once',
};

describe('three replicas on one database: a write on one is what the next read on another sees', () => {
  let cluster: Cluster;
  const stale: Record<Kind, string[]> = { values: [], labels: [], tags: [], keyStates: [], policies: [], accessKeys: [], sessions: [] };
  /** Each kind's rounds; all kinds run at once (each on its own resources), each kind's rounds in turn. */
  const kinds = {} as Record<Kind, () => Promise<void>>;
  let ran: Promise<PromiseSettledResult<void>[]>;

  // No retries: a stale answer must not be papered over by a second attempt.
  const config = (replica: Replica, credentials: Credentials = ADMIN_KEYS) => ({ endpoint: replica.url, region: REGION, credentials, maxAttempts: 1 });
  const clients = <C>(make: (replica: Replica) => C) => cluster.replicas.map(make);
  /** Round i: written on one replica, read on another (never the writer), every pair in turn. */
  const pair = (i: number): [number, number] => {
    const writer = i % 3;
    return [writer, (writer + 1 + (Math.floor(i / 3) % 2)) % 3];
  };
  const errorName = async (work: Promise<unknown>): Promise<string> =>
    work.then(
      () => 'ok',
      (error: Error) => error.name,
    );

  before(async () => {
    // Visibility, not durability, is the question here: commits need not wait for the disk.
    cluster = await startCluster({ replicas: 3, haproxy: false, durable: false });
    // The parameter the other kinds read or tag exists before they start.
    await new SSMClient(config(cluster.replicas[0] as Replica)).send(new PutParameterCommand({ Name: '/stale/value', Value: 'initial', Type: 'String' }));
    ran = Promise.allSettled((Object.keys(ROUNDS) as Kind[]).map((kind) => kinds[kind]()));
  });
  after(async () => {
    for (const [kind, found] of Object.entries(stale)) if (found.length > 0) console.error(`stale ${kind}:`, found.slice(0, 10));
    await cluster?.stop();
  });

  kinds.values = async () => {
    const ssm = clients((r) => new SSMClient(config(r)));
    for (let i = 0; i < ROUNDS.values; i++) {
      const [w, r] = pair(i);
      const put = await ssm[w]!.send(new PutParameterCommand({ Name: '/stale/value', Value: `v${i}`, Type: 'String', Overwrite: true }));
      const got = await ssm[r]!.send(new GetParameterCommand({ Name: '/stale/value' }));
      if (got.Parameter?.Value !== `v${i}` || got.Parameter?.Version !== put.Version) stale.values.push(`round ${i}: wrote v${i} (version ${put.Version}), read ${got.Parameter?.Value} (version ${got.Parameter?.Version})`);
    }
  };

  kinds.labels = async () => {
    const ssm = clients((r) => new SSMClient(config(r)));
    for (let v = 1; v <= 5; v++) await ssm[0]!.send(new PutParameterCommand({ Name: '/stale/labelled', Value: `l${v}`, Type: 'String', Overwrite: true }));
    for (let i = 0; i < ROUNDS.labels; i++) {
      const [w, r] = pair(i);
      const version = (i % 5) + 1;
      await ssm[w]!.send(new LabelParameterVersionCommand({ Name: '/stale/labelled', ParameterVersion: version, Labels: ['current'] }));
      const got = await ssm[r]!.send(new GetParameterCommand({ Name: '/stale/labelled:current' }));
      if (got.Parameter?.Version !== version) stale.labels.push(`round ${i}: label on version ${version}, read version ${got.Parameter?.Version}`);
    }
  };

  kinds.tags = async () => {
    const ssm = clients((r) => new SSMClient(config(r)));
    const resource = { ResourceType: 'Parameter' as const, ResourceId: '/stale/value' };
    for (let i = 0; i < ROUNDS.tags; i++) {
      const [w, r] = pair(i);
      const removing = i % 4 === 3;
      if (removing) await ssm[w]!.send(new RemoveTagsFromResourceCommand({ ...resource, TagKeys: ['round'] }));
      else await ssm[w]!.send(new AddTagsToResourceCommand({ ...resource, Tags: [{ Key: 'round', Value: String(i) }] }));
      const tags = (await ssm[r]!.send(new ListTagsForResourceCommand(resource))).TagList ?? [];
      const round = tags.find((tag) => tag.Key === 'round')?.Value;
      if (round !== (removing ? undefined : String(i))) stale.tags.push(`round ${i}: ${removing ? 'removed' : `tagged ${i}`}, read ${round}`);
    }
  };

  kinds.keyStates = async () => {
    const kms = clients((r) => new KMSClient(config(r)));
    const keyId = (await kms[0]!.send(new CreateKeyCommand({ Description: 'stale-reads' }))).KeyMetadata?.KeyId;
    for (let i = 0; i < ROUNDS.keyStates; i++) {
      const [w, r] = pair(i);
      const disabling = i % 2 === 0;
      await kms[w]!.send(disabling ? new DisableKeyCommand({ KeyId: keyId }) : new EnableKeyCommand({ KeyId: keyId }));
      const state = (await kms[r]!.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata?.KeyState;
      const encrypt = await errorName(kms[(r + 1) % 3 === w ? r : (r + 1) % 3]!.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x') })));
      const expected = disabling ? ['Disabled', 'DisabledException'] : ['Enabled', 'ok'];
      if (state !== expected[0] || encrypt !== expected[1]) stale.keyStates.push(`round ${i}: ${disabling ? 'disabled' : 'enabled'}, read ${state}, encrypt ${encrypt}`);
    }
  };

  kinds.policies = async () => {
    const iam = clients((r) => new IAMClient(config(r)));
    await iam[0]!.send(new CreateUserCommand({ UserName: 'stale-reader' }));
    const key = (await iam[1]!.send(new CreateAccessKeyCommand({ UserName: 'stale-reader' }))).AccessKey;
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ssm:GetParameter', Resource: `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/stale/*` }] });
    const policyArn = (await iam[2]!.send(new CreatePolicyCommand({ PolicyName: 'stale-read', PolicyDocument: policy }))).Policy?.Arn;
    const asUser = clients((r) => new SSMClient(config(r, { accessKeyId: key?.AccessKeyId ?? '', secretAccessKey: key?.SecretAccessKey ?? '' })));
    for (let i = 0; i < ROUNDS.policies; i++) {
      const [w, r] = pair(i);
      const attaching = i % 2 === 0;
      await iam[w]!.send(attaching ? new AttachUserPolicyCommand({ UserName: 'stale-reader', PolicyArn: policyArn }) : new DetachUserPolicyCommand({ UserName: 'stale-reader', PolicyArn: policyArn }));
      const read = await errorName(asUser[r]!.send(new GetParameterCommand({ Name: '/stale/value' })));
      if (read !== (attaching ? 'ok' : 'AccessDeniedException')) stale.policies.push(`round ${i}: ${attaching ? 'attached' : 'detached'}, read ${read}`);
    }
  };

  kinds.accessKeys = async () => {
    const iam = clients((r) => new IAMClient(config(r)));
    await iam[0]!.send(new CreateUserCommand({ UserName: 'stale-keyholder' }));
    const key = (await iam[0]!.send(new CreateAccessKeyCommand({ UserName: 'stale-keyholder' }))).AccessKey;
    const asHolder = clients((r) => new STSClient(config(r, { accessKeyId: key?.AccessKeyId ?? '', secretAccessKey: key?.SecretAccessKey ?? '' })));
    for (let i = 0; i < ROUNDS.accessKeys; i++) {
      const [w, r] = pair(i);
      const deactivating = i % 2 === 0;
      await iam[w]!.send(new UpdateAccessKeyCommand({ UserName: 'stale-keyholder', AccessKeyId: key?.AccessKeyId, Status: deactivating ? 'Inactive' : 'Active' }));
      const who = await errorName(asHolder[r]!.send(new GetCallerIdentityCommand({})));
      if (who !== (deactivating ? 'InvalidClientTokenId' : 'ok')) stale.accessKeys.push(`round ${i}: ${deactivating ? 'deactivated' : 'activated'}, then ${who}`);
    }
  };

  kinds.sessions = async () => {
    const iam = new IAMClient(config(cluster.replicas[0] as Replica));
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }] });
    await iam.send(new CreateRoleCommand({ RoleName: 'stale-role', AssumeRolePolicyDocument: trust }));
    const sts = clients((r) => new STSClient(config(r)));
    for (let i = 0; i < ROUNDS.sessions; i++) {
      const [w, r] = pair(i);
      const issued = (await sts[w]!.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/stale-role`, RoleSessionName: `s${i}` }))).Credentials;
      const asSession = new STSClient(config(cluster.replicas[r] as Replica, { accessKeyId: issued?.AccessKeyId ?? '', secretAccessKey: issued?.SecretAccessKey ?? '', sessionToken: issued?.SessionToken ?? '' }));
      const arn = await asSession.send(new GetCallerIdentityCommand({})).then(
        (me) => me.Arn,
        (error: Error) => error.name,
      );
      asSession.destroy();
      if (arn !== `arn:aws:sts::${ACCOUNT}:assumed-role/stale-role/s${i}`) stale.sessions.push(`round ${i}: issued s${i}, then ${arn}`);
    }
  };

  for (const kind of Object.keys(ROUNDS) as Kind[]) {
    test(`${TITLES[kind]}: ${ROUNDS[kind]} rounds, none stale`, async () => {
      const outcome = (await ran)[(Object.keys(ROUNDS) as Kind[]).indexOf(kind)];
      if (outcome?.status === 'rejected') throw outcome.reason;
      assert.deepEqual(stale[kind], []);
    });
  }
});
