// The long fuzz run, from the command line (scripts/fuzz.mjs builds the bin and runs this):
//   --requests N           how many requests (default 30000)
//   --seed S               the run's seed (default: a random one, printed)
//   --concurrency C        requests in flight (default 8)
//   --path-authorization M strict (default) or aws
//   --only I,J,…           only these request indexes of the seed: reproduces a reported failure
//   --report FILE          also write the whole report as JSON
//   --server-log FILE      keep the server's log, at info level (a line per request, with its duration)
// Exits 1 when any answer failed its checks, the logs show a failure, or the server is unhealthy.

import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { randomSeed } from './random.js';
import { formatReport, runFuzz } from './run.js';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '30000' },
    seed: { type: 'string' },
    concurrency: { type: 'string', default: '8' },
    'path-authorization': { type: 'string', default: 'strict' },
    only: { type: 'string' },
    report: { type: 'string' },
    'server-log': { type: 'string' },
  },
});
const mode = values['path-authorization'];
if (mode !== 'strict' && mode !== 'aws') throw new Error('--path-authorization must be strict or aws');
const seed = values.seed === undefined ? randomSeed() : Number(values.seed);
const only = values.only?.split(',').map(Number);
const requests = only?.length ?? Number(values.requests);
process.stderr.write(`fuzz: seed ${seed}, ${requests} requests, concurrency ${values.concurrency}, --path-authorization ${mode}\n`);

const report = await runFuzz({
  seed,
  requests,
  concurrency: Number(values.concurrency),
  pathAuthorization: mode,
  ...(only ? { only } : {}),
  ...(values['server-log'] ? { serverLog: values['server-log'] } : {}),
  progress: (sent) => {
    if (sent % 5000 === 0) process.stderr.write(`fuzz: ${sent} sent\n`);
  },
});
process.stdout.write(`${formatReport(report, only ? Infinity : 30)}\n`);
if (values.report) writeFileSync(values.report, `${JSON.stringify(report, null, 2)}\n`);
process.exit(report.failures.length === 0 && report.logProblems.length === 0 && report.healthy ? 0 : 1);
