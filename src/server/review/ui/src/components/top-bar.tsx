import { navigate, type Page } from '../router.js';
import type { CohortSummary, Session } from '../types.js';
import { PasswordDialog } from './password-dialog.js';

/** App name, the cohort picker (with its version), who is signed in, sign out. */
export function TopBar(props: {
  session: Session;
  cohorts: CohortSummary[];
  current: CohortSummary | null;
  page: Page;
  onSignOut: () => void;
}) {
  const { session, cohorts, current, page } = props;
  const pickable = page === 'cohorts' || page === 'people' ? 'understand' : page;
  return (
    <header class="top-bar">
      <div class="brand">
        <span class="brand-mark" aria-hidden="true">
          ✚
        </span>
        synthcohort <span class="brand-sub">review</span>
      </div>
      <div class="cohort-picker">
        <label for="cohort-picker">Cohort</label>
        <select
          id="cohort-picker"
          value={current ? String(current.id) : ''}
          onChange={(e) => navigate({ cohort: Number(e.currentTarget.value), page: pickable })}
          disabled={cohorts.length === 0}
        >
          {!current && <option value="">{cohorts.length ? 'Choose a cohort' : 'No cohorts'}</option>}
          {cohorts.map((c) => (
            <option key={c.id} value={String(c.id)}>
              {c.name} · v{c.version} · {c.records.toLocaleString('en')} records
            </option>
          ))}
        </select>
      </div>
      <div class="user">
        <span>
          <span class="visually-hidden">Signed in as </span>
          <strong>{session.user.name}</strong>{' '}
          <span class={`role role-${session.user.role}`}>{session.user.role}</span>
        </span>
        <PasswordDialog />
        <button type="button" class="quiet" onClick={props.onSignOut}>
          Sign out
        </button>
      </div>
    </header>
  );
}
