// What the fuzzer knows about the server it attacks (the state seeded before the run), and the
// hostile strings it tries. Valid inputs draw names from the world so that operations reach
// existing resources, not only "not found" answers; mutations draw from the hostile lists.

import type { Random } from './random.js';

export interface FuzzWorld {
  accountId: string;
  region: string;
  parameterNames: string[];
  /** Secret names and their ARNs, complete and partial: every form a SecretId member accepts. */
  secretIds: string[];
  /** Key ids, key ARNs, alias names and alias ARNs: every form a KeyId member accepts. */
  keyRefs: string[];
  aliasNames: string[];
  /** Real ciphertexts of the seeded keys, so Decrypt and ReEncrypt reach the cryptography. */
  ciphertexts: Buffer[];
  userNames: string[];
  roleNames: string[];
  groupNames: string[];
  policyArns: string[];
  inlinePolicyNames: string[];
  accessKeyIds: string[];
  /** Page tokens issued by the server for other calls: replayed across operations and callers. */
  pageTokens: string[];
}

/** Names that exist nowhere, so "not found" paths are exercised as well. */
export const MISSING = {
  parameter: '/fuzz/does/not/exist',
  keyId: '00000000-0000-4000-8000-000000000000',
  user: 'fuzz-nobody',
  secret: 'fuzz/no-such-secret',
} as const;

export function arnsOf(world: FuzzWorld): string[] {
  const { accountId } = world;
  return [
    ...world.userNames.map((n) => `arn:aws:iam::${accountId}:user/${n}`),
    ...world.roleNames.map((n) => `arn:aws:iam::${accountId}:role/${n}`),
    ...world.parameterNames.map((n) => `arn:aws:ssm:${world.region}:${accountId}:parameter${n.startsWith('/') ? n : `/${n}`}`),
    ...world.keyRefs.filter((k) => k.startsWith('arn:')),
    ...world.secretIds.filter((s) => s.startsWith('arn:')),
    ...world.policyArns,
    `arn:aws:iam::${accountId}:root`,
    '*',
  ];
}

const ACTIONS = ['ssm:GetParameter', 'ssm:GetParameters*', 'ssm:PutParameter', 'ssm:*', 'kms:Decrypt', 'kms:Encrypt', 'kms:*', 'iam:*', 'iam:PassRole', 'sts:AssumeRole', 'secretsmanager:GetSecretValue', 'secretsmanager:*', 's3:GetObject', '*'];
const CONDITIONS = [
  undefined,
  { StringEquals: { 'aws:username': 'fuzz-victim' } },
  { StringLike: { 'kms:EncryptionContext:app': 'fuzz*' } },
  { Bool: { 'aws:SecureTransport': 'true' } },
  { IpAddress: { 'aws:SourceIp': '127.0.0.0/8' } },
  { StringEquals: { 'aws:ResourceTag/team': 'fuzz' } },
  { ForAnyValue: { StringEquals: { 'kms:EncryptionContextKeys': 'app' } } },
];

/** A policy document that parses (most of the time), for PolicyDocument-like members. */
export function policyDocument(rng: Random, world: FuzzWorld, trust = false): string {
  const statements = Array.from({ length: rng.int(1, 3) }, () => {
    const condition = rng.pick(CONDITIONS);
    const statement: Record<string, unknown> = {
      Effect: rng.pick(['Allow', 'Allow', 'Deny']),
      Action: rng.chance(0.5) ? rng.pick(ACTIONS) : [rng.pick(ACTIONS), rng.pick(ACTIONS)],
    };
    if (trust) statement.Principal = rng.pick([{ AWS: `arn:aws:iam::${world.accountId}:root` }, { Service: 'ecs-tasks.amazonaws.com' }, '*', { AWS: '*' }]);
    else statement.Resource = rng.chance(0.5) ? rng.pick(arnsOf(world)) : [rng.pick(arnsOf(world)), rng.pick(arnsOf(world))];
    if (condition) statement.Condition = condition;
    if (rng.chance(0.2)) statement.Sid = rng.word(1, 8);
    return statement;
  });
  return JSON.stringify({ Version: rng.pick(['2012-10-17', '2012-10-17', '2008-10-17']), Statement: statements });
}

