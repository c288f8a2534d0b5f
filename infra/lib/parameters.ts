// Where the database is: CloudFormation parameters (`cdk deploy --parameters KuraPostsApi:DbHost=…`,
// `kura apply --parameter DbHost=…`), so one synthesized template serves AWS and a laptop alike. None
// of them is secret. In the reference design they become four String parameters under
// /<prefix>/database/sample/master; the fifth, the password, is a SecureString, which CloudFormation
// cannot create: scripts/put-db-password.sh puts it (README, step 4).

import { CfnParameter } from 'aws-cdk-lib';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';

export interface DatabaseParameters {
  user: CfnParameter;
  name: CfnParameter;
  /** Absent when the stack creates the database (RDS fills them into the secret). */
  host?: CfnParameter | undefined;
  port?: CfnParameter | undefined;
}

/** The parameters the app's configuration checks accept (examples/posts-api/README.md, Configuration). */
export function databaseParameters(scope: Construct, options: { external: boolean }): DatabaseParameters {
  const param = (id: string, props: { default: string; description: string; pattern: string; constraint: string }) =>
    new CfnParameter(scope, id, {
      type: 'String',
      default: props.default,
      description: props.description,
      allowedPattern: props.pattern,
      constraintDescription: props.constraint,
    });
  const user = param('DbUser', { default: 'app', description: 'The database user the app connects as', pattern: '^[^\\s](.{0,78}[^\\s])?$', constraint: 'at most 80 characters, no surrounding spaces' });
  const name = param('DbName', { default: 'sample', description: 'The database (schema) name', pattern: '^[A-Za-z0-9_$-]{1,64}$', constraint: '1-64 of A-Z a-z 0-9 _ $ -' });
  if (!options.external) return { user, name };
  return {
    user,
    name,
    host: param('DbHost', {
      // db.invalid never resolves (RFC 2606): a deploy that forgot DbHost fails its health checks, loudly.
      default: 'db.invalid',
      description: 'The database host name or IP address (no port)',
      pattern: '^[A-Za-z0-9.:-]{1,253}$',
      constraint: 'a host name or IP address, without a port',
    }),
    port: param('DbPort', { default: '3306', description: 'The database port', pattern: '^[1-9][0-9]{0,4}$', constraint: 'a port number' }),
  };
}

/** The reference design's four String parameters (the blog post's `aws ssm put-parameter` lines). */
export function stringParameters(scope: Construct, path: string, db: Record<'user' | 'host' | 'name' | 'port', CfnParameter>): ssm.StringParameter[] {
  const entries: Array<[string, string, CfnParameter, string]> = [
    ['UserParameter', 'user', db.user, 'The database master user name'],
    ['HostParameter', 'host', db.host, 'The database master host name'],
    ['NameParameter', 'name', db.name, 'The database name'],
    ['PortParameter', 'port', db.port, 'The database port'],
  ];
  return entries.map(
    ([id, leaf, value, description]) =>
      new ssm.StringParameter(scope, id, { parameterName: `${path}/${leaf}`, stringValue: value.valueAsString, description, tier: ssm.ParameterTier.STANDARD }),
  );
}

export function parameterPath(prefix: string): string {
  return `/${prefix}/database/sample/master`;
}
