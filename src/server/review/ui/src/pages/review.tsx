/**
 * Step 3: the synthetic records. Everything arrives once (GET /records, /findings, /issue-types);
 * columns become typed arrays, and every filter or sort afterwards runs in the browser.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api } from '../api.js';
import type { PageProps } from '../app.js';
import { useAnnounce } from '../components/announce.js';
import { FindingPanel } from '../components/finding-panel.js';
import { RecordFilters } from '../components/record-filters.js';
import { RecordTable, type SortState } from '../components/record-table.js';
import { ErrorNote, Loading } from '../components/status.js';
import { useLoad } from '../components/use-load.js';
import {
  filterRecords,
  indexRecords,
  NOT_REALISTIC,
  PENDING,
  REALISTIC,
  type RecordFilter,
  type RecordIndex,
  rangeOf,
  sortOrder,
} from '../filter.js';
import { navigate } from '../router.js';
import type { Finding, IssueType, Records, ReviewStatus } from '../types.js';

/** "Select all filtered" stops here: one verdict on more records than this is rarely a review. */
const SELECT_ALL_CAP = 500;

export function Review(props: PageProps) {
  const { cohort } = props;
  const loaded = useLoad(
    () => Promise.all([api.records(cohort.id), api.findings(cohort.id), api.issueTypes()]),
    cohort.id,
  );
  return (
    <section data-testid="step-review" aria-labelledby="review-title">
      <h1 id="review-title" tabIndex={-1}>
        <span class="step-kicker">Step 3</span> Review synthetic records
      </h1>
      {loaded.error && <ErrorNote message={loaded.error} />}
      {!loaded.data && !loaded.error && <Loading what="the records" />}
      {loaded.data && (
        <ReviewWorkspace
          {...props}
          records={loaded.data[0]}
          findings={loaded.data[1].findings}
          issueTypes={loaded.data[2].issueTypes}
        />
      )}
    </section>
  );
}

function ownStatuses(rows: number, findings: Finding[], reviewer: string): Uint8Array {
  const statuses = new Uint8Array(rows);
  const latest = new Map<number, string>();
  for (const f of findings) {
    if (f.reviewer !== reviewer || f.record >= rows) continue;
    const seen = latest.get(f.record);
    if (seen !== undefined && seen > f.at) continue;
    latest.set(f.record, f.at);
    statuses[f.record] = f.status === 'realistic' ? REALISTIC : NOT_REALISTIC;
  }
  return statuses;
}

