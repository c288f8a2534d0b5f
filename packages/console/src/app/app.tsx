// The console's frame: sign-in when there is no session, else the navigation and the page the hash
// names. The session ends at its expiration (a timer) or at the first call refused as expired,
// and sign-in comes back saying so.

import { useEffect, useMemo, useState } from 'preact/hooks';
import { clearSession, clientFor, loadSession, saveSession, type Session } from '../session/session.js';
import { SignIn } from '../session/sign-in.js';
import { ApiContext, makeApi } from './api.js';
import { AREAS, pageFor } from './routes.js';
import { href, useRoute } from './router.js';

const time = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
const expiredNotice = (iso: string) => `Your session expired at ${time(iso)}. Sign in again.`;

export function App() {
  const [stored] = useState(() => loadSession());
  const [session, setSession] = useState<Session | undefined>(stored.session);
  const [notice, setNotice] = useState<string | undefined>(stored.expiredAt ? expiredNotice(stored.expiredAt) : undefined);
  const { route, visit, startOver } = useRoute();

  const end = (message?: string) => {
    clearSession();
    setSession(undefined);
    setNotice(message);
  };

  useEffect(() => {
    if (!session) return;
    const left = Date.parse(session.expiration) - Date.now();
    // setTimeout's delay is a 32-bit signed count of milliseconds; sessions last at most 36 hours.
    const timer = setTimeout(() => end(expiredNotice(session.expiration)), Math.max(0, Math.min(left, 2 ** 31 - 1)));
    return () => clearTimeout(timer);
  }, [session]);

  const api = useMemo(() => (session ? makeApi(session, clientFor(session), (message) => end(message)) : undefined), [session]);

  if (!session || !api) {
    return (
      <SignIn
        {...(notice ? { notice } : {})}
        onSignedIn={(s) => {
          saveSession(s);
          setNotice(undefined);
          setSession(s);
        }}
      />
    );
  }

  const Page = pageFor(route.area);
  return (
    <ApiContext.Provider value={api}>
      <a class="skip-link" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>
        Skip to content
      </a>
      <header class="container-fluid app-header">
        <nav aria-label="Main">
          <ul>
            <li>
              <strong>Kura</strong>
            </li>
            {AREAS.map((a) => (
              <li>
                <a
                  href={href(a.area)}
                  aria-current={route.area === a.area ? 'page' : undefined}
                  onClick={(e) => {
                    // The section's own link, clicked in it, shows its start page afresh (a tree
                    // with nothing open, no typed filter). A click meant for a new tab or window is the browser's.
                    if (route.area !== a.area || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
                    e.preventDefault();
                    startOver(href(a.area));
                  }}
                >
                  {a.label}
                </a>
              </li>
            ))}
          </ul>
          <ul>
            <li>
              <small title={session.arn} data-testid="identity">
                {session.arn.split(':').slice(5).join(':')} · until {time(session.expiration)}
              </small>
            </li>
            <li>
              <button class="secondary outline" type="button" onClick={() => end('You signed out.')}>
                Sign out
              </button>
            </li>
          </ul>
        </nav>
      </header>
      <main class="container-fluid" id="main" tabIndex={-1}>
        {/* Keyed by the visit: starting a section over mounts its page anew, with none of its old state. */}
        <Page key={visit} route={route} />
      </main>
    </ApiContext.Provider>
  );
}
