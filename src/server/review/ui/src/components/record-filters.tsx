import { labelsOf, type RecordFilter, type RecordIndex, type StatusFilter } from '../filter.js';
import type { RecordColumn } from '../types.js';

/** The filter bar: the reviewer's own status, a subgroup, and one column's values. */
export function RecordFilters(props: {
  index: RecordIndex;
  columns: RecordColumn[];
  subgroups: string[];
  filter: RecordFilter;
  onChange: (filter: RecordFilter) => void;
}) {
  const { index, columns, subgroups, filter, onChange } = props;
  const subgroupColumn = filter.subgroup ? filter.subgroup.column : -1;
  const value = filter.value ?? null;
  const valueColumn = value ? index.columns[value.column] : null;
  const numberOrNull = (s: string): number | null =>
    s.trim() === '' || Number.isNaN(Number(s)) ? null : Number(s);

  return (
    <fieldset class="filters">
      <legend class="visually-hidden">Filter the records</legend>
      <div class="field">
        <label for="status-filter">Your review status</label>
        <select
          id="status-filter"
          data-testid="status-filter"
          value={filter.status}
          onChange={(e) => onChange({ ...filter, status: e.currentTarget.value as StatusFilter })}
        >
          <option value="all">All records</option>
          <option value="pending">Pending</option>
          <option value="realistic">Realistic</option>
          <option value="not-realistic">Not realistic</option>
        </select>
      </div>

      {subgroups.length > 0 && (
        <div class="field-group">
          <div class="field">
            <label for="subgroup-column">Subgroup</label>
            <select
              id="subgroup-column"
              value={String(subgroupColumn)}
              onChange={(e) => {
                const column = Number(e.currentTarget.value);
                const first = column >= 0 ? labelsOf(index, column)[0] : undefined;
                onChange({ ...filter, subgroup: first === undefined ? null : { column, label: first } });
              }}
            >
              <option value="-1">All patients</option>
              {subgroups.map((name) => {
                const c = columns.findIndex((col) => col.name === name);
                return c < 0 ? null : (
                  <option key={name} value={String(c)}>
                    {name}
                  </option>
                );
              })}
            </select>
          </div>
          {filter.subgroup && (
            <div class="field">
              <label for="subgroup-value">{columns[filter.subgroup.column].name} is</label>
              <select
                id="subgroup-value"
                value={filter.subgroup.label}
                onChange={(e) =>
                  onChange({ ...filter, subgroup: { column: subgroupColumn, label: e.currentTarget.value } })
                }
              >
                {labelsOf(index, subgroupColumn).map((label) => (
                  <option key={label} value={label}>
                    {label}
                  </option>
                ))}
              </select>
            </div>
          )}
        </div>
      )}

      <div class="field-group">
        <div class="field">
          <label for="value-column">Column</label>
          <select
            id="value-column"
            value={value ? String(value.column) : '-1'}
            onChange={(e) => {
              const column = Number(e.currentTarget.value);
              onChange({ ...filter, value: column < 0 ? null : { column, text: '', min: null, max: null } });
            }}
          >
            <option value="-1">Any column</option>
            {columns.map((col, c) => (
              <option key={col.name} value={String(c)}>
                {col.name}
              </option>
            ))}
          </select>
        </div>
        {value && valueColumn?.type === 'number' && (
          <>
            <div class="field narrow">
              <label for="value-min">Min</label>
              <input
                id="value-min"
                type="number"
                inputMode="decimal"
                value={value.min ?? ''}
                onInput={(e) =>
                  onChange({ ...filter, value: { ...value, min: numberOrNull(e.currentTarget.value) } })
                }
              />
            </div>
            <div class="field narrow">
              <label for="value-max">Max</label>
              <input
                id="value-max"
                type="number"
                inputMode="decimal"
                value={value.max ?? ''}
                onInput={(e) =>
                  onChange({ ...filter, value: { ...value, max: numberOrNull(e.currentTarget.value) } })
                }
              />
            </div>
          </>
        )}
        {value && valueColumn?.type === 'label' && (
          <div class="field">
            <label for="value-text">Contains</label>
            <input
              id="value-text"
              type="search"
              value={value.text ?? ''}
              onInput={(e) => onChange({ ...filter, value: { ...value, text: e.currentTarget.value } })}
            />
          </div>
        )}
      </div>
      <div class="field field-button">
        <button
          type="button"
          class="quiet"
          onClick={() => onChange({ status: 'all', subgroup: null, value: null })}
          disabled={filter.status === 'all' && !filter.subgroup && !filter.value}
        >
          Clear filters
        </button>
      </div>
    </fieldset>
  );
}
