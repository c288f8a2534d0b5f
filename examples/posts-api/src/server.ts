// The process: read the environment, start, and stop on SIGTERM (what ECS sends, then SIGKILL after
// stopTimeout) or SIGINT (Ctrl-C). Exit codes: 0 after a graceful stop, 1 for bad configuration or a
// failure to start. The Dockerfile's CMD runs this file, behind `kura exec` when PARAMETER_STORE_PREFIX is set.

import { startApp, HTTP_TIMEOUTS } from './app.js';
import { describeProblems, loadAppConfig } from './config.js';
import { createLogger, errorFields } from './log.js';

const log = createLogger();

process.on('uncaughtException', (error) => {
  log.error('uncaught exception', errorFields(error));
  process.exit(1);
});
process.on('unhandledRejection', (error) => {
  log.error('unhandled rejection', errorFields(error));
  process.exit(1);
});

const loaded = loadAppConfig(process.env);
if (!loaded.ok) {
  // One line naming every variable to fix; values are never part of the problems.
  log.error(describeProblems(loaded.problems), { variables: loaded.variables });
  process.exit(1);
}

let app;
try {
  app = await startApp(loaded.config, log);
} catch (error) {
  log.error('could not start', errorFields(error));
  process.exit(1);
}

const running = app;
let stopping = false;
const stop = (signal: NodeJS.Signals) => {
  if (stopping) {
    log.warn('already shutting down', { signal });
    return;
  }
  stopping = true;
  log.info('shutting down', { signal });
  // If closing the pool hangs past the HTTP deadline, leave anyway: ECS would SIGKILL us soon after.
  setTimeout(() => {
    log.error('shutdown did not finish in time');
    process.exit(1);
  }, HTTP_TIMEOUTS.shutdownMs + 5_000).unref();
  running.close().then(
    () => {
      log.info('stopped');
      process.exitCode = 0;
    },
    (error: unknown) => {
      log.error('shutdown failed', errorFields(error));
      process.exitCode = 1;
    },
  );
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
