import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readTemplateText } from './template.js';
import { errorOf } from './testing/scope.js';
import { parseYamlTemplate } from './yaml-template.js';

describe('YAML templates with the short-form tags', () => {
  it('turns each short form into its long form', () => {
    const doc = parseYamlTemplate(`
a: !Ref Name
b: !GetAtt Role.Arn
c: !GetAtt [Role, Arn]
d: !Sub 'x-\${AWS::Region}'
e: !Sub
  - '\${A}-\${B}'
  - { A: !Ref X, B: b }
f: !Join [',', [!Ref A, b]]
g: !Select [0, !Split [',', 'a,b']]
h: !If [IsProd, 1, !Ref AWS::NoValue]
i: !Equals [!Ref Env, prod]
j: !Not [!Condition IsProd]
k: !And [!Condition A, !Or [!Condition B, !Condition C]]
l: !FindInMap [Map, !Ref AWS::Region, Key]
m: !Base64 text
n: !GetAZs ''
o: !ImportValue Exported
p: !GetAtt Bucket.Outputs.Nested
`);
    assert.deepEqual(doc, {
      a: { Ref: 'Name' },
      b: { 'Fn::GetAtt': ['Role', 'Arn'] },
      c: { 'Fn::GetAtt': ['Role', 'Arn'] },
      d: { 'Fn::Sub': 'x-${AWS::Region}' },
      e: { 'Fn::Sub': ['${A}-${B}', { A: { Ref: 'X' }, B: 'b' }] },
      f: { 'Fn::Join': [',', [{ Ref: 'A' }, 'b']] },
      g: { 'Fn::Select': ['0', { 'Fn::Split': [',', 'a,b'] }] },
      h: { 'Fn::If': ['IsProd', '1', { Ref: 'AWS::NoValue' }] },
      i: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] },
      j: { 'Fn::Not': [{ Condition: 'IsProd' }] },
      k: { 'Fn::And': [{ Condition: 'A' }, { 'Fn::Or': [{ Condition: 'B' }, { Condition: 'C' }] }] },
      l: { 'Fn::FindInMap': ['Map', { Ref: 'AWS::Region' }, 'Key'] },
      m: { 'Fn::Base64': 'text' },
      n: { 'Fn::GetAZs': '' },
      o: { 'Fn::ImportValue': 'Exported' },
      p: { 'Fn::GetAtt': ['Bucket', 'Outputs.Nested'] },
    });
  });

  it('keeps numbers as written, booleans as booleans and dates as text', () => {
    assert.deepEqual(parseYamlTemplate('a: 1.10\nb: 0755\nc: 3306\nd: true\ne: 2012-10-17\nf: ~\n'), { a: '1.10', b: '0755', c: '3306', d: true, e: '2012-10-17', f: null });
  });

  it('follows anchors and aliases', () => {
    assert.deepEqual(parseYamlTemplate('a: &doc {Version: "2012-10-17"}\nb: *doc\n'), { a: { Version: '2012-10-17' }, b: { Version: '2012-10-17' } });
  });

  it('refuses a tag CloudFormation does not define, naming the line', () => {
    assert.match(errorOf(() => parseYamlTemplate('a: 1\nb: !Frobnicate x\n')), /^line 2: unknown tag !Frobnicate: CloudFormation's short forms are !Ref, !Condition and !Base64/);
  });

  it('refuses YAML that does not parse, and duplicate keys', () => {
    assert.match(errorOf(() => parseYamlTemplate('a: [1,\n')), /^not valid YAML: .*\(line \d+\)$/);
    assert.match(errorOf(() => parseYamlTemplate('a: 1\na: 2\n')), /^not valid YAML: Map keys must be unique/);
  });
});

describe('reading a template', () => {
  const minimal = (resources: object) => JSON.stringify({ Resources: resources });

  it('reads JSON and YAML alike', () => {
    const fromJson = readTemplateText(minimal({ P: { Type: 'AWS::SSM::Parameter', Properties: { Type: 'String', Value: { Ref: 'X' } } } }));
    const fromYaml = readTemplateText('Resources:\n  P:\n    Type: AWS::SSM::Parameter\n    Properties: {Type: String, Value: !Ref X}\n');
    assert.deepEqual(fromJson, fromYaml);
    assert.deepEqual(fromJson.resources.get('P'), {
      logicalId: 'P',
      type: 'AWS::SSM::Parameter',
      properties: { Type: 'String', Value: { Ref: 'X' } },
      dependsOn: [],
      condition: undefined,
      deletionPolicy: 'Delete',
      updateReplacePolicy: 'Delete',
    });
  });

  it('reads DependsOn (one or a list), Condition and the deletion policies', () => {
    const t = readTemplateText(
      JSON.stringify({
        Conditions: { C: { 'Fn::Equals': ['a', 'a'] } },
        Resources: {
          A: { Type: 'T::A', DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Snapshot' },
          B: { Type: 'T::B', DependsOn: 'A', Condition: 'C' },
          D: { Type: 'T::D', DependsOn: ['A', 'B'] },
        },
      }),
    );
    assert.equal(t.resources.get('A')!.deletionPolicy, 'Retain');
    assert.equal(t.resources.get('A')!.updateReplacePolicy, 'Snapshot');
    assert.deepEqual(t.resources.get('B')!.dependsOn, ['A']);
    assert.equal(t.resources.get('B')!.condition, 'C');
    assert.deepEqual(t.resources.get('D')!.dependsOn, ['A', 'B']);
  });

  it('refuses what CloudFormation refuses before looking at resources', () => {
    assert.equal(errorOf(() => readTemplateText('{"Resources": {}}')), 'Resources: a template declares at least one resource');
    assert.equal(errorOf(() => readTemplateText('{"Resource": {"A": {"Type": "T"}}}')), 'Template format error: Invalid template property or properties [Resource]');
    assert.match(errorOf(() => readTemplateText('{"Transform": "AWS::Serverless-2016-10-31", "Resources": {"A": {"Type": "T"}}}')), /^Transform: transforms \(AWS::Serverless/);
    assert.equal(errorOf(() => readTemplateText(minimal({ A: { Properties: {} } }))), 'Resources.A.Type: a resource needs a Type');
    assert.equal(errorOf(() => readTemplateText(minimal({ A: { Type: 'T', Propertes: {} } }))), "Resources.A: Invalid template resource property 'Propertes'");
    assert.equal(errorOf(() => readTemplateText(minimal({ A: { Type: 'T', DependsOn: 'B' } }))), 'Resources.A.DependsOn[0]: no resource named B');
    assert.equal(errorOf(() => readTemplateText(minimal({ A: { Type: 'T', Condition: 'Nope' } }))), 'Resources.A.Condition: no condition named Nope in Conditions');
    assert.equal(errorOf(() => readTemplateText(minimal({ 'A-1': { Type: 'T' } }))), 'Resources.A-1: a logical ID is letters and digits only');
    assert.equal(errorOf(() => readTemplateText(minimal({ A: { Type: 'T', DeletionPolicy: 'Keep' } }))), 'Resources.A.DeletionPolicy: must be one of Delete, Retain, RetainExceptOnCreate, Snapshot');
    assert.match(errorOf(() => readTemplateText('{"Resources": ')), /^not valid JSON: /);
  });
});
