/**
 * Derived columns: columns a schema declares as computed from others (`{type: "derived"}` rules):
 * a category from a named derivation, such as ELN 2022 risk from cytogenetics and mutations, or a
 * copy of another number column on the rows meeting conditions (`copy-derivation.ts`), such as a
 * relapsed patient's relapse time, which is his RFS time. After sampling they are recomputed, so a
 * synthetic patient's risk group always agrees with its own genetics, and no patient relapses
 * after his relapse-free survival has ended.
 */
import { SchemaError } from '../core/errors.js';
import type { Rule, Schema } from '../data/schema.js';
import type { Column, Table } from '../data/table.js';
import { ELN2022_DERIVATION, ELN2022_INPUTS, ELN2022_LEVELS, eln2022Column } from './aml/eln2022.js';
import {
  type CopyRule,
  canCopy,
  copiedColumn,
  copyInputs,
  type DerivedRule,
  isCopyRule,
} from './copy-derivation.js';

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

/**
 * The table with every derived column recomputed from its inputs: named derivations first (their
 * inputs are flags, never derived), then copies, each after the copy it reads from. A copy whose
 * inputs the table lacks is left as it is (a generator's partial row); one whose column the table
 * lacks is added (generators do not model copied columns, see `copiedColumns`).
 */
export function applyDerivations(table: Table, schema: Schema): Table {
  let result = table;
  for (const rule of schema.rules) {
    if (rule.type !== 'derived' || isCopyRule(rule) || !table.has(rule.column)) continue;
    const derivation = derivationNamed(rule.derivation ?? '');
    result = result.withColumn(rule.column, recoded(derivation.derive(result), table.column(rule.column)));
  }
  for (const rule of copiesInOrder(schema.rules))
    if (canCopy(result, rule)) result = result.withColumn(rule.column, copiedColumn(result, rule));
  return result;
}

/** The columns a schema fills by copying: no generator models them, the pipeline copies them. */
export function copiedColumns(schema: Schema): Set<string> {
  return new Set(schema.rules.flatMap((r) => (isCopyRule(r) ? [r.column] : [])));
}

/** The columns a derived rule reads. */
export function derivedInputs(rule: DerivedRule): readonly string[] {
  if (isCopyRule(rule)) return copyInputs(rule);
  return DERIVATIONS.find((d) => d.name === rule.derivation)?.inputs ?? [];
}

/** Copy rules, each after the copies that fill the columns it reads (schema checks refuse cycles). */
function copiesInOrder(rules: readonly Rule[]): CopyRule[] {
  const pending = rules.filter(isCopyRule);
  const ordered: CopyRule[] = [];
  while (pending.length) {
    const filledLater = new Set(pending.map((r) => r.column));
    const next = pending.findIndex((r) => copyInputs(r).every((input) => !filledLater.has(input)));
    // A cycle (refused by the schema checks) is applied in schema order rather than looping.
    ordered.push(...pending.splice(next < 0 ? 0 : next, 1));
  }
  return ordered;
}

/** A derived code column re-expressed in the levels the table already uses for that column. */
function recoded(derived: Column, current: Column): Column {
  if (derived.type !== 'code' || current.type !== 'code') return derived;
  const map = derived.levels.map((level) => current.levels.indexOf(level));
  const codes = derived.codes.map((code) => (code < 0 ? -1 : map[code]));
  if (map.some((m) => m < 0)) return derived;
  return { type: 'code', codes, levels: current.levels };
}
