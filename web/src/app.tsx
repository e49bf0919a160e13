/** The shell: session check, header with navigation and the time-zone switch, the routed page. */
import { useEffect, useState } from 'preact/hooks';
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
import { href, parseRoute, type Route } from './router.js';

function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const on = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return route;
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

export function App() {
  const route = useRoute();
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const [zone, setZone] = useState<ZoneMode>(
    () => (localStorage.getItem('takt-zone') as ZoneMode) || 'local',
  );
  useEffect(() => {
    whenSignedOut(() => setSession(null));
    sessionApi.current().then(setSession, () => setSession(null));
  }, []);
  const setMode = (m: ZoneMode) => {
    localStorage.setItem('takt-zone', m);
    setZone(m);
  };
  if (session === undefined) return <Loading />;
  if (session === null || route.page === 'signin')
    return <SignInPage onSignedIn={(s) => (setSession(s), (location.hash = '#/'))} />;
  const current = route.page;
  const link = (to: string, label: string, active: boolean) => (
    <a href={to} aria-current={active ? 'page' : undefined}>
      {label}
    </a>
  );
  return (
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
          {session.subscriptionId}
        </span>
        <button
          type="button"
          onClick={() => {
            void sessionApi.signOut().finally(() => {
              setSession(null);
              location.hash = '#/signin';
            });
          }}
        >
          Sign out
        </button>
      </header>
      <main id="view">
        <Page route={route} />
      </main>
    </ZoneContext.Provider>
  );
}
