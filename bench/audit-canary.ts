/**
 * The canary of the membership audit: one patient chosen to stand out from the audited table D,
 * and the neighbouring table D′ = D ∪ {canary}. Each attribute takes its rarest state in D (an
 * empty bin or category when there is one), so that every marginal's canary cell is one D barely
 * fills and the +1 the canary adds is the signal. Any row of the declared domain is a neighbour the
 * guarantee covers (docs/privacy/guarantees.md), so the canary need not be a plausible patient.
 */
import { Rng } from '../src/core/rng.js';
import { type Column, codeColumn, MISSING_CODE, numberColumn, Table } from '../src/data/table.js';
import type { Domain } from '../src/generators/measure/domain.js';
import { decodeCodes, type EncodedTable } from '../src/generators/measure/encode.js';

/** Per attribute of the domain, the state the canary takes: the one with the fewest rows of D (the first on ties). */
export function rarestStates(encoded: EncodedTable): Int32Array {
  return Int32Array.from(encoded.domain.attributes, (attribute, j) => {
    const counts = new Float64Array(attribute.size);
    for (const code of encoded.codes[j]) counts[code]++;
    let best = 0;
    for (let s = 1; s < counts.length; s++) if (counts[s] < counts[best]) best = s;
    return best;
  });
}

/**
 * D's modelled columns with the canary appended as the last row. A binned state becomes a value
 * `decodeCodes` draws within the bin (every value in it encodes to that state); a category keeps its
 * declared label, added to the column's levels when D never used it; a boolean keeps its code.
 */
export function withCanary(table: Table, domain: Domain, states: Int32Array): Table {
  const canary = decodeCodes(
    Array.from(states, (s) => Int32Array.of(s)),
    domain,
    Rng.from('audit/canary'),
  );
  return new Table(
    domain.attributes.map((attribute): [string, Column] => {
      const column = table.column(attribute.name);
      const added = canary.column(attribute.name);
      if (column.type === 'number' && added.type === 'number')
        return [attribute.name, numberColumn([...column.values, added.values[0]])];
      if (column.type === 'code' && added.type === 'code') {
        const code = added.codes[0];
        if (code === MISSING_CODE || (attribute.type === 'categorical' && attribute.kind === 'boolean'))
          return [attribute.name, codeColumn([...column.codes, code], column.levels)];
        const label = added.levels[code];
        const at = column.levels.indexOf(label);
        const levels = at >= 0 ? column.levels : [...column.levels, label];
        return [attribute.name, codeColumn([...column.codes, at >= 0 ? at : levels.length - 1], levels)];
      }
      throw new RangeError(`column '${attribute.name}' does not have the type its attribute declares`);
    }),
  );
}
