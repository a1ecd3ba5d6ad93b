/**
 * The stored column models compiled for sampling, checked on the way: trees only split on earlier
 * columns of the right type, and leaves hold as many classes as the column has.
 */
import { ModelError } from '../../core/errors.js';
import { CompiledTree } from './compiled-tree.js';
import type { CartParams, ClassLeaf, SplitNode, ValueLeaf } from './params.js';

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

export type CompiledColumn = CompiledCodeColumn | CompiledNumberColumn;

const isClassLeaf = (node: SplitNode | ClassLeaf): node is ClassLeaf => 'counts' in node;
const isValueLeaf = (node: SplitNode | ValueLeaf): node is ValueLeaf => 'values' in node;

export function compileColumns(params: CartParams): CompiledColumn[] {
  const before: Array<'code' | 'number'> = [];
  return params.columns.map((column) => {
    let compiled: CompiledColumn;
    if (column.type === 'code') {
      compiled = { ...column, tree: new CompiledTree(column.tree.nodes, before, isClassLeaf) };
      checkClassLeaves(compiled.tree, column.levels.length + 1, column.name);
    } else {
      const missing = new CompiledTree(column.missing.nodes, before, isClassLeaf);
      checkClassLeaves(missing, 2, column.name);
      const value = column.value ? new CompiledTree(column.value.nodes, before, isValueLeaf) : null;
      if (value && !column.range) throw new ModelError({ column: column.name }, 'a value tree needs a range');
      compiled = { ...column, missing, value };
    }
    before.push(column.type);
    return compiled;
  });
}

function checkClassLeaves(tree: CompiledTree<ClassLeaf>, classes: number, column: string): void {
  for (const leaf of tree.leaves) {
    if (leaf.counts.length !== classes || !leaf.counts.some((c) => c > 0))
      throw new ModelError({ column }, `a leaf must count ${classes} classes, not all zero`);
  }
}
