/** The shell: session check, header with navigation and the time-zone switch, the routed page. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { session as sessionApi, type Session } from './api/client.js';
import { whenSignedOut } from './api/http.js';
import { ZoneContext, ZoneSwitch, Loading } from './components/ui.js';
import type { ZoneMode } from './lib/time.js';
import { CollectionsPage } from './pages/collections.js';
import { JobFormPage } from './form/job-form-page.js';
import { JobPage } from './pages/job.js';
import { JobsPage } from './pages/jobs.js';
import { OverviewPage } from './pages/overview.js';
import { SignInPage } from './pages/signin.js';
import { href, parseRoute, titleOf, type Route } from './router.js';

function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const on = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return route;
}

/**
 * After a navigation (not the first page load) focus moves to the new page's main region: the link
 * that was clicked is gone with the old page, and focus left on nothing would start keyboard and
 * screen-reader users over from the top of the document.
 */
function useFocusOnNavigation(route: Route) {
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus();
  }, [route]);
  return main;
}

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'jobs':
      return <JobsPage key={`${route.c.cloudService}/${route.c.collection}`} c={route.c} />;
    case 'job':
      return <JobPage key={route.id} c={route.c} id={route.id} />;
    case 'form':
      return <JobFormPage key={route.id ?? 'new'} c={route.c} id={route.id} />;
    case 'collections':
      return <CollectionsPage />;
    default:
      return <OverviewPage />;
  }
}

/**
 * The session, and what happens when it ends while the page is in use (it expired, another tab
 * signed out, the server restarted): the page stays mounted but hidden behind the sign-in, which
 * says so, so a form keeps what was typed and signing in again returns to it.
 */
function useSession() {
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const [ended, setEnded] = useState(false);
  const current = useRef<Session | null | undefined>(undefined);
  current.current = session;
  useEffect(() => {
    whenSignedOut(() => {
      if (current.current) setEnded(true);
      setSession(null);
    });
    sessionApi.current().then(setSession, () => setSession(null));
  }, []);
  const kept = useRef<Session | undefined>(undefined);
  if (session) kept.current = session;
  return {
    session,
    /** The session the hidden page was shown with, while it waits for a new sign-in. */
    shown: ended ? kept.current : (session ?? undefined),
    ended,
    signedIn: (s: Session) => (setEnded(false), setSession(s)),
    signOut: () => {
      kept.current = undefined;
      setEnded(false);
      setSession(null);
    },
  };
}

export function App() {
  const route = useRoute();
  const main = useFocusOnNavigation(route);
  const { session, shown, ended, signedIn, signOut } = useSession();
  // The tab names what is shown: the sign-in form over (or instead of) the page asked for.
  const signingIn = session !== undefined && (!shown || ended || route.page === 'signin');
  useEffect(() => {
    document.title = titleOf(signingIn ? { page: 'signin' } : route);
  }, [route, signingIn]);
  const [zone, setZone] = useState<ZoneMode>(
    () => (localStorage.getItem('takt-zone') as ZoneMode) || 'local',
  );
  const setMode = (m: ZoneMode) => {
    localStorage.setItem('takt-zone', m);
    setZone(m);
  };
  if (session === undefined) return <Loading />;
  // A link opened before signing in leads to its page afterwards; only #/signin goes on to #/.
  const onSignedIn = (s: Session) => {
    signedIn(s);
    if (route.page === 'signin') location.hash = '#/';
  };
  if (!shown || route.page === 'signin') return <SignInPage onSignedIn={onSignedIn} />;
  const current = route.page;
  const link = (to: string, label: string, active: boolean) => (
    <a href={to} aria-current={active ? 'page' : undefined}>
      {label}
    </a>
  );
  return (
    <>
      {ended && (
        <SignInPage
          onSignedIn={onSignedIn}
          notice="Your session has ended (it expired, you signed out in another tab, or the server restarted): nothing was saved since. Sign in again to go on where you were; the page keeps what you typed."
        />
      )}
      <div class="shell" hidden={ended}>
        <ZoneContext.Provider value={{ mode: zone, set: setMode }}>
          <header class="top">
            <a class="brand" href="#/">
              Takt
            </a>
            <nav aria-label="Main">
              {link(href.overview(), 'Overview', current === 'overview')}
              {link(href.collections(), 'Collections', current !== 'overview')}
            </nav>
            <span class="spacer" />
            <ZoneSwitch />
            <span class="who" title="Subscription">
              {shown.subscriptionId}
            </span>
            <button
              type="button"
              onClick={() => {
                void sessionApi.signOut().finally(() => {
                  signOut();
                  location.hash = '#/signin';
                });
              }}
            >
              Sign out
            </button>
          </header>
          <main id={ended ? undefined : 'view'} ref={main} tabIndex={-1}>
            <Page route={route} />
          </main>
        </ZoneContext.Provider>
      </div>
    </>
  );
}
