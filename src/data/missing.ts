/** Text that means "missing" in a CSV cell (compared lower-case), as the CLI contract lists them. */
export const MISSING_MARKERS: ReadonlySet<string> = new Set(['', 'na', 'nan', 'null']);
