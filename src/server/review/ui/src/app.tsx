/**
 * The app shell: the session, the cohort list, the top bar and stepper, and the page of the route.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { api, setCsrf, whenSignedOut } from './api.js';
import { AnnounceContext, LiveRegion } from './components/announce.js';
import { ErrorNote, Loading } from './components/status.js';
import { Stepper } from './components/stepper.js';
import { TopBar } from './components/top-bar.js';
import { Blinded } from './pages/blinded.js';
import { Cohorts } from './pages/cohorts.js';
import { Feedback } from './pages/feedback.js';
import { Login } from './pages/login.js';
import { Metrics } from './pages/metrics.js';
import { People } from './pages/people.js';
import { Review } from './pages/review.js';
import { Summary } from './pages/summary.js';
import { Understand } from './pages/understand.js';
import { COORDINATOR_PAGES, navigate, parseHash, type Route, useRoute } from './router.js';
import type { CohortSummary, Session } from './types.js';

export interface PageProps {
  session: Session;
  cohort: CohortSummary;
  route: Route;
  /** Fetch the cohort list again (after an upload, a regeneration, a review). */
  refreshCohorts: () => Promise<CohortSummary[]>;
}

export function App() {
  const [session, setSession] = useState<Session | null | 'checking'>('checking');
  const [cohorts, setCohorts] = useState<CohortSummary[] | null>(null);
  const [cohortError, setCohortError] = useState('');
  const [message, setMessage] = useState('');
  const route = useRoute();

  const signedIn = useCallback((s: Session | null) => {
    setCsrf(s?.csrf ?? '');
    setSession(s);
    if (!s) setCohorts(null);
  }, []);

  useEffect(() => {
    whenSignedOut(() => signedIn(null));
    api.session().then(signedIn, () => signedIn(null));
    return () => whenSignedOut(null);
  }, [signedIn]);

  const refreshCohorts = useCallback(async () => {
    try {
      const list = (await api.cohorts()).cohorts;
      setCohorts(list);
      setCohortError('');
      return list;
    } catch (e) {
      setCohortError(e instanceof Error ? e.message : String(e));
      return [];
    }
  }, []);

  useEffect(() => {
    if (session && session !== 'checking') void refreshCohorts();
  }, [session, refreshCohorts]);

  // Without a cohort in the address, open the newest one (the latest review round).
  // The address is read afresh, not from this render's route: a link followed while the list was
  // loading must not be overridden by the newest cohort.
  useEffect(() => {
    const current = parseHash(window.location.hash);
    if (!cohorts || current.cohort !== null || cohorts.length === 0) return;
    if (current.page === 'cohorts' || current.page === 'people') return;
    const newest = cohorts.reduce((a, b) => (b.id > a.id ? b : a));
    navigate({ cohort: newest.id, page: current.page });
  }, [cohorts, route]);

  // A new page moves focus to its heading, as a new document would.
  useEffect(() => {
    const heading = document.querySelector<HTMLElement>('main h1');
    if (heading && document.activeElement === document.body) heading.focus();
  }, [route.page, route.cohort]);

  if (session === 'checking') return <Loading what="session" />;
  if (session === null) return <Login onSignedIn={signedIn} />;

  const coordinator = session.user.role === 'coordinator';
  const cohort = cohorts?.find((c) => c.id === route.cohort) ?? null;
  const signOut = async (): Promise<void> => {
    try {
      await api.logout();
    } finally {
      signedIn(null);
    }
  };

  return (
    <AnnounceContext.Provider value={setMessage}>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <TopBar
        session={session}
        cohorts={cohorts ?? []}
        current={cohort}
        page={route.page}
        onSignOut={signOut}
      />
      <Stepper route={route} coordinator={coordinator} siteData={session.siteData} />
      <main id="main" tabIndex={-1}>
        {cohortError && <ErrorNote message={cohortError} />}
        {renderPage({ session, cohorts, cohort, route, coordinator, refreshCohorts })}
      </main>
      <LiveRegion message={message} />
    </AnnounceContext.Provider>
  );
}

function renderPage(input: {
  session: Session;
  cohorts: CohortSummary[] | null;
  cohort: CohortSummary | null;
  route: Route;
  coordinator: boolean;
  refreshCohorts: () => Promise<CohortSummary[]>;
}) {
  const { session, cohorts, cohort, route, coordinator, refreshCohorts } = input;
  if ((COORDINATOR_PAGES as readonly string[]).includes(route.page) && !coordinator)
    return <ErrorNote message="This page is for coordinators." />;
  if (route.page === 'cohorts') return <Cohorts cohorts={cohorts ?? []} refreshCohorts={refreshCohorts} />;
  if (route.page === 'people') return <People cohort={cohort} />;
  if (!cohorts) return <Loading what="cohorts" />;
  if (cohorts.length === 0)
    return (
      <section class="card">
        <h1 tabIndex={-1}>No cohorts yet</h1>
        <p>
          {coordinator
            ? 'Upload a synthetic cohort on the Cohorts page to start a review round.'
            : 'No cohort is assigned to you yet. Your coordinator assigns cohorts to reviewers.'}
        </p>
        {coordinator && (
          <a class="button primary" href="#/cohorts">
            Upload a cohort
          </a>
        )}
      </section>
    );
  if (!cohort)
    return route.cohort === null ? (
      <Loading what="cohort" />
    ) : (
      <ErrorNote message={`Cohort ${route.cohort} is not one of yours. Pick a cohort above.`} />
    );
  const props: PageProps = { session, cohort, route, refreshCohorts };
  switch (route.page) {
    case 'understand':
      return <Understand key={cohort.id} {...props} />;
    case 'metrics':
      return <Metrics key={cohort.id} {...props} />;
    case 'review':
      return <Review key={cohort.id} {...props} />;
    case 'summary':
      return <Summary key={cohort.id} {...props} />;
    case 'feedback':
      return <Feedback key={cohort.id} {...props} />;
    case 'blinded':
      return session.siteData ? (
        <Blinded key={cohort.id} {...props} />
      ) : (
        <ErrorNote message="Blinded mode needs the site's own data; this app does not hold it." />
      );
    default:
      return null;
  }
}
