#!/usr/bin/env node
// The `kura` bin: the bundled build (npm run build, run by `npm ci` through the root `prepare`).
// CommonJS (bin/package.json says so): `kura exec`, which runs at every container start, requires
// dist/exec.cjs directly, so that Node's ES module loader never starts for it (about 3.5 ms on Node
// 20) and the command table of dist/kura.js is skipped. Every other command goes through dist/kura.js.
'use strict';

// Node.js 22.15 or later: process.execve (`kura exec` becoming the program) appeared in 22.15, the AWS
// SDK's releases after the first week of January 2027 need Node 22, and better-sqlite3 13 (Node-API 10)
// crashes on Node 20. Checked before anything else is loaded, so that an older node gets one line
// naming both versions rather than a failure from deep inside some module. Exit 2, as for every start
// Kura refuses before doing anything: for `kura exec`, codes 2 to 4 always mean the program never ran.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 15)) {
  // Synchronously, since process.exit follows; 'fs' rather than 'node:fs', which Node 14 lacks.
  require('fs').writeSync(2, `kura: Node.js ${process.versions.node} (${process.execPath}) is too old: Kura needs Node.js 22.15 or later (24 recommended)\n`);
  process.exit(2);
}

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
