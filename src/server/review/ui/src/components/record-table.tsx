/**
 * The virtualised record table: a real <table> (aria-rowcount / aria-rowindex give the full size) whose
 * body renders only the rows in view plus an overscan, between two spacer rows of the right height,
 * so 10,000 records scroll as smoothly as 20. Rows use a roving tabindex: ↑/↓ (PageUp/PageDown,
 * Home/End) move, Space toggles the selection, Enter opens the record.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { cellText, NOT_REALISTIC, REALISTIC, type RecordIndex } from '../filter.js';
import type { RecordColumn } from '../types.js';

export const ROW_HEIGHT = 36;
const OVERSCAN = 8;
/** Fixed column widths (table-layout: fixed): columns do not jump as different rows scroll into view. */
const DATA_WIDTH_REM = 9;
const FIXED_WIDTH_REM = 2.6 + 4.5 + 9;

export interface SortState {
  column: number | null;
  descending: boolean;
}

export interface RecordTableProps {
  index: RecordIndex;
  columns: RecordColumn[];
  visible: Uint32Array;
  statuses: Uint8Array;
  selected: ReadonlySet<number>;
  filterMs: number;
  sort: SortState;
  onSort: (column: number) => void;
  /** Toggle one record; with `range`, select every row from the last toggled one to this one. */
  onToggle: (record: number, position: number, range: boolean) => void;
  onOpen: (record: number) => void;
  /** Changing this number moves focus back into the table (after a save). */
  focusSignal: number;
  /** A position to bring into view and make active (a record opened from a link). */
  reveal: number | null;
}