/** Spellings of a name that a careless normaliser, lookup or authorizer could treat differently. */
export function nameTricks(name: string, world: FuzzWorld): string[] {
  const bare = name.replace(/^\/+/, '');
  const slashed = `/${bare}`;
  return [
    ` ${name}`,
    `${name} `,
    `  ${name}  `,
    `\t${name}`,
    `${name}\n`,
    `${name}/`,
    `${name}//`,
    `/${slashed}`,
    slashed.replace('/', '//'),
    `${slashed}/../prod/db/password`,
    `${slashed}/./x`,
    `${slashed}/..`,
    `/prod/../${bare}`,
    bare,
    name.toUpperCase(),
    `${name}\u0000`,
    `${name}%00`,
    slashed.replaceAll('/', '%2F'),
    slashed.replaceAll('/', '\\'),
    `arn:aws:ssm:${world.region}:${world.accountId}:parameter${slashed}`,
    `arn:aws:ssm:${world.region}:${world.accountId}:parameter/${slashed}`,
    `arn:aws:ssm:eu-west-3:${world.accountId}:parameter${slashed}`,
    `arn:aws:ssm:${world.region}:999999999999:parameter${slashed}`,
    `arn:aws:ssm:::parameter${slashed}`,
    `arn:aws:kms:${world.region}:${world.accountId}:key/${bare}`,
    `arn:aws:kms:${world.region}:${world.accountId}:alias/${bare}`,
    `arn:aws:iam::${world.accountId}:user/${bare}`,
    `arn:aws:iam::${world.accountId}:role/${bare}`,
    `arn:aws:iam::aws:policy/${bare}`,
    `alias/${bare}`,
    `alias/aws/${bare}`,
    `key/${bare}`,
    `${bare}*`,
    `${bare}?`,
    `${name}\u202e`,
  ];
}

export const TRAVERSAL = ['../../../../etc/passwd', '..%2f..%2f..%2fetc%2fpasswd', '....//....//', '..\\..\\windows\\win.ini', '/dev/zero', '~/.aws/credentials', 'file:///etc/passwd', '/proc/self/environ', '.', '..', '/', '//', '///'];

export const UNICODE = [
  '\ud800',
  '\udfff',
  'a\ud800b',
  '\udc00\ud800',
  '\u0000',
  'x\u0000y',
  '\u202eevil\u202c',
  '\u200f\u200e',
  'e\u0301',
  `a${'\u0301'.repeat(64)}`,
  '\ufeffname',
  '\uffff',
  '\ufffe',
  '\u{10ffff}',
  '\u{1f600}',
  'line\u2028break',
  'next\u0085line',
  '\u0130stanbul',
  'stra\u00dfe',
  '\ufb01le',
  '\uff0fprod\uff0fdb',
  '\u0430dmin',
  '\u00a0',
  '\u3000',
  '\u0007\u001b[31m',
];

export const INJECTION = [
  "' OR 1=1 --",
  '"; DROP TABLE parameters; --',
  '${jndi:ldap://127.0.0.1/x}',
  '%s%s%s%n',
  '{{7*7}}',
  '<script>alert(1)</script>',
  ']]><!--',
  '&amp;&lt;&#0;&#xD800;',
  'x\r\nX-Injected: 1',
  '$(id)',
  '`id`',
  '__proto__',
  'constructor',
  'toString',
  'null',
  'undefined',
  'NaN',
  '[object Object]',
];

/** Lengths around the limits the models and the server set. */
export const LENGTHS = [0, 1, 127, 128, 129, 255, 256, 257, 1011, 1024, 1025, 2048, 2049, 4096, 4097, 8192, 65_536, 200_000];

export function hostileString(rng: Random, world: FuzzWorld, near?: string): string {
  switch (rng.weighted({ tricks: 3, traversal: 1, unicode: 3, injection: 1, size: 2, mixed: 1 })) {
    case 'tricks':
      return rng.pick(nameTricks(near ?? rng.pick(world.parameterNames), world));
    case 'traversal':
      return rng.pick(TRAVERSAL);
    case 'unicode':
      return (near ?? '') + rng.pick(UNICODE);
    case 'injection':
      return rng.pick(INJECTION);
    case 'size':
      return rng.pick(['a', ' ', '/', '\u00e9', '\u{1f600}']).repeat(rng.pick(LENGTHS));
    default:
      return `${rng.pick(UNICODE)}${rng.pick(TRAVERSAL)}${rng.pick(INJECTION)}`;
  }
}
