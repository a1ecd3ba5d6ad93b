import { useId } from 'preact/hooks';
import { formatNumber } from '../filter.js';
import type { Overview } from '../types.js';
import { Card } from './status.js';

type Summary = NonNullable<Overview['realData']>;

/** The real data as aggregates: per column missingness, mean ± sd and a small bar chart of the cells. */
export function RealDataCard({ summary }: { summary: Summary }) {
  return (
    <Card title="The real data behind it">
      <p>
        About <strong>{summary.patients.toLocaleString('en')}</strong> patients
        {summary.centres !== null && <> from {summary.centres} centres</>}. Counts are rounded to 5; a count
        below {summary.minCell} is hidden, and so is the next smallest count of its column until what is
        hidden cannot be worked out from the rest (shown as “hidden”), so that no small group of patients can
        be recognised.
      </p>
      <div class="column-grid">
        {summary.columns.map((c) => (
          <ColumnSummary key={c.name} column={c} />
        ))}
      </div>
    </Card>
  );
}

function ColumnSummary({ column }: { column: Summary['columns'][number] }) {
  const max = Math.max(1, ...column.cells.map((c) => c.count ?? 0));
  const chartId = useId();
  return (
    <article class="column-summary" aria-labelledby={`${chartId}-title`}>
      <h3 id={`${chartId}-title`}>
        {column.name} <span class="muted small">{column.kind}</span>
      </h3>
      <p class="small">
        Missing: {column.missingPercent === null ? 'not recorded' : `${column.missingPercent}%`}
        {column.mean !== null && (
          <>
            {' '}
            · mean {formatNumber(column.mean)}
            {column.sd !== null && <> ± {formatNumber(column.sd)} (sd)</>}
          </>
        )}
      </p>
      {column.cells.length > 0 && (
        <table class="bars">
          <caption class="visually-hidden">Counts of {column.name}</caption>
          <tbody>
            {column.cells.map((cell) => (
              <tr key={cell.label}>
                <th scope="row">{cell.label}</th>
                <td class="bar-cell">
                  {cell.count === null ? (
                    <span class="bar bar-suppressed" />
                  ) : (
                    <span class="bar" style={{ width: `${(cell.count / max) * 100}%` }} />
                  )}
                </td>
                <td class="num">{cell.count === null ? 'hidden' : cell.count.toLocaleString('en')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </article>
  );
}
