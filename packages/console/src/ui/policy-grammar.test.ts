import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { canSave, checkPolicy, describeProblem, prettyPolicy, type PolicyKind } from './policy-grammar.js';

const KEY_POLICY = {
  Version: '2012-10-17',
  Id: 'key-default-1',
  Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::000000000000:root' }, Action: 'kms:*', Resource: '*' }],
};

const problems = (document: unknown, kind: PolicyKind = 'resource') => {
  const check = checkPolicy(JSON.stringify(document, null, 2), kind);
  return check.problems.map((p) => `${p.severity === 'warning' ? 'warning ' : ''}${p.path}: ${p.message}`);
};
const withStatement = (change: Record<string, unknown>, drop: string[] = []) => {
  const st: Record<string, unknown> = { ...KEY_POLICY.Statement[0], ...change };
  for (const key of drop) delete st[key];
  return { ...KEY_POLICY, Statement: [st] };
};

describe('checkPolicy', () => {
  test('accepts a key policy, an identity policy and a trust policy', () => {
    assert.deepEqual(problems(KEY_POLICY), []);
    assert.deepEqual(problems({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', NotAction: ['kms:Decrypt'], NotResource: 'arn:aws:kms:*:*:key/*', Condition: { Bool: { 'aws:SecureTransport': false } } }] }, 'identity'), []);
    assert.deepEqual(problems({ Version: '2012-10-17', Statement: { Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' } }, 'trust'), []);
    assert.deepEqual(problems(withStatement({ Principal: '*' })), []);
  });

  test('a JSON syntax error is the only problem, with its line and column', () => {
    const check = checkPolicy('{\n  "Version": "2012-10-17",\n  "Statement": [\n    {"Effect": "Allow",}\n  ]\n}', 'resource');
    assert.equal(check.syntax, 'error');
    assert.equal(check.problems.length, 1);
    assert.equal(describeProblem(check.problems[0]!), "Line 4, column 24: Unexpected '}' after a comma: remove the trailing comma");
    assert.equal(canSave(check), false);
  });

  test('Effect must be Allow or Deny, spelt exactly', () => {
    assert.deepEqual(problems(withStatement({ Effect: 'allow' })), ['Statement[0].Effect: Effect must be "Allow" or "Deny", not "allow"']);
    assert.deepEqual(problems(withStatement({}, ['Effect'])), ['Statement[0]: The statement needs an Effect ("Allow" or "Deny")']);
  });

  test('Version: a warning when missing, an error when wrong', () => {
    const { Version: _, ...noVersion } = KEY_POLICY;
    const check = checkPolicy(JSON.stringify(noVersion), 'resource');
    assert.deepEqual(check.problems.map((p) => p.severity), ['warning']);
    assert.equal(canSave(check), true);
    assert.deepEqual(problems({ ...KEY_POLICY, Version: '2012-10-18' }), ['Version: Version must be "2012-10-17" (or the older "2008-10-17"), not "2012-10-18"']);
  });

  test('Statement: missing, empty, or not statements', () => {
    assert.deepEqual(problems({ Version: '2012-10-17' }), [': The policy needs a Statement: an array of statements']);
    assert.deepEqual(problems({ ...KEY_POLICY, Statement: [] }), ['Statement: Statement is empty: a policy needs at least one statement']);
    assert.deepEqual(problems({ ...KEY_POLICY, Statement: 'Allow' }), ['Statement: Statement must be an array of statements (or one statement object), not "Allow"']);
    assert.deepEqual(problems({ ...KEY_POLICY, Statement: [1] }), ['Statement[0]: A statement must be an object, not 1']);
    assert.deepEqual(problems([KEY_POLICY]), [': A policy document is a JSON object: {"Version": "2012-10-17", "Statement": [ … ]}']);
  });

  test('Principal: required in resource and trust policies, refused in identity policies, and well formed', () => {
    assert.deepEqual(problems(withStatement({}, ['Principal'])), ['Statement[0]: The statement needs Principal (or NotPrincipal)']);
    assert.deepEqual(problems(KEY_POLICY, 'identity'), ['Statement[0].Principal: Principal is not allowed in this kind of policy']);
    assert.deepEqual(problems(withStatement({ Principal: { User: 'bob' } })), ['Statement[0].Principal.User: Unknown principal type "User" (expected one of AWS, Service, Federated, CanonicalUser)']);
    assert.deepEqual(problems(withStatement({ Principal: 'arn:aws:iam::000000000000:root' })), [
      'Statement[0].Principal: A principal is "*" or an object such as {"AWS": "arn:aws:iam::111122223333:root"}, not "arn:aws:iam::000000000000:root"',
    ]);
    assert.deepEqual(problems(withStatement({ Principal: { AWS: [] } })), ['Statement[0].Principal.AWS: AWS must be a string or a list of strings']);
  });

  test('Action and Resource: one of each form, strings', () => {
    assert.deepEqual(problems(withStatement({}, ['Action'])), ['Statement[0]: The statement needs Action (or NotAction)']);
    assert.deepEqual(problems(withStatement({ NotAction: 'kms:Decrypt' })), ['Statement[0].NotAction: Use Action or NotAction, not both']);
    assert.deepEqual(problems(withStatement({ Action: ['kms:Decrypt', 3] })), ['Statement[0].Action: Action must be an action name ("kms:Decrypt") or a list of them']);
    assert.deepEqual(problems(withStatement({}, ['Resource'])), ['Statement[0]: The statement needs Resource (or NotResource)']);
    assert.deepEqual(problems(withStatement({ Resource: '' })), ['Statement[0].Resource: Resource must be an ARN, "*", or a list of them']);
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole', Resource: '*' }] };
    assert.deepEqual(problems(trust, 'trust'), ['Statement[0].Resource: Resource is not allowed in this kind of policy']);
  });

  test('unknown elements, a non-string Sid, and malformed conditions', () => {
    assert.deepEqual(problems({ ...KEY_POLICY, Statements: [] }), ['Statements: Unknown element "Statements" at the top of the policy (allowed: Version, Id, Statement)']);
    assert.deepEqual(problems(withStatement({ Actions: 'kms:*' })), [
      'Statement[0].Actions: Unknown element "Actions" in a statement (allowed: Sid, Effect, Principal, NotPrincipal, Action, NotAction, Resource, NotResource, Condition)',
    ]);
    assert.deepEqual(problems(withStatement({ Sid: 1 })), ['Statement[0].Sid: Sid must be a string']);
    assert.deepEqual(problems(withStatement({ Condition: { StringEquals: 'x' } })), ['Statement[0].Condition.StringEquals: The condition operator StringEquals needs an object of keys and values']);
    assert.deepEqual(problems(withStatement({ Condition: { StringEquals: { 'kms:ViaService': { a: 1 } } } })), [
      'Statement[0].Condition.StringEquals.kms:ViaService: The value of kms:ViaService must be a string, number, boolean or a list of them',
    ]);
    assert.deepEqual(problems(withStatement({ Condition: [] })), ['Statement[0].Condition: Condition must be an object: {"Operator": {"key": "value"}}']);
  });

  test('grammar problems point at the line of the element, or of the statement when it is missing', () => {
    const text = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Alow",\n      "Principal": "*",\n      "Resource": "*"\n    }\n  ]\n}';
    const check = checkPolicy(text, 'resource');
    assert.deepEqual(check.problems.map(describeProblem), [
      'Line 5, column 17 (Statement[0].Effect): Effect must be "Allow" or "Deny", not "Alow"',
      'Line 4, column 5 (Statement[0]): The statement needs Action (or NotAction)',
    ]);
    assert.equal(canSave(check), false);
  });
});

describe('prettyPolicy', () => {
  test('indents a compact document, and leaves text that does not parse as it is', () => {
    assert.equal(prettyPolicy('{"a":[1]}'), '{\n  "a": [\n    1\n  ]\n}');
    assert.equal(prettyPolicy('{oops'), '{oops');
  });
});
