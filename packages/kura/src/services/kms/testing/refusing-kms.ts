// Test support: a KMS domain for tests in which KMS must not be used at all (IAM and STS handlers,
// gateway tests whose operations are stubs). It is a whole KmsDomain, as every OperationContext
// carries one, so a method added to the domain must be refused here too or tsc fails.

import type { KmsDomain } from '../../context.js';

/** Every method ends in `refuse()`: the asynchronous ones reject with what it throws, the others throw it. */
export function refusingKms(refuse: () => never): KmsDomain {
  return {
    encrypt: async () => refuse(),
    decrypt: async () => refuse(),
    generateDataKey: async () => refuse(),
    resolve: async () => refuse(),
    load: async () => refuse(),
    assertUsable: () => refuse(),
    sealUnder: async () => refuse(),
    keyCheck: async () => refuse(),
    openBlob: async () => refuse(),
    rotate: async () => refuse(),
    newWrappedMaterial: () => refuse(),
  };
}
