/**
 * synthcohort as a library (package.json `main`): the steps of the command line, without printing.
 * Each concern's own `index.ts` is its public API; this file gathers them.
 */
export * from './core/errors.js';
export { Rng } from './core/rng.js';
export * from './data/index.js';
export type { FittedModel, Generator } from './generators/generator.js';
export { loadModel } from './generators/load.js';
export { fitModel, type Model, modelFileOf, type SampleReport, sampleModel } from './generators/pipeline.js';
export { GENERATORS, generatorNamed } from './generators/registry.js';
export { renderReportHtml } from './report/html.js';
export * from './simulate/index.js';
export * from './survival/index.js';
export * from './validate/index.js';