export function RecordTable(props: RecordTableProps) {
  const { index, columns, visible, statuses, selected, sort } = props;
  const viewport = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(560);
  const [active, setActiveState] = useState(0);
  // Key presses can outrun rendering (key repeat): they move from the latest position, not the last painted.
  const activeRef = useRef(0);
  const setActive = (position: number): void => {
    activeRef.current = position;
    setActiveState(position);
  };
  const [focusWanted, setFocusWanted] = useState(0);
  const frame = useRef(0);

  useLayoutEffect(() => {
    const el = viewport.current;
    if (!el) return;
    setHeight(el.clientHeight);
    const observer = new ResizeObserver(() => setHeight(el.clientHeight));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // A new filter result keeps the active row within it.
  useEffect(() => {
    if (active >= visible.length) setActive(Math.max(0, visible.length - 1));
  }, [visible, active]);

  const bringIntoView = (position: number): void => {
    const el = viewport.current;
    if (!el) return;
    const header = el.querySelector('thead')?.getBoundingClientRect().height ?? ROW_HEIGHT;
    const top = position * ROW_HEIGHT;
    const room = el.clientHeight - header;
    let next = el.scrollTop;
    if (top < next) next = top;
    else if (top + ROW_HEIGHT > next + room) next = top + ROW_HEIGHT - room;
    if (next !== el.scrollTop) {
      el.scrollTop = next;
      setScrollTop(next);
    }
  };

  const moveTo = (position: number): void => {
    const clamped = Math.max(0, Math.min(visible.length - 1, position));
    setActive(clamped);
    bringIntoView(clamped);
    setFocusWanted((n) => n + 1);
  };

  useLayoutEffect(() => {
    if (focusWanted === 0) return;
    viewport.current?.querySelector<HTMLElement>(`tr[data-pos="${active}"]`)?.focus({ preventScroll: true });
  }, [focusWanted]);

  useEffect(() => {
    if (props.focusSignal > 0) moveTo(active);
  }, [props.focusSignal]);

  useEffect(() => {
    if (props.reveal === null) return;
    setActive(props.reveal);
    bringIntoView(props.reveal);
  }, [props.reveal]);

  const onScroll = (): void => {
    if (frame.current) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = 0;
      if (viewport.current) setScrollTop(viewport.current.scrollTop);
    });
  };

  const onKeyDown = (event: KeyboardEvent): void => {
    const row = (event.target as HTMLElement).closest<HTMLElement>('tr[data-pos]');
    if (!row) return;
    const position = activeRef.current;
    const onCheckbox = (event.target as HTMLElement).tagName === 'INPUT';
    const page = Math.max(1, Math.floor(height / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = {
      ArrowDown: position + 1,
      ArrowUp: position - 1,
      PageDown: position + page,
      PageUp: position - page,
      Home: 0,
      End: visible.length - 1,
    };
    if (event.key in moves) {
      event.preventDefault();
      moveTo(moves[event.key]);
    } else if (event.key === ' ' && !onCheckbox) {
      event.preventDefault();
      props.onToggle(visible[position], position, event.shiftKey);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      props.onOpen(visible[position]);
    }
  };

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(visible.length, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
  const rows = [];
  for (let position = first; position < last; position++) {
    const record = visible[position];
    const status = statuses[record];
    const isSelected = selected.has(record);
    rows.push(
      <tr
        key={record}
        data-testid="record-row"
        data-record={record}
        data-pos={position}
        aria-rowindex={position + 2}
        tabIndex={position === active ? 0 : -1}
        class={isSelected ? 'record selected' : 'record'}
        onFocus={() => setActive(position)}
        onClick={(e) => {
          if ((e.target as HTMLElement).tagName === 'INPUT') return;
          if (e.shiftKey || e.ctrlKey || e.metaKey) props.onToggle(record, position, e.shiftKey);
          else props.onOpen(record);
        }}
      >
        <td class="check">
          <input
            type="checkbox"
            tabIndex={-1}
            checked={isSelected}
            aria-label={`Select record ${record}`}
            onClick={(e) => {
              setActive(position);
              props.onToggle(record, position, e.shiftKey);
            }}
          />
        </td>
        <td class="num record-id">{record}</td>
        <td class="status-cell">
          <StatusMark status={status} />
        </td>
        {columns.map((_, c) => (
          <td key={c}>{cellText(index.columns[c], record)}</td>
        ))}
      </tr>,
    );
  }

  const ariaSort = (c: number): 'ascending' | 'descending' | undefined =>
    sort.column === c ? (sort.descending ? 'descending' : 'ascending') : undefined;

  return (
    <div
      class="table-viewport"
      ref={viewport}
      data-testid="record-table"
      data-filter-ms={props.filterMs.toFixed(2)}
      data-visible-count={visible.length}
      onScroll={onScroll}
    >
      <table
        class="records"
        style={{ width: `${columns.length * DATA_WIDTH_REM + FIXED_WIDTH_REM}rem` }}
        aria-label="Synthetic records"
        aria-rowcount={visible.length + 1}
        aria-colcount={columns.length + 3}
        onKeyDown={onKeyDown}
      >
        <thead>
          <tr aria-rowindex={1}>
            <th scope="col" class="check">
              <span class="visually-hidden">Selected</span>
            </th>
            <th scope="col" class="num record-id">
              #
            </th>
            <th scope="col" class="status-cell">
              Your status
            </th>
            {columns.map((col, c) => (
              <th key={col.name} scope="col" aria-sort={ariaSort(c)}>
                <button
                  type="button"
                  class="sort"
                  onClick={() => props.onSort(c)}
                  title={`${col.kind}, ${col.role}`}
                >
                  {col.name}
                  <span aria-hidden="true" class="sort-mark">
                    {sort.column === c ? (sort.descending ? '▼' : '▲') : '↕'}
                  </span>
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {first > 0 && <Spacer rows={first} span={columns.length + 3} />}
          {rows}
          {last < visible.length && <Spacer rows={visible.length - last} span={columns.length + 3} />}
        </tbody>
      </table>
      {visible.length === 0 && <p class="empty">No record matches these filters.</p>}
    </div>
  );
}

/** Stands in for the rows not rendered, so the scrollbar and scroll position match the full list. */
function Spacer({ rows, span }: { rows: number; span: number }) {
  return (
    // biome-ignore lint/a11y/noAriaHiddenOnFocusable: an empty spacer row has nothing to focus or read
    <tr aria-hidden="true" class="spacer" style={{ height: `${rows * ROW_HEIGHT}px` }}>
      <td colSpan={span} />
    </tr>
  );
}

export function StatusMark({ status }: { status: number }) {
  if (status === REALISTIC) return <span class="badge badge-good">✓ realistic</span>;
  if (status === NOT_REALISTIC) return <span class="badge badge-bad">✗ not realistic</span>;
  return <span class="badge badge-neutral">pending</span>;
}
