// The readers one `kura exec` needs, opened once for the read plan: the Parameter Store reader when
// the plan reads a parameter, the Secrets Manager one when it reads a secret. Under --watch the same
// readers serve every read; otherwise they are closed before the program starts, so that nothing is
// left open in the program that replaces Kura.
//
// Two implementations, chosen here and nowhere else: the direct readers (direct/: no SDK, for
// start-up speed) when the environment is one where the SDK's choices are known in advance
// (direct/settings.ts: keys or container credentials, region and endpoint from the environment, no
// shared files), else the AWS SDK's. Both are loaded only once chosen, so a start loads one of them.

import { readPlan, type Fetched, type ReadPlan } from './fetch.js';
import type { Readers } from './direct/open.js';
import { directSettings } from './direct/settings.js';
import type { SecretReader, SsmReader } from './reader.js';
import type { ReaderOptions } from './sdk-options.js';

export interface Reading {
  /** One complete read of the plan under the deadline, or an ExecError. */
  read(): Promise<Fetched>;
  close(): void;
}

export function planNeedsParameters(plan: ReadPlan): boolean {
  return plan.paths.length > 0 || plan.parameters.length > 0;
}

export function planNeedsSecrets(plan: ReadPlan): boolean {
  return plan.secrets.length > 0;
}

export async function openReading(plan: ReadPlan, readerOptions: ReaderOptions, timeoutMs: number): Promise<Reading> {
  const readers = (await openDirectReaders(plan, readerOptions)) ?? (await openSdkReaders(plan, readerOptions));
  // close() also ends a read in flight (a --watch read when the program exits), so that its
  // requests, retries and deadline do not keep Kura alive after the program.
  const closing = new AbortController();
  return {
    read: () => readPlan(readers.reader, readers.secretReader, plan, timeoutMs, closing.signal),
    close: () => {
      closing.abort();
      readers.close();
    },
  };
}

/** The direct readers, when the environment and the plan allow them; else undefined. */
export async function openDirectReaders(plan: ReadPlan, options: ReaderOptions): Promise<Readers | undefined> {
  // A stubbed HTTP layer (tests, the code-cache warm-up) is the SDK's.
  if (options.requestHandler) return undefined;
  const settings = directSettings(options.env);
  if (settings === undefined) return undefined;
  const { openDirect } = await import('./direct/open.js');
  return openDirect(settings, plan, options.insecureHttp, () => openSdkReaders(plan, options));
}

/** The SDK's readers: dist/ssm-sdk.cjs, or dist/secrets-sdk.cjs (both clients) when a secret is read. */
export async function openSdkReaders(plan: ReadPlan, options: ReaderOptions): Promise<Readers> {
  const { loadSdk, loadSecretsSdk } = await import('./load-sdk.js');
  let reader: SsmReader | undefined;
  let secretReader: SecretReader | undefined;
  if (planNeedsSecrets(plan)) {
    // One bundle with both clients: the Secrets Manager client is loaded only when a secret is read.
    const sdk = await loadSecretsSdk();
    secretReader = sdk.createSecretReader(options);
    if (planNeedsParameters(plan)) reader = sdk.createReader(options);
  } else {
    reader = (await loadSdk()).createReader(options);
  }
  return {
    reader,
    secretReader,
    close() {
      reader?.close();
      secretReader?.close();
    },
  };
}
