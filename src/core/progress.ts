/**
 * Progress of long work, as events the library emits through a hook and a front end shows as it
 * likes (the CLI: one line updated in place on a terminal). Library code never prints.
 */
export interface ProgressEvent {
  /** What is running, such as "fitting cart", "sampling" or "validating". */
  readonly task: string;
  /** What `done` and `total` count: "column", "part", "row". */
  readonly unit: string;
  /** Units finished so far, 0..total. */
  readonly done: number;
  readonly total: number;
  /** The unit being worked on next or just finished, such as a column name. */
  readonly item?: string;
}

export type ProgressHook = (event: ProgressEvent) => void;
