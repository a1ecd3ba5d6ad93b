/** Exact nearest neighbours under the Gower distance: encode once, build a box tree, query it. */
export { bruteForceKNearest } from './brute-force.js';
export { gowerDistance, rawGower } from './distance.js';
export type { EncodedRows, GowerEncoding, GowerSpace } from './encoding.js';
export { distanceColumns, encodeGower, takeRows } from './encoding.js';
export type { Neighbours } from './search.js';
export { kNearest } from './search.js';
export type { NeighbourIndex, TreeOptions } from './tree.js';
export { buildNeighbourIndex } from './tree.js';
