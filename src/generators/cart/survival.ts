/**
 * Survival endpoints drawn from proportional-hazards models (`survival: 'cox'`). A CART tree draws
 * a time from the leaf a patient falls into, so a covariate only matters where it wins a split:
 * a rare mutation (TP53 in 6 % of AML patients) seldom does against age and risk group, and with
 * larger leaves almost never, so its effect on survival disappears from the synthetic data (Cox
 * hazard ratio 1.76 real, 0.94–1.19 synthetic). Here the status and time of an endpoint come
 * instead from one Cox model per status value on all the columns visited before it
 * (`survival/ph-endpoint.ts`): each covariate keeps its own log hazard ratio, however rare it is,
 * and a ridge penalty keeps the estimate of a flag with few events finite. The status is drawn
 * first (its probability given the covariates is exact), then the time given the status, so
 * conditions on the status work as on any column.
 *
 * An endpoint is drawn this way when its status is visited before its time, time and status are
 * missing together, the status has a few values only, and no rule bounds the time by
 * an earlier column (rfs_days <= os_days: the later endpoint stays with the trees, which draw it
 * within its bound given the earlier time); see `survival/ph-status.ts`. Otherwise, and with
 * `survival: 'tree'`, both columns are drawn by trees.
 */
import type { Schema } from '../../data/schema.js';
import type { Column, Table } from '../../data/table.js';
import { fitPhEndpoint } from '../../survival/ph-endpoint.js';
import { type StatusCoding, statusCoding } from '../../survival/ph-status.js';
import { columnBounds } from './bounds.js';
import type { ClassTree, StatusColumnModel, TimeColumnModel } from './params.js';

export interface CoxEndpoint extends StatusCoding {
  readonly status: string;
  readonly time: string;
}

/** The endpoints to draw from hazard models, for the visit order `order`. */
export function coxEndpoints(table: Table, schema: Schema, order: readonly string[]): CoxEndpoint[] {
  const isNumber = order.map((name) => table.column(name).type === 'number');
  const bounds = columnBounds(schema, order, isNumber);
  const out: CoxEndpoint[] = [];
  for (const endpoint of schema.endpoints) {
    const [s, t] = [order.indexOf(endpoint.event), order.indexOf(endpoint.time)];
    if (s < 0 || t < 0 || s > t || bounds[t].length > 0) continue;
    const coding = statusCoding(
      table.column(endpoint.time),
      table.column(endpoint.event),
      endpoint.eventValue,
    );
    if (coding) out.push({ status: endpoint.event, time: endpoint.time, ...coding });
  }
  return out;
}

/** The status column's model: its pair-missingness tree and its hazard models on the earlier columns. */
export function statusModel(
  endpoint: CoxEndpoint,
  time: Float64Array,
  earlier: readonly Column[],
  missing: ClassTree,
  options: { penalty: number; minExits: number },
): StatusColumnModel {
  const hazards = fitPhEndpoint({
    time,
    status: endpoint.codes,
    causes: endpoint.levels.length,
    covariates: earlier,
    penalty: options.penalty,
    minExits: options.minExits,
    residual: endpoint.residual,
  });
  return {
    name: endpoint.status,
    type: 'status',
    stored: endpoint.stored,
    levels: [...endpoint.levels],
    time: endpoint.time,
    missing,
    covariates: earlier.length,
    hazards,
  };
}

export function timeModel(name: string, statusPosition: number, integer: boolean): TimeColumnModel {
  return { name, type: 'time', status: statusPosition, integer };
}
