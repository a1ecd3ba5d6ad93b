/**
 * The finding panel beside the table: the record's values (one record) or the selection's size,
 * the verdict, and for "not realistic" the columns, issue types and a comment.
 */
import { useMemo, useState } from 'preact/hooks';
import { ApiError, api } from '../api.js';
import { cellText, type RecordIndex } from '../filter.js';
import type { IssueType, RecordColumn, ReviewStatus } from '../types.js';
import { StatusMark } from './record-table.js';

export function FindingPanel(props: {
  cohortId: number;
  records: number[];
  index: RecordIndex;
  columns: RecordColumn[];
  statuses: Uint8Array;
  issueTypes: IssueType[];
  onSaved: (records: number[], status: ReviewStatus) => void;
  onClear: () => void;
}) {
  const { records, index, columns, issueTypes } = props;
  const [status, setStatus] = useState<ReviewStatus | null>(null);
  const [blamed, setBlamed] = useState<ReadonlySet<string>>(new Set());
  const [issues, setIssues] = useState<ReadonlySet<string>>(new Set());
  const [comment, setComment] = useState('');
  const [search, setSearch] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const shownColumns = useMemo(() => {
    const q = search.trim().toLowerCase();
    return q ? columns.filter((c) => c.name.toLowerCase().includes(q) || blamed.has(c.name)) : columns;
  }, [columns, search, blamed]);

  if (records.length === 0)
    return (
      <aside class="finding-panel" aria-label="Finding">
        <h2>Finding</h2>
        <p class="muted">
          Select records with their checkboxes (Shift-click for a range, Space on a focused row), or open one
          with Enter or a click.
        </p>
      </aside>
    );

  const toggle = (set: ReadonlySet<string>, value: string): Set<string> => {
    const next = new Set(set);
    if (next.has(value)) next.delete(value);
    else next.add(value);
    return next;
  };

  const save = async (event: Event): Promise<void> => {
    event.preventDefault();
    if (!status) return setError('Choose “Realistic” or “Not realistic” first.');
    if (status === 'not-realistic' && issues.size === 0)
      return setError('Name at least one issue type for a record that is not realistic.');
    setBusy(true);
    setError('');
    try {
      const chosen = status === 'not-realistic';
      await api.saveFinding(props.cohortId, {
        records,
        status,
        columns: chosen ? [...blamed] : [],
        issues: chosen ? [...issues] : [],
        comment,
      });
      setStatus(null);
      setBlamed(new Set());
      setIssues(new Set());
      setComment('');
      setSearch('');
      props.onSaved(records, status);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const single = records.length === 1 ? records[0] : null;
  return (
    <aside class="finding-panel" aria-labelledby="finding-title">
      <div class="panel-head">
        <h2 id="finding-title">
          {single !== null ? `Record ${single}` : `${records.length.toLocaleString('en')} records selected`}
        </h2>
        <button type="button" class="quiet" onClick={props.onClear}>
          Clear selection
        </button>
      </div>
      {single !== null ? (
        <>
          <p>
            Your status: <StatusMark status={props.statuses[single]} />
          </p>
          <dl class="record-values">
            {columns.map((c, i) => {
              const text = cellText(index.columns[i], single);
              return (
                <div key={c.name}>
                  <dt>{c.name}</dt>
                  <dd>{text === '' ? <span class="muted">missing</span> : text}</dd>
                </div>
              );
            })}
          </dl>
        </>
      ) : (
        <p class="muted small">
          Records {records.slice(0, 12).join(', ')}
          {records.length > 12 && ` and ${records.length - 12} more`}. One verdict applies to all of them.
        </p>
      )}
      <form onSubmit={save} class="stack">
        <fieldset class="verdict-choice">
          <legend>Is {single !== null ? 'this record' : 'each of these records'} realistic?</legend>
          <button
            type="button"
            data-testid="mark-realistic"
            class={status === 'realistic' ? 'choice chosen-good' : 'choice'}
            aria-pressed={status === 'realistic'}
            onClick={() => setStatus('realistic')}
          >
            ✓ Realistic
          </button>
          <button
            type="button"
            data-testid="mark-not-realistic"
            class={status === 'not-realistic' ? 'choice chosen-bad' : 'choice'}
            aria-pressed={status === 'not-realistic'}
            onClick={() => setStatus('not-realistic')}
          >
            ✗ Not realistic
          </button>
        </fieldset>
        {status === 'not-realistic' && (
          <>
            <fieldset class="checklist">
              <legend>Which columns look wrong?</legend>
              <label for="column-search" class="small">
                Find a column
              </label>
              <input
                id="column-search"
                type="search"
                value={search}
                onInput={(e) => setSearch(e.currentTarget.value)}
              />
              <div class="checklist-scroll">
                {shownColumns.map((c) => (
                  <label key={c.name} class="check-row">
                    <input
                      type="checkbox"
                      name="column"
                      value={c.name}
                      checked={blamed.has(c.name)}
                      onChange={() => setBlamed(toggle(blamed, c.name))}
                    />
                    {c.name}
                  </label>
                ))}
              </div>
            </fieldset>
            <fieldset class="checklist">
              <legend>What kind of issue?</legend>
              {issueTypes.map((t) => (
                <label key={t.id} class="check-row issue-row">
                  <input
                    type="checkbox"
                    name="issue"
                    value={t.id}
                    checked={issues.has(t.id)}
                    onChange={() => setIssues(toggle(issues, t.id))}
                  />
                  <span>
                    <strong>{t.label}</strong>
                    <span class="muted small block">{t.description}</span>
                  </span>
                </label>
              ))}
            </fieldset>
          </>
        )}
        <div class="field">
          <label for="finding-comment">Comment (optional)</label>
          <textarea
            id="finding-comment"
            rows={3}
            maxLength={2000}
            value={comment}
            onInput={(e) => setComment(e.currentTarget.value)}
          />
        </div>
        <p class="form-error" role="alert">
          {error}
        </p>
        <button type="submit" class="primary" data-testid="save-finding" disabled={busy}>
          {busy ? 'Saving…' : `Save for ${records.length === 1 ? '1 record' : `${records.length} records`}`}
        </button>
      </form>
    </aside>
  );
}
