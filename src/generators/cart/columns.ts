/**
 * The stored column models compiled for sampling, checked on the way: trees only split on earlier
 * columns of the right type, and leaves hold as many classes as the column has.
 */
import { ModelError } from '../../core/errors.js';
import { PhEndpoint } from '../../survival/ph-endpoint.js';
import { CompiledTree } from './compiled-tree.js';
import type { CartParams, ClassLeaf, SplitNode, StatusColumnModel, ValueLeaf } from './params.js';

export interface CompiledCodeColumn {
  readonly type: 'code';
  readonly name: string;
  readonly levels: readonly string[];
  readonly tree: CompiledTree<ClassLeaf>;
}

export interface CompiledNumberColumn {
  readonly type: 'number';
  readonly name: string;
  readonly integer: boolean;
  readonly range: readonly [number, number] | null;
  /** Leaves count [observed, missing]. */
  readonly missing: CompiledTree<ClassLeaf>;
  readonly value: CompiledTree<ValueLeaf> | null;
}

/** A survival status drawn from its hazard models; stored as codes into `levels`, or as their numbers. */
export interface CompiledStatusColumn {
  readonly type: 'status';
  readonly name: string;
  readonly stored: 'code' | 'number';
  readonly levels: readonly string[];
  /** The number each status is stored as (number storage). */
  readonly values: Float64Array;
  /** Leaves count [observed, missing] of the (time, status) pair. */
  readonly missing: CompiledTree<ClassLeaf>;
  /** Visit positions 0..covariates−1 are its covariates. */
  readonly covariates: number;
  readonly hazards: PhEndpoint;
}

/** A survival time drawn given its status, by the status column's hazard models. */
export interface CompiledTimeColumn {
  readonly type: 'time';
  readonly name: string;
  readonly status: number;
  readonly integer: boolean;
}

export type CompiledColumn =
  | CompiledCodeColumn
  | CompiledNumberColumn
  | CompiledStatusColumn
  | CompiledTimeColumn;

/** Whether a column's synthetic values are codes or numbers. */
export function storage(column: CompiledColumn): 'code' | 'number' {
  if (column.type === 'status') return column.stored;
  return column.type === 'code' ? 'code' : 'number';
}

const isClassLeaf = (node: SplitNode | ClassLeaf): node is ClassLeaf => 'counts' in node;
const isValueLeaf = (node: SplitNode | ValueLeaf): node is ValueLeaf => 'values' in node;

export function compileColumns(params: CartParams): CompiledColumn[] {
  const before: Array<'code' | 'number'> = [];
  const compiledColumns: CompiledColumn[] = [];
  for (const column of params.columns) {
    let compiled: CompiledColumn;
    if (column.type === 'status') compiled = compileStatus(column, before);
    else if (column.type === 'time') {
      const status = compiledColumns[column.status];
      if (
        status?.type !== 'status' ||
        (params.columns[column.status] as StatusColumnModel).time !== column.name
      )
        throw new ModelError(
          { column: column.name },
          'a survival time must refer to an earlier status column',
        );
      compiled = column;
    } else if (column.type === 'code') {
      compiled = { ...column, tree: new CompiledTree(column.tree.nodes, before, isClassLeaf) };
      checkClassLeaves(compiled.tree, column.levels.length + 1, column.name);
    } else {
      const missing = new CompiledTree(column.missing.nodes, before, isClassLeaf);
      checkClassLeaves(missing, 2, column.name);
      const value = column.value ? new CompiledTree(column.value.nodes, before, isValueLeaf) : null;
      if (value && !column.range) throw new ModelError({ column: column.name }, 'a value tree needs a range');
      compiled = { ...column, missing, value };
    }
    before.push(storage(compiled));
    compiledColumns.push(compiled);
  }
  return compiledColumns;
}

function compileStatus(
  column: StatusColumnModel,
  before: ReadonlyArray<'code' | 'number'>,
): CompiledStatusColumn {
  const missing = new CompiledTree(column.missing.nodes, before, isClassLeaf);
  checkClassLeaves(missing, 2, column.name);
  const values = Float64Array.from(column.levels, Number);
  if (column.stored === 'number' && values.some((v) => !Number.isFinite(v)))
    throw new ModelError({ column: column.name }, 'a status stored as numbers needs numeric levels');
  if (column.covariates > before.length || column.hazards.causes.length !== column.levels.length)
    throw new ModelError(
      { column: column.name },
      'the hazard models need one status per level and only earlier columns as covariates',
    );
  try {
    const hazards = new PhEndpoint(column.hazards, before.slice(0, column.covariates));
    return { ...column, values, missing, hazards };
  } catch (error) {
    throw new ModelError({ column: column.name }, `invalid hazard models: ${(error as Error).message}`);
  }
}

function checkClassLeaves(tree: CompiledTree<ClassLeaf>, classes: number, column: string): void {
  for (const leaf of tree.leaves) {
    if (leaf.counts.length !== classes || !leaf.counts.some((c) => c > 0))
      throw new ModelError({ column }, `a leaf must count ${classes} classes, not all zero`);
  }
}
