/**
 * A Table as attribute codes over a domain, and codes back to a Table. Encoding runs where the data
 * lives (it is the first step of measuring); decoding runs on sampled codes, drawing each binned
 * value uniformly within its bin (a generator may refine that draw, e.g. survival times given the
 * event).
 */
import { DataError } from '../../core/errors.js';
import type { Rng } from '../../core/rng.js';
import { type Column, codeColumn, MISSING_CODE, numberColumn, Table } from '../../data/table.js';
import { binOf, valueInBin } from './bins.js';
import type { Attribute, BinnedAttribute, CategoricalAttribute, Domain } from './domain.js';

/** One code column per attribute of the domain, in domain order; state `size − 1` is missing for nullable attributes. */
export interface EncodedTable {
  readonly domain: Domain;
  readonly nRows: number;
  readonly codes: readonly Int32Array[];
}

export function encodeTable(table: Table, domain: Domain): EncodedTable {
  const codes = domain.attributes.map((attribute) => {
    if (!table.has(attribute.name))
      throw new DataError(
        { column: attribute.name },
        'the schema declares this column but the data lacks it',
      );
    const column = table.column(attribute.name);
    return attribute.type === 'categorical'
      ? encodeCategories(attribute, column)
      : encodeBins(attribute, column);
  });
  return { domain, nRows: table.nRows, codes };
}

function missingState(attribute: Attribute, row: number): number {
  if (!attribute.missing)
    throw new DataError(
      { column: attribute.name, row: row + 1 },
      'a missing value in a column the schema declares not nullable',
    );
  return attribute.size - 1;
}

function encodeCategories(attribute: CategoricalAttribute, column: Column): Int32Array {
  if (column.type !== 'code')
    throw new DataError(
      { column: attribute.name },
      `holds numbers, but the schema declares it ${attribute.kind}`,
    );
  // A boolean's code 1 is true whatever its labels; a category is matched by its text.
  const map =
    attribute.kind === 'boolean'
      ? [0, 1]
      : column.levels.map((level) => {
          const at = attribute.levels.indexOf(level);
          if (at < 0)
            throw new DataError(
              { column: attribute.name },
              `'${level}' is not one of the declared categories (${attribute.levels.join(', ')})`,
            );
          return at;
        });
  const out = new Int32Array(column.codes.length);
  for (let i = 0; i < out.length; i++) {
    const code = column.codes[i];
    out[i] = code === MISSING_CODE ? missingState(attribute, i) : map[code];
  }
  return out;
}

function encodeBins(attribute: BinnedAttribute, column: Column): Int32Array {
  if (column.type !== 'number')
    throw new DataError(
      { column: attribute.name },
      `holds categories, but the schema declares it ${attribute.kind}`,
    );
  const out = new Int32Array(column.values.length);
  for (let i = 0; i < out.length; i++) {
    const value = column.values[i];
    out[i] = Number.isNaN(value) ? missingState(attribute, i) : binOf(value, attribute.bins);
  }
  return out;
}

/** Codes back to a Table: categories as declared, binned values drawn uniformly within their bin. */
export function decodeCodes(codes: readonly Int32Array[], domain: Domain, rng: Rng): Table {
  return new Table(
    domain.attributes.map((attribute, j): [string, Column] => [
      attribute.name,
      attribute.type === 'categorical'
        ? decodeCategories(attribute, codes[j])
        : decodeBins(attribute, codes[j], rng.split(attribute.name)),
    ]),
  );
}

function decodeCategories(attribute: CategoricalAttribute, codes: Int32Array): Column {
  const missing = attribute.missing ? attribute.size - 1 : -2;
  return codeColumn(
    codes.map((c) => (c === missing ? MISSING_CODE : c)),
    attribute.levels,
  );
}

function decodeBins(attribute: BinnedAttribute, codes: Int32Array, rng: Rng): Column {
  const missing = attribute.missing ? attribute.size - 1 : -2;
  const values = new Float64Array(codes.length);
  for (let i = 0; i < codes.length; i++)
    values[i] = codes[i] === missing ? Number.NaN : valueInBin(codes[i], attribute.bins, rng.uniform());
  return numberColumn(values);
}
