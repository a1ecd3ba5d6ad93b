/**
 * Hash routing (`#/cohorts/3/review/12`), so a reload keeps the reviewer's place and the server
 * needs one page only. A route is a page, optionally within a cohort, optionally on one record.
 */
import { useEffect, useState } from 'preact/hooks';

export const STEPS = ['understand', 'metrics', 'review', 'summary'] as const;
export const COORDINATOR_PAGES = ['feedback', 'people', 'cohorts'] as const;
export const PAGES = [...STEPS, ...COORDINATOR_PAGES, 'blinded'] as const;
export type Page = (typeof PAGES)[number];

export interface Route {
  cohort: number | null;
  page: Page;
  /** A record to open in step 3 (a link from a rule proposal). */
  record: number | null;
}

const isPage = (s: string | undefined): s is Page =>
  s !== undefined && (PAGES as readonly string[]).includes(s);

export function parseHash(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  if (parts[0] === 'cohorts' && /^\d+$/.test(parts[1] ?? '')) {
    const record = /^\d+$/.test(parts[3] ?? '') ? Number(parts[3]) : null;
    return { cohort: Number(parts[1]), page: isPage(parts[2]) ? parts[2] : 'understand', record };
  }
  return { cohort: null, page: isPage(parts[0]) ? parts[0] : 'understand', record: null };
}

export function hrefOf(route: Partial<Route> & { page: Page }): string {
  const base = route.cohort ? `#/cohorts/${route.cohort}/${route.page}` : `#/${route.page}`;
  return route.record !== null && route.record !== undefined && route.cohort
    ? `${base}/${route.record}`
    : base;
}

export function navigate(route: Partial<Route> & { page: Page }): void {
  const href = hrefOf(route);
  if (window.location.hash !== href) window.location.hash = href;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(window.location.hash));
  useEffect(() => {
    const update = (): void => setRoute(parseHash(window.location.hash));
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}