function ReviewWorkspace(
  props: PageProps & { records: Records; findings: Finding[]; issueTypes: IssueType[] },
) {
  const { cohort, records, session, route } = props;
  const announce = useAnnounce();
  const index: RecordIndex = useMemo(
    () =>
      indexRecords(
        records.columns.map((c) => c.name),
        records.rows,
        records.columns.map((c) => c.categories !== undefined || records.subgroups.includes(c.name)),
      ),
    [records],
  );
  const [statuses, setStatuses] = useState(() =>
    ownStatuses(records.rows.length, props.findings, session.user.name),
  );
  const [sort, setSort] = useState<SortState>({ column: null, descending: false });
  const [filter, setFilter] = useState<RecordFilter>({ status: 'all', subgroup: null, value: null });
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const [focusSignal, setFocusSignal] = useState(0);
  const [reveal, setReveal] = useState<number | null>(null);
  const anchor = useRef<number | null>(null);
  const buffer = useRef<Uint32Array | undefined>(undefined);

  const order = useMemo(() => sortOrder(index, sort.column, sort.descending), [index, sort]);
  const { visible, filterMs } = useMemo(() => {
    const started = performance.now();
    const visible = filterRecords(index, statuses, order, filter, buffer.current);
    buffer.current = new Uint32Array(visible.buffer);
    return { visible, filterMs: performance.now() - started };
  }, [index, statuses, order, filter]);

  // A record named in the address (a link from a rule proposal) opens selected and scrolled to.
  useEffect(() => {
    const record = route.record;
    if (record === null || record >= index.rows) return;
    let position = visible.indexOf(record);
    if (position < 0) {
      setFilter({ status: 'all', subgroup: null, value: null });
      position = order.indexOf(record);
    }
    setSelected(new Set([record]));
    setReveal(position);
  }, [route.record]);

  const toggle = (record: number, position: number, range: boolean): void => {
    const next = new Set(selected);
    if (range && anchor.current !== null) {
      for (const r of rangeOf(visible, anchor.current, position)) next.add(r);
    } else if (next.has(record)) next.delete(record);
    else next.add(record);
    anchor.current = position;
    setSelected(next);
  };

  const open = (record: number): void => {
    setSelected(new Set([record]));
    anchor.current = visible.indexOf(record);
    // The panel's first control takes focus, so a keyboard user lands on the verdict.
    requestAnimationFrame(() =>
      document.querySelector<HTMLElement>('[data-testid="mark-realistic"]')?.focus(),
    );
  };

  const selectAllFiltered = (): void => {
    const count = Math.min(SELECT_ALL_CAP, visible.length);
    setSelected(new Set(visible.subarray(0, count)));
    announce(
      visible.length > SELECT_ALL_CAP
        ? `Selected the first ${SELECT_ALL_CAP} of ${visible.length} filtered records.`
        : `Selected ${count} records.`,
    );
  };

  const saved = (done: number[], status: ReviewStatus): void => {
    const next = statuses.slice();
    for (const r of done) next[r] = status === 'realistic' ? REALISTIC : NOT_REALISTIC;
    setStatuses(next);
    setSelected(new Set());
    setFocusSignal((n) => n + 1);
    const noun = done.length === 1 ? 'record' : 'records';
    announce(`Saved ${done.length} ${noun} as ${status === 'realistic' ? 'realistic' : 'not realistic'}.`);
    if (route.record !== null) navigate({ cohort: cohort.id, page: 'review' });
    void props.refreshCohorts();
  };

  let pending = 0;
  for (let r = 0; r < statuses.length; r++) if (statuses[r] === PENDING) pending++;
  const selectedList = [...selected].sort((a, b) => a - b);

  return (
    <>
      <p class="lead">
        Judge each synthetic patient as a clinician would: could this be a real patient? You have reviewed{' '}
        <strong>{(index.rows - pending).toLocaleString('en')}</strong> of {index.rows.toLocaleString('en')}{' '}
        records.
      </p>
      <RecordFilters
        index={index}
        columns={records.columns}
        subgroups={records.subgroups}
        filter={filter}
        onChange={setFilter}
      />
      <div class="table-bar">
        <p class="muted small" aria-live="polite">
          {visible.length.toLocaleString('en')} of {index.rows.toLocaleString('en')} records (
          {filterMs.toFixed(1)} ms)
        </p>
        <div class="actions">
          <button type="button" onClick={selectAllFiltered} disabled={visible.length === 0}>
            Select all filtered{visible.length > SELECT_ALL_CAP ? ` (first ${SELECT_ALL_CAP})` : ''}
          </button>
          <button
            type="button"
            class="quiet"
            onClick={() => setSelected(new Set())}
            disabled={selected.size === 0}
          >
            Clear selection ({selected.size})
          </button>
        </div>
      </div>
      <div class="review-layout">
        <RecordTable
          index={index}
          columns={records.columns}
          visible={visible}
          statuses={statuses}
          selected={selected}
          filterMs={filterMs}
          sort={sort}
          onSort={(column) =>
            setSort((s) =>
              s.column === column ? { column, descending: !s.descending } : { column, descending: false },
            )
          }
          onToggle={toggle}
          onOpen={open}
          focusSignal={focusSignal}
          reveal={reveal}
        />
        <FindingPanel
          cohortId={cohort.id}
          records={selectedList}
          index={index}
          columns={records.columns}
          statuses={statuses}
          issueTypes={props.issueTypes}
          onSaved={saved}
          onClear={() => setSelected(new Set())}
        />
      </div>
    </>
  );
}
