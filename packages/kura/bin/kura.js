#!/usr/bin/env node
// The `kura` bin: the bundled build (npm run build, run by `npm ci` through the root `prepare`).
import '../dist/kura.js';
