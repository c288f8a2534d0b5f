// `cdk synth` / `cdk deploy` run this (cdk.json: node --import tsx bin/app.ts). A setting that does
// not parse stops here with one line naming it, before anything is synthesized.
import { ConfigError } from '../lib/config.js';
import { createApp } from '../lib/app.js';

try {
  createApp().app.synth();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`infra: ${error.message}\n`);
  process.exitCode = 1;
}
