// What the AWS CLI prints where Kura's answers were checked against AWS's recorded ones: the name
// of a parameter read by ARN, SSM's validation messages (closing period, enum order), requests the
// model refuses before they run, and the order of PutParameter's checks for aws:ec2:image.
// Evidence for each: src/services/ssm/GAPS.md.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { awsCli, awsCliJson, startKura, type RunningKura } from './harness.js';

describe('Parameter Store answers as AWS gives them, through the AWS CLI', () => {
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
  const failed = (operation: string, code: string, message: string) => `An error occurred (${code}) when calling the ${operation} operation: ${message}`;

  test('a parameter read by ARN is named by its name', async () => {
    await awsCli(kura, ['ssm', 'put-parameter', '--name', '/fidelity/db', '--type', 'String', '--value', 'x']);
    const arn = `arn:aws:ssm:${kura.region}:123456789012:parameter/fidelity/db`;
    const got = await awsCliJson<{ Parameter: { Name: string; ARN: string } }>(kura, ['ssm', 'get-parameter', '--name', arn]);
    assert.deepEqual([got.Parameter.Name, got.Parameter.ARN], ['/fidelity/db', arn]);
    const many = await awsCliJson<{ Parameters: Array<{ Name: string }> }>(kura, ['ssm', 'get-parameters', '--names', arn]);
    assert.deepEqual(many.Parameters.map((p) => p.Name), ['/fidelity/db']);
  });

  test('validation messages and refusals before an operation runs', async () => {
    const names = Array.from({ length: 11 }, (_, i) => `/n${i}`);
    assert.equal(
      await cliError(['ssm', 'get-parameters', '--names', ...names]),
      failed('GetParameters', 'ValidationException', `1 validation error detected: Value '[${names.join(', ')}]' at 'names' failed to satisfy constraint: Member must have length less than or equal to 10.`),
    );
    assert.equal(
      await cliError(['ssm', 'get-parameter-history', '--name', '/fidelity/db', '--max-results', '51', '--no-paginate']),
      failed('GetParameterHistory', 'ValidationException', "1 validation error detected: Value '51' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 50."),
    );
    const labels = Array.from({ length: 11 }, (_, i) => `l${i}`);
    assert.equal(
      await cliError(['ssm', 'label-parameter-version', '--name', '/fidelity/db', '--labels', ...labels]),
      failed('LabelParameterVersion', 'ValidationException', `1 validation error detected: Value '[${labels.join(', ')}]' at 'labels' failed to satisfy constraint: Member must have length less than or equal to 10.`),
    );
    assert.equal(
      await cliError(['ssm', 'list-tags-for-resource', '--resource-type', 'parameter', '--resource-id', '/fidelity/db']),
      failed(
        'ListTagsForResource',
        'ValidationException',
        "1 validation error detected: Value 'parameter' at 'resourceType' failed to satisfy constraint: Member must satisfy enum value set: [Document, ManagedInstance, MaintenanceWindow, Parameter, PatchBaseline, OpsItem, OpsMetadata, Automation, Association].",
      ),
    );
  });

  test('a parameter that is not there, for history and labels', async () => {
    assert.equal(await cliError(['ssm', 'get-parameter-history', '--name', '/fidelity/none']), failed('GetParameterHistory', 'ParameterNotFound', '').trim());
    assert.equal(await cliError(['ssm', 'label-parameter-version', '--name', '/fidelity/none', '--labels', 'a']), failed('LabelParameterVersion', 'ParameterNotFound', '').trim());
  });

  test('aws:ec2:image: every other check comes before the AMI id', async () => {
    const image = ['--type', 'String', '--data-type', 'aws:ec2:image', '--value', 'not-an-ami'];
    assert.equal(
      await cliError(['ssm', 'put-parameter', '--name', '/fidelity/img', ...image, '--overwrite', '--tags', 'Key=k,Value=v']),
      failed(
        'PutParameter',
        'ValidationException',
        "Invalid request: tags and overwrite can't be used together. To create a parameter with tags, please remove overwrite flag. To update tags for an existing parameter, please use AddTagsToResource or RemoveTagsFromResource.",
      ),
    );
    assert.equal(
      await cliError(['ssm', 'put-parameter', '--name', '/fidelity/img', ...image, '--allowed-pattern', '^ami-.*$']),
      failed('PutParameter', 'ParameterPatternMismatchException', 'Parameter value, cannot be validated against allowedPattern: ^ami-.*$'),
    );
    assert.equal(
      await cliError(['ssm', 'put-parameter', '--name', '/fidelity/img', ...image]),
      failed(
        'PutParameter',
        'ValidationException',
        'The value of a parameter with the aws:ec2:image data type must be an AMI ID in the format ami-xxxxxxxx or ami-xxxxxxxxxxxxxxxxx.',
      ),
    );
  });
});
