import { hrefOf, type Page, type Route } from '../router.js';

const STEP_LABELS: { page: Page; label: string; number?: number }[] = [
  { page: 'understand', label: 'Understand', number: 1 },
  { page: 'metrics', label: 'Metrics', number: 2 },
  { page: 'review', label: 'Review records', number: 3 },
  { page: 'summary', label: 'Summary', number: 4 },
];

/** The four review steps in order, then the coordinator's pages and blinded mode where offered. */
export function Stepper({
  route,
  coordinator,
  siteData,
}: {
  route: Route;
  coordinator: boolean;
  siteData: boolean;
}) {
  const extra: { page: Page; label: string }[] = [];
  if (coordinator)
    extra.push(
      { page: 'feedback', label: 'Feedback' },
      { page: 'people', label: 'People' },
      { page: 'cohorts', label: 'Cohorts' },
    );
  if (siteData) extra.push({ page: 'blinded', label: 'Blinded test' });
  const link = (page: Page) => hrefOf({ cohort: route.cohort, page });
  return (
    <nav class="stepper" aria-label="Review steps">
      <ol class="steps">
        {STEP_LABELS.map((s) => (
          <li key={s.page}>
            <a href={link(s.page)} aria-current={route.page === s.page ? 'page' : undefined}>
              <span class="step-number" aria-hidden="true">
                {s.number}
              </span>
              <span class="visually-hidden">Step {s.number}: </span>
              {s.label}
            </a>
          </li>
        ))}
      </ol>
      {extra.length > 0 && (
        <ul class="steps steps-extra">
          {extra.map((s) => (
            <li key={s.page}>
              <a href={link(s.page)} aria-current={route.page === s.page ? 'page' : undefined}>
                {s.label}
              </a>
            </li>
          ))}
        </ul>
      )}
    </nav>
  );
}
