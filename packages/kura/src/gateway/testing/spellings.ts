// Test support: the other spellings of a value that names a resource, the ones a caller could use to
// make authorization and the operation disagree about which resource a request names: spaces,
// trailing slashes, `//`, `.` and `..` levels, ARNs (own and other region), other case, selectors,
// aliases for keys. Derived from the plain value a test world (world.ts) has for the member.

import { ACCOUNT } from '../../services/testing/kit.js';

const REGION = 'us-east-1';
const OTHER_REGION = 'eu-west-1';
const paramArn = (name: string) => `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter${name}`;
const iam = (rest: string) => `arn:aws:iam::${ACCOUNT}:${rest}`;

/** `/dir/leaf` as its directory and last level. */
function split(name: string): [string, string] {
  const at = name.lastIndexOf('/');
  return [name.slice(0, at), name.slice(at + 1)];
}

function parameterName(name: string): string[] {
  const [dir, leaf] = split(name);
  const arn = paramArn(name);
  return [
    ` ${name} `, name.slice(1), arn, ` ${arn}`, `${name}/`, `/${name}`, `${dir}//${leaf}`, `${dir}/./${leaf}`, `${dir}/..${dir}/${leaf}`,
    name.toUpperCase(), `${name}:1`, `${name}:l1`, `${arn}:1`, arn.replace(REGION, OTHER_REGION),
  ];
}

function parameterPath(path: string): string[] {
  return [` ${path} `, `${path}/`, `  ${path}/  `, `/${path}`, `${path}//`, '/', ' / ', `${path}/..${path}`, paramArn(path)];
}

function kmsKey(keyId: string, alias: string): string[] {
  const keyArn = `arn:aws:kms:${REGION}:${ACCOUNT}:key/${keyId}`;
  return [keyArn, alias, `arn:aws:kms:${REGION}:${ACCOUNT}:${alias}`, ` ${keyId}`, keyId.toUpperCase(), alias.toUpperCase(), ` ${alias}`, keyArn.replace(REGION, OTHER_REGION)];
}

/** A secret's name, its complete and partial ARNs, and near misses (suffix, case, space, region). */
function secretId(name: string, arn: string): string[] {
  const partial = arn.slice(0, -7);
  return [arn, partial, ` ${name}`, `${name} `, name.toUpperCase(), arn.slice(arn.indexOf(':secret:') + 8), `${partial}-AAAAAA`, arn.replace(REGION, OTHER_REGION), `${name}/`, 'brand-new'];
}

const otherCase = (name: string) => [name.toUpperCase(), `${name.charAt(0).toUpperCase()}${name.slice(1)}`];

/** The spellings to try for `member` of a `service` operation, other than `value` itself. */
export function spellingsOf(service: string, member: string, value: unknown, values: Record<string, unknown>): unknown[] {
  if (typeof value !== 'string' && !(Array.isArray(value) && typeof value[0] === 'string')) return [];
  const text = typeof value === 'string' ? value : (value[0] as string);
  if (service === 'ssm') {
    if (member === 'Name' || member === 'ResourceId') return parameterName(text);
    if (member === 'Names') return parameterName(text).map((name) => [name]);
    if (member === 'Path') return parameterPath(text);
    return [];
  }
  if (service === 'secretsmanager') {
    if (member === 'SecretId') return secretId(text, String(values['SecretArn']));
    if (member === 'SecretIdList') return secretId(text, String(values['SecretArn'])).map((id) => [id]);
    if (member === 'Name') return [` ${text}`, text.toUpperCase(), `${text}-AbCdEf`, 'brand-new'];
    return [];
  }
  if (service === 'kms') {
    if (['KeyId', 'TargetKeyId', 'DestinationKeyId', 'SourceKeyId'].includes(member)) return kmsKey(text, String(values['AliasName']));
    if (member === 'AliasName') return [` ${text}`, text.toUpperCase(), `${text}/`, 'alias/brand-new'];
    return [];
  }
  switch (member) {
    case 'UserName':
    case 'GroupName':
    case 'RoleName':
    case 'PolicyName':
      return [...otherCase(text), 'brandnew'];
    case 'PolicyArn':
      return [text.toUpperCase().replace('ARN:AWS:IAM::', 'arn:aws:iam::'), text.replace(':policy/', ':policy/x/'), 'arn:aws:iam::aws:policy/AdministratorAccess'];
    case 'PolicySourceArn':
    case 'RoleArn': {
      const [prefix, name] = split(text);
      return [...otherCase(name).map((n) => `${prefix}/${n}`), text.replace(/:(user|role)\//, ':$1/x/'), iam('role/app')];
    }
    default:
      return [];
  }
}
