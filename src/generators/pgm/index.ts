/**
 * The estimating side of the boundary: a graphical model fitted to marginal measurements alone
 * (Private-PGM's mirror descent on a junction tree), its marginals, and forward sampling from it.
 * See docs/generators/measurements.md.
 */
export { type CompiledTree, calibrate, compileTree } from './belief-propagation.js';
export type { Clique } from './cells.js';
export type { StepRule } from './descent.js';
export { type Estimate, type EstimateOptions, estimate, potentialCliques } from './estimate.js';
export { type JunctionTree, junctionTree, junctionTreeCells } from './junction-tree.js';
export { cliqueOf, type GraphicalModel, graphicalModel, modelMarginal, sizesOf } from './model.js';
export { ModelParams, modelFromParams, paramsOf } from './params.js';
export { marginalOver } from './query-marginal.js';
export { sampleCodes } from './sample.js';
export { estimateTotal } from './total.js';
