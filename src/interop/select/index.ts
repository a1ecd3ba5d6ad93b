/** The variable selection report: what to keep of a wide clinical table, and why (issue 13, item 4). */
export { type AppliedSelection, applySelection, parseSelection } from './apply.js';
export { associationOf, screenAssociations } from './associations.js';
export { SelectOptions, type SelectOptionsInput } from './options.js';
export { type ColumnSelection, Selection } from './selection.js';
export { parseSelectOptions, suggestSelection } from './suggest.js';
