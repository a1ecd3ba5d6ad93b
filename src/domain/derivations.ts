/**
 * Derived columns: columns a schema declares as computed from others (`{type: "derived"}` rules),
 * such as ELN 2022 risk from cytogenetics and mutations. After sampling they are recomputed, so a
 * synthetic patient's risk group always agrees with its own genetics.
 */
import { SchemaError } from '../core/errors.js';
import type { Schema } from '../data/schema.js';
import type { Column, Table } from '../data/table.js';
import { ELN2022_DERIVATION, ELN2022_INPUTS, ELN2022_LEVELS, eln2022Column } from './aml/eln2022.js';

/** What a schema check needs to know of a derivation: what it reads and what it yields. */
export interface DerivationSignature {
  readonly name: string;
  /** The columns the derivation reads; a schema that uses it must declare them. */
  readonly inputs: readonly string[];
  /** The kind every input must be declared with (the derivation reads code 1 as "present"). */
  readonly inputKind: 'boolean';
  /** The categories of the column it fills. */
  readonly levels: readonly string[];
}

export interface Derivation extends DerivationSignature {
  derive(table: Table): Column;
}

export const DERIVATIONS: readonly Derivation[] = [
  {
    name: ELN2022_DERIVATION,
    inputs: ELN2022_INPUTS,
    inputKind: 'boolean',
    levels: ELN2022_LEVELS,
    derive: eln2022Column,
  },
];

function derivationNamed(name: string): Derivation {
  const derivation = DERIVATIONS.find((d) => d.name === name);
  if (!derivation)
    throw new SchemaError(
      {},
      `unknown derivation '${name}'; known: ${DERIVATIONS.map((d) => d.name).join(', ')}`,
    );
  return derivation;
}

/** The table with every derived column recomputed from its inputs. */
export function applyDerivations(table: Table, schema: Schema): Table {
  let result = table;
  for (const rule of schema.rules) {
    if (rule.type !== 'derived' || !table.has(rule.column)) continue;
    const derivation = derivationNamed(rule.derivation);
    result = result.withColumn(rule.column, recoded(derivation.derive(result), table.column(rule.column)));
  }
  return result;
}

/** A derived code column re-expressed in the levels the table already uses for that column. */
function recoded(derived: Column, current: Column): Column {
  if (derived.type !== 'code' || current.type !== 'code') return derived;
  const map = derived.levels.map((level) => current.levels.indexOf(level));
  const codes = derived.codes.map((code) => (code < 0 ? -1 : map[code]));
  if (map.some((m) => m < 0)) return derived;
  return { type: 'code', codes, levels: current.levels };
}
