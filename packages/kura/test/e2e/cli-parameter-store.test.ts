// The rest of the Parameter Store API through the AWS CLI: history, labels and selectors, describe
// with filters and paging, tags, deletes, and the errors a user sees on the command line.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { awsCli, awsCliJson, startKura, type RunningKura } from './harness.js';

describe('Parameter Store through the AWS CLI', () => {
  let kura: RunningKura;
  before(async () => {
    kura = await startKura({ args: ['--account-id', '123456789012'] });
  });
  after(async () => {
    await kura.stop();
  });

  const cliError = async (args: string[]) => {
    try {
      await awsCli(kura, args);
    } catch (error) {
      return (error as { stderr: string }).stderr.trim();
    }
    return assert.fail(`aws ${args.join(' ')} succeeded`);
  };

  test('versions, labels, selectors and history', async () => {
    for (const value of ['one', 'two', 'three']) {
      await awsCli(kura, ['ssm', 'put-parameter', '--name', 'app.mode', '--type', 'String', '--value', value, '--overwrite']);
    }
    const labelled = await awsCliJson<{ InvalidLabels: string[]; ParameterVersion: number }>(kura, [
      'ssm', 'label-parameter-version', '--name', 'app.mode', '--parameter-version', '2', '--labels', 'prod', '1bad', 'awsy',
    ]);
    assert.deepEqual(labelled, { InvalidLabels: ['1bad', 'awsy'], ParameterVersion: 2 });
    const byLabel = await awsCliJson<{ Parameter: { Value: string; Selector: string; Version: number } }>(kura, ['ssm', 'get-parameter', '--name', 'app.mode:prod']);
    assert.deepEqual([byLabel.Parameter.Value, byLabel.Parameter.Selector, byLabel.Parameter.Version], ['two', ':prod', 2]);
    const byVersion = await awsCliJson<{ Parameter: { Value: string } }>(kura, ['ssm', 'get-parameter', '--name', '/app.mode:1']);
    assert.equal(byVersion.Parameter.Value, 'one');
    const history = await awsCliJson<{ Parameters: Array<{ Version: number; Labels: string[]; LastModifiedUser: string }> }>(kura, ['ssm', 'get-parameter-history', '--name', 'app.mode']);
    assert.deepEqual(history.Parameters.map((p) => [p.Version, p.Labels]), [[1, []], [2, ['prod']], [3, []]]);
    assert.equal(history.Parameters[0]?.LastModifiedUser, 'arn:aws:iam::123456789012:user/admin');
    assert.equal(
      await cliError(['ssm', 'get-parameter', '--name', 'app.mode:9']),
      'An error occurred (ParameterVersionNotFound) when calling the GetParameter operation: Systems Manager could not find version 9 of app.mode. Verify the version and try again.',
    );
  });

  test('describe-parameters with filters pages through everything', async () => {
    for (let i = 0; i < 23; i += 1) {
      await awsCli(kura, ['ssm', 'put-parameter', '--name', `/describe/p${String(i).padStart(2, '0')}`, '--type', i % 2 ? 'String' : 'SecureString', '--value', `v${i}`]);
    }
    // The CLI follows NextToken itself; --page-size forces several pages.
    const all = await awsCliJson<{ Parameters: Array<{ Name: string; Type: string; KeyId?: string; Version: number; Tier: string; Policies: unknown[] }> }>(kura, [
      'ssm', 'describe-parameters', '--parameter-filters', 'Key=Path,Option=Recursive,Values=/describe', 'Key=Type,Values=SecureString', '--page-size', '5',
    ]);
    assert.equal(all.Parameters.length, 12);
    assert.ok(all.Parameters.every((p) => p.Type === 'SecureString' && p.KeyId === 'alias/aws/ssm' && p.Tier === 'Standard' && Array.isArray(p.Policies)));
    assert.deepEqual(all.Parameters.map((p) => p.Name), [...all.Parameters.map((p) => p.Name)].sort());
  });

  test('tags on a parameter', async () => {
    await awsCli(kura, ['ssm', 'put-parameter', '--name', '/tagged', '--type', 'String', '--value', 'x', '--tags', 'Key=team,Value=core']);
    await awsCli(kura, ['ssm', 'add-tags-to-resource', '--resource-type', 'Parameter', '--resource-id', 'tagged', '--tags', 'Key=env,Value=dev', 'Key=team,Value=platform']);
    await awsCli(kura, ['ssm', 'remove-tags-from-resource', '--resource-type', 'Parameter', '--resource-id', '/tagged', '--tag-keys', 'env', 'absent']);
    const tags = await awsCliJson<{ TagList: Array<{ Key: string; Value: string }> }>(kura, ['ssm', 'list-tags-for-resource', '--resource-type', 'Parameter', '--resource-id', '/tagged']);
    assert.deepEqual(tags.TagList, [{ Key: 'team', Value: 'platform' }]);
  });

  test('deletes, and the errors for what is gone', async () => {
    await awsCli(kura, ['ssm', 'put-parameter', '--name', '/gone/a', '--type', 'String', '--value', 'x']);
    await awsCli(kura, ['ssm', 'delete-parameter', '--name', '/gone/a']);
    assert.equal(await cliError(['ssm', 'delete-parameter', '--name', '/gone/a']), 'An error occurred (ParameterNotFound) when calling the DeleteParameter operation:');
    const many = await awsCliJson<{ DeletedParameters: string[]; InvalidParameters: string[] }>(kura, ['ssm', 'delete-parameters', '--names', '/describe/p00', '/gone/a']);
    assert.deepEqual(many, { DeletedParameters: ['/describe/p00'], InvalidParameters: ['/gone/a'] });
  });

  test('bad input: exact errors', async () => {
    assert.equal(
      await cliError(['ssm', 'put-parameter', '--name', '/app/../bad name', '--type', 'String', '--value', 'x']),
      'An error occurred (ValidationException) when calling the PutParameter operation: Parameter name: can\'t be prefixed with "ssm" (case-insensitive). If formed as a path, it can consist of sub-paths divided by slash symbol; each sub-path can be formed as a mix of letters, numbers and the following 3 symbols .-_',
    );
    assert.equal(
      await cliError(['ssm', 'put-parameter', '--name', '/aws/x', '--type', 'String', '--value', 'x']),
      'An error occurred (AccessDeniedException) when calling the PutParameter operation: No access to reserved parameter name: /aws/x.',
    );
    assert.equal(
      await cliError(['ssm', 'put-parameter', '--name', '/x', '--type', 'String', '--value', 'x'.repeat(4097)]),
      'An error occurred (ValidationException) when calling the PutParameter operation: Standard tier parameters support a maximum parameter value of 4096 characters. To create a larger parameter value, upgrade the parameter to use the advanced-parameter tier. For more information, see https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-advanced-parameters.html',
    );
    assert.equal(
      await cliError(['ssm', 'get-parameters-by-path', '--path', '/x', '--max-results', '11', '--no-paginate']),
      "An error occurred (ValidationException) when calling the GetParametersByPath operation: 1 validation error detected: Value '11' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 10.",
    );
    assert.equal(
      await cliError(['ssm', 'put-parameter', '--name', '/x', '--type', 'Strin', '--value', 'secret-value']),
      "An error occurred (ValidationException) when calling the PutParameter operation: 1 validation error detected: Value 'Strin' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [SecureString, StringList, String].",
    );
    assert.equal(
      await cliError(['ssm', 'get-parameters-by-path', '--path', '/x', '--starting-token', 'forged', '--max-items', '1']),
      'An error occurred (InvalidNextToken) when calling the GetParametersByPath operation: The specified token isn\'t valid.',
    );
  });
});
