import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { explicitRegion } from './aws-clients.js';

describe('region precedence', () => {
  it('takes --region, then AWS_REGION (left to the SDK), then AWS_DEFAULT_REGION, then the profile (left to the SDK)', () => {
    assert.equal(explicitRegion({ region: 'eu-west-1', env: { AWS_REGION: 'us-east-1', AWS_DEFAULT_REGION: 'us-west-2' } }), 'eu-west-1');
    assert.equal(explicitRegion({ env: { AWS_REGION: 'us-east-1', AWS_DEFAULT_REGION: 'us-west-2' } }), undefined);
    assert.equal(explicitRegion({ env: { AWS_DEFAULT_REGION: 'us-west-2' } }), 'us-west-2');
    assert.equal(explicitRegion({ env: {} }), undefined);
  });
});
