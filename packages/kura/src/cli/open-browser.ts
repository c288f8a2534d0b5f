// `kura console --open`: the desktop's own way to open a URL in the default browser, started
// detached (the browser outlives the command) and never through a shell: the URL is one argument
// of the program, so nothing in it is ever interpreted. On Windows that rules out `start`, a
// built-in of cmd.exe, which would parse `&` and `^` in the URL (a host name may hold `&`); the
// URL protocol handler that `start` itself ends up calling is invoked directly instead.

import { spawn } from 'node:child_process';

export function browserCommand(platform: NodeJS.Platform, url: string): { command: string; args: string[] } {
  if (platform === 'darwin') return { command: 'open', args: [url] };
  if (platform === 'win32') return { command: 'rundll32.exe', args: ['url.dll,FileProtocolHandler', url] };
  return { command: 'xdg-open', args: [url] };
}

/** Resolves once the opener has started; rejects, naming it, when it cannot be (not installed). */
export function openBrowser(url: string, options: { platform?: NodeJS.Platform; env?: NodeJS.ProcessEnv } = {}): Promise<void> {
  const { command, args } = browserCommand(options.platform ?? process.platform, url);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { detached: true, stdio: 'ignore', shell: false, windowsHide: true, env: options.env ?? process.env });
    child.once('error', (error: NodeJS.ErrnoException) => reject(new Error(`${command}: ${error.code ?? error.message}`)));
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
  });
}
