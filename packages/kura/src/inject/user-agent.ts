// How `kura exec` names itself to the store, so that an audit record (CloudTrail's userAgent, Kura's
// Activity) says which program read the values. The SDK path appends `kura/<version>` to the SDK's own
// User-Agent (customUserAgent); the direct reader sends the same product token with the runtime and
// platform, in the SDK's `name/value` style. Built, the version is written in by scripts/build.mjs;
// run from source (tests) it reads `source`: inject/ does not read files at start-up for this.

declare const KURA_BUILD_VERSION: string | undefined;

export const KURA_UA_VERSION: string = typeof KURA_BUILD_VERSION === 'string' ? KURA_BUILD_VERSION : 'source';

/** The SDK's customUserAgent: one product token, appended to what the SDK sends. */
export const SDK_CUSTOM_USER_AGENT: [string, string][] = [['kura', KURA_UA_VERSION]];

/** The direct reader's User-Agent header. */
export function directUserAgent(): string {
  return `kura/${KURA_UA_VERSION} md/direct lang/js md/nodejs#${process.versions.node} os/${process.platform}`;
}
