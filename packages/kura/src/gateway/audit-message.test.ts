import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SIGNATURE_MISMATCH } from '../sigv4/index.js';
import { auditedMessage } from './audit-message.js';

describe('which error messages the audit log keeps', () => {
  test('fixed authentication texts, denials and not-found texts are kept as the client saw them', () => {
    for (const [code, message] of [
      ['UnrecognizedClientException', 'The security token included in the request is invalid.'],
      ['ExpiredToken', 'The security token included in the request is expired'],
      ['MissingAuthenticationTokenException', 'Request is missing Authentication Token'],
      ['InvalidSignatureException', SIGNATURE_MISMATCH],
      ['SignatureDoesNotMatch', 'Signature expired: 20260301T120000Z is now earlier than 20260301T122500Z (20260301T123000Z - 5 min.)'],
      ['InvalidSignatureException', 'Signature not yet current: 20260301T124000Z is still later than 20260301T123500Z (20260301T123000Z + 5 min.)'],
      ['AccessDeniedException', 'User: arn:aws:iam::123456789012:user/bob is not authorized to perform: ssm:GetParameter on resource: arn:aws:ssm:us-east-1:123456789012:parameter/x with an explicit deny in an identity-based policy'],
      ['NoSuchEntity', 'The user with name bob cannot be found.'],
      ['NotImplementedException', "Kura does not implement AmazonSSM.SendCommand (see the service's GAPS.md)."],
    ] as const) {
      assert.equal(auditedMessage(code, message), message, code);
    }
  });

  test('messages that can quote the request are left out', () => {
    const canary = 'CANARY-4f2e';
    for (const [code, message] of [
      // Constraint violations echo the offending value.
      ['ValidationException', `1 validation error detected: Value '${canary}' at 'description' failed to satisfy constraint: Member must have length less than or equal to 1024`],
      ['ValidationError', `1 validation error detected: Value '${canary}' at 'tags.1.member.value' failed to satisfy constraint: Member must have length less than or equal to 256`],
      // Malformed signatures echo the Authorization header, signature and all.
      ['IncompleteSignatureException', `Authorization header requires 'Signature' parameter. Authorization=AWS4-HMAC-SHA256 Credential=${canary}`],
      ['IncompleteSignature', `Date must be in ISO-8601 'basic format'. Got '${canary}'.`],
      // Scope faults quote the Credential; unsupported payload modes quote the header.
      ['InvalidSignatureException', `Credential should be scoped to a valid region, not '${canary}'.`],
      ['SignatureDoesNotMatch', `x-amz-content-sha256 '${canary}' is not supported: this service signs every payload.`],
      // Policy errors quote the document.
      ['MalformedPolicyDocument', `Partition "${canary}" is not valid for resource "arn:${canary}:s3:::x".`],
      ['MalformedPolicyDocumentException', `Invalid principal in policy: "AWS":"${canary}"`],
      ['SerializationException', `Invalid Base64 character: '${canary}'`],
      ['InvalidAction', `The action ${canary} is not valid for this web service.`],
      ['InvalidFilterValue', `The following filter value is not valid: ${canary}. Valid values include: [String].`],
      // A code nobody has checked is left out too.
      ['SomeNewException', canary],
    ] as const) {
      assert.equal(auditedMessage(code, message), undefined, `${code}: ${message}`);
    }
  });

  test('a signature message with anything around a known form is left out', () => {
    assert.equal(auditedMessage('InvalidSignatureException', `${SIGNATURE_MISMATCH} extra`), undefined);
    assert.equal(auditedMessage('InvalidSignatureException', 'Signature expired: 20260301T120000Z is now earlier than x (y - 5 min.)'), undefined);
  });

  test('kept messages are cut at 1 KB, as CloudTrail cuts them; empty ones are left out', () => {
    assert.equal(auditedMessage('NoSuchEntity', 'x'.repeat(3000))?.length, 1024);
    assert.equal(auditedMessage('ParameterNotFound', ''), undefined);
  });
});
