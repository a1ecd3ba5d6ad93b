/**
 * A tiny Kaplan–Meier estimator for the simulators' tests, independent of `src/survival/` (written
 * in parallel). Product-limit over distinct event times; deaths before censorings at tied times.
 */
export interface KmCurve {
  times: number[];
  survival: number[];
}

function kaplanMeierCurve(time: ArrayLike<number>, event: ArrayLike<number>): KmCurve {
  const order = Array.from({ length: time.length }, (_, i) => i).sort((i, j) => time[i] - time[j]);
  const times: number[] = [];
  const survival: number[] = [];
  let atRisk = order.length;
  let s = 1;
  for (let k = 0; k < order.length; ) {
    const t = time[order[k]];
    let deaths = 0;
    let leaving = 0;
    while (k < order.length && time[order[k]] === t) {
      deaths += event[order[k]] ? 1 : 0;
      leaving++;
      k++;
    }
    if (deaths > 0) {
      s *= 1 - deaths / atRisk;
      times.push(t);
      survival.push(s);
    }
    atRisk -= leaving;
  }
  return { times, survival };
}

/** Smallest time where survival ≤ 0.5 (R's survfit median, ignoring its averaging of flat steps). */
export function kmMedian(time: ArrayLike<number>, event: ArrayLike<number>): number {
  const curve = kaplanMeierCurve(time, event);
  const k = curve.survival.findIndex((s) => s <= 0.5);
  return k < 0 ? Number.POSITIVE_INFINITY : curve.times[k];
}

export function kmSurvivalAt(time: ArrayLike<number>, event: ArrayLike<number>, at: number): number {
  const curve = kaplanMeierCurve(time, event);
  let s = 1;
  for (let k = 0; k < curve.times.length && curve.times[k] <= at; k++) s = curve.survival[k];
  return s;
}
