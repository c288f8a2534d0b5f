#!/usr/bin/env node
// The `kura` bin: the bundled build (npm run build, run by `npm ci` through the root `prepare`).
// CommonJS (bin/package.json says so): `kura exec`, which runs at every container start, requires
// dist/exec.cjs directly, so that Node's ES module loader never starts for it (about 3.5 ms on Node
// 20) and the command table of dist/kura.js is skipped. Every other command goes through dist/kura.js.
'use strict';

if (process.argv[2] === 'exec') {
  require('../dist/exec.cjs')
    .run(process.argv.slice(3))
    .then(
      (code) => {
        process.exitCode = code;
      },
      (error) => {
        process.stderr.write(`kura: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exitCode = 1;
      },
    );
} else {
  import('../dist/kura.js');
}
