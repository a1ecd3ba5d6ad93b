/**
 * A baseline hazard for simulation: Breslow's (1972) estimate of the cumulative baseline hazard of
 * a Cox model, pooled into intervals that each hold at least `minExits` exits (and at most about
 * `MAX_INTERVALS` intervals), with a constant
 * hazard inside each interval (a piecewise-exponential model; Friedman, 1982, Ann Stat 10:101–113).
 * Pooling makes the baseline an aggregate: no interval reflects fewer than `minExits` patients,
 * and interval ends are midpoints between exit times, not observed times; the last one is the mean
 * of its interval's exit times, not the longest follow-up. The constant hazard inside an interval
 * turns the step function into a continuous distribution, so times drawn from it are not copies of
 * observed ones.
 */

/**
 * At most about this many intervals: drawing a time costs one step per interval, and a few hundred
 * already resolve the baseline far more finely than its sampling error (100,000 patients would
 * otherwise give thousands).
 */
const MAX_INTERVALS = 128;

export interface PiecewiseHazard {
  /** Interval ends t₀ < t₁ < … < t_K; the hazard is 0 before t₀ and after t_K. */
  readonly knots: number[];
  /** Hazard on (t_{k−1}, t_k], per unit of time, at linear predictor 0; K values. */
  readonly rates: number[];
}

/**
 * `eta` is each row's linear predictor (the baseline is the hazard at η = 0); `exit` is 1 where the
 * row's time ends by the cause modelled. Needs at least one exit.
 */
export function breslowPiecewise(
  time: Float64Array,
  exit: Uint8Array,
  eta: Float64Array,
  minExits: number,
): PiecewiseHazard {
  const jumps = breslowJumps(time, exit, eta);
  if (jumps.times.length === 0) return { knots: [], rates: [] };
  const exits = jumps.exits.reduce((a, b) => a + b, 0);
  const groups = pool(jumps.exits, Math.max(1, minExits, Math.ceil(exits / MAX_INTERVALS)));
  const knots: number[] = [];
  const rates: number[] = [];
  const first = (g: number) => jumps.times[groups[g][0]];
  const last = (g: number) => jumps.times[groups[g][1] - 1];
  const ends = groups.map((_, g) =>
    g + 1 < groups.length ? (last(g) + first(g + 1)) / 2 : meanExitTime(jumps, groups[g]),
  );
  // The first interval reaches as far below its first exit as the next boundary lies above its
  // last one, so a cause that starts late (censoring after a minimum follow-up) starts late. With
  // one interval there is no next boundary, and it starts at 0: never at an observed time.
  const start = groups.length > 1 ? Math.max(0, first(0) - (ends[0] - last(0))) : 0;
  // One exit time only: spread from 0 (or over one unit, when that time is 0).
  knots.push(ends[0] > start ? start : 0);
  groups.forEach(([from, to], g) => {
    let mass = 0;
    for (let i = from; i < to; i++) mass += jumps.hazard[i];
    const lower = knots[knots.length - 1];
    const upper = ends[g] > lower ? ends[g] : lower + 1;
    knots.push(upper);
    rates.push(mass / (upper - lower));
  });
  return { knots, rates };
}

/**
 * The last interval ends at the mean time of its (at least `minExits`) exits, not at the latest
 * one: the longest follow-up is a single patient's value, and the end of the baseline is where
 * synthetic follow-up ends.
 */
function meanExitTime(jumps: { times: number[]; exits: number[] }, [from, to]: [number, number]): number {
  let sum = 0;
  let count = 0;
  for (let i = from; i < to; i++) {
    sum += jumps.times[i] * jumps.exits[i];
    count += jumps.exits[i];
  }
  return sum / count;
}

/** Distinct exit times, the exits at each and Breslow's hazard increment d / Σ_{risk set} exp(η). */
function breslowJumps(time: Float64Array, exit: Uint8Array, eta: Float64Array) {
  const order = Uint32Array.from(time.keys()).sort((a, b) => time[b] - time[a]);
  // exp(η) is taken relative to the largest η, so that the risk sums cannot overflow.
  let top = Number.NEGATIVE_INFINITY;
  for (const v of eta) top = Math.max(top, v);
  const times: number[] = [];
  const exits: number[] = [];
  const hazard: number[] = [];
  let atRisk = 0;
  for (let i = 0; i < order.length; ) {
    const t = time[order[i]];
    let d = 0;
    for (; i < order.length && time[order[i]] === t; i++) {
      atRisk += Math.exp(eta[order[i]] - top);
      d += exit[order[i]];
    }
    if (d === 0) continue;
    times.push(t);
    exits.push(d);
    hazard.push(d / atRisk / Math.exp(top));
  }
  times.reverse();
  exits.reverse();
  hazard.reverse();
  return { times, exits, hazard };
}

/** Consecutive runs [from, to) of distinct times holding ≥ min exits; a short last run joins the one before. */
function pool(exits: readonly number[], min: number): Array<[number, number]> {
  const groups: Array<[number, number]> = [];
  let from = 0;
  let count = 0;
  for (let i = 0; i < exits.length; i++) {
    count += exits[i];
    if (count >= min) {
      groups.push([from, i + 1]);
      from = i + 1;
      count = 0;
    }
  }
  if (from < exits.length) {
    if (groups.length) groups[groups.length - 1][1] = exits.length;
    else groups.push([from, exits.length]);
  }
  return groups;
}
