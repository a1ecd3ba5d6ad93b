/**
 * Level 2 of the reference tests: every number against R's survival package, at 1e-6 relative
 * (1e-9 absolute near 0). The values come from tools/reference/survival.R (see its header), run on
 * the datasets/ CSV files exported from R's lung, pbc and veteran. Each analysis on its own
 * complete cases, as R's na.omit gives them: survfit and survdiff the rows with time, event and
 * group; coxph the rows with time, event and its terms (pbc-trt-chol and lung-sex-meal-cal have Cox
 * covariates missing where the curves' columns are not).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import { coxph } from './cox.js';
import { kaplanMeier } from './kaplan-meier.js';
import { survivalAt, survivalQuantile } from './km-summary.js';
import { logRank } from './logrank.js';
import { modelMatrix } from './model-matrix.js';
import { survivalInput } from './survival-input.js';
import { ErrorLog, expectAllClose, expectClose } from './test-support/expect-close.js';
import { datasetFor, type ModelReference, reference } from './test-support/fixtures.js';

const log = new ErrorLog();

function close(label: string, actual: number | null, expected: number | null): void {
  log.record(label, actual, expected);
  expectClose(actual, expected, 1e-6, 1e-9, label);
}

function allClose(label: string, actual: ArrayLike<number>, expected: ArrayLike<number | null>): void {
  const values = Array.from(actual, (v) => (Number.isFinite(v) ? v : null));
  for (let i = 0; i < expected.length; i++) log.record(label, values[i], expected[i]);
  expectAllClose(values, expected, 1e-6, 1e-9, label);
}

/** One analysis's complete cases, as R's na.omit leaves them: `others` are the group or the Cox terms. */
function prepared(model: ModelReference, others: readonly string[]) {
  const table = datasetFor(model);
  const { spec } = model;
  const data = survivalInput(table, {
    time: spec.time,
    event: spec.event,
    eventValue: spec.eventValue,
    others,
  });
  return { table, data };
}

const kmRows = (model: ModelReference) => prepared(model, model.spec.group ? [model.spec.group] : []);
const coxRows = (model: ModelReference) => prepared(model, model.spec.cox ?? []);

function groupMembers(model: ModelReference, label: string | null) {
  const { table, data } = kmRows(model);
  if (!model.spec.group || label === null) return { time: data.time, status: data.status };
  const keep = [...data.rows.keys()].filter(
    (i) => String(table.cell(model.spec.group!, data.rows[i])) === label,
  );
  return {
    time: Float64Array.from(keep, (i) => data.time[i]),
    status: Uint8Array.from(keep, (i) => data.status[i]),
  };
}

describe.each(reference.models.map((m) => [m.name, m] as const))('%s', (_name, model) => {
  it('Kaplan–Meier curves, medians and survival at times match survfit', () => {
    for (const ref of model.km) {
      const { time, status } = groupMembers(model, ref.group);
      const curve = kaplanMeier(time, status);
      expect(curve.n).toBe(ref.n);
      expect(curve.events).toBe(ref.events);
      expect(Array.from(curve.time)).toEqual(ref.time);
      expect(Array.from(curve.nRisk)).toEqual(ref.nRisk);
      expect(Array.from(curve.nEvent)).toEqual(ref.nEvent);
      expect(Array.from(curve.nCensor)).toEqual(ref.nCensor);
      allClose('km surv', curve.surv, ref.surv);
      allClose('km std.err', curve.stdErr, ref.stdErr);
      allClose('km lower', curve.lower, ref.lower);
      allClose('km upper', curve.upper, ref.upper);
      const median = survivalQuantile(curve);
      close('median', orNull(median.quantile), ref.median);
      close('median lower', orNull(median.lower), ref.medianLower);
      close('median upper', orNull(median.upper), ref.medianUpper);
      const at = survivalAt(curve, model.spec.at);
      ref.at.forEach((expected, i) => {
        close('survival at t', orNull(at[i].survival), expected.survival);
        close('survival at t, lower', orNull(at[i].lower), expected.lower);
        close('survival at t, upper', orNull(at[i].upper), expected.upper);
      });
    }
  });

  it.runIf(model.logrank)('log-rank test matches survdiff', () => {
    const ref = model.logrank!;
    const { table, data } = kmRows(model);
    const labels = Array.from(data.rows, (row) => String(table.cell(model.spec.group!, row)));
    const codes = Int32Array.from(labels, (l) => ref.groups.indexOf(l));
    const test = logRank(data.time, data.status, codes, ref.groups.length);
    allClose('logrank observed', test.observed, ref.observed);
    allClose('logrank expected', test.expected, ref.expected);
    allClose('logrank variance', test.variance, ref.variance.flat());
    close('logrank chisq', test.statistic, ref.chisq);
    close('logrank p', test.p, ref.p);
    expect(test.df).toBe(ref.df);
  });

  for (const ties of ['efron', 'breslow'] as const) {
    it.runIf(model.cox)(`Cox model (${ties}) matches coxph`, () => {
      const ref = model.cox![ties];
      const { table, data } = coxRows(model);
      expect([data.rows.length, data.dropped]).toEqual([ref.n, ref.dropped]);
      const fit = coxph(data.time, data.status, modelMatrix(table, model.spec.cox!, data.rows), { ties });
      expect(fit.terms.map((t) => t.term)).toEqual(ref.terms);
      for (const key of ['coef', 'hr', 'se', 'z', 'p', 'lower', 'upper'] as const) {
        allClose(
          `cox ${key}`,
          Float64Array.from(fit.terms, (t) => t[key]),
          ref[key],
        );
      }
      allClose('cox variance', fit.variance, ref.variance.flat());
      allClose('cox means', fit.means, ref.means);
      allClose('cox loglik', Float64Array.from(fit.loglik), ref.loglik);
      for (const [mine, theirs, label] of [
        [fit.likelihoodRatio, ref.lr, 'LR'],
        [fit.wald, ref.wald, 'Wald'],
        [fit.score, ref.score, 'score'],
      ] as const) {
        close(`cox ${label} test`, mine.statistic, theirs.statistic);
        close(`cox ${label} p`, mine.p, theirs.p);
        expect(mine.df).toBe(theirs.df);
      }
      expect(fit.n).toBe(ref.n);
      expect(fit.events).toBe(ref.events);
      const c = fit.concordance;
      expect([c.concordant, c.discordant, c.tiedX, c.tiedY, c.tiedXY]).toEqual([
        ref.concordance.concordant,
        ref.concordance.discordant,
        ref.concordance.tiedX,
        ref.concordance.tiedY,
        ref.concordance.tiedXY,
      ]);
      close('concordance', c.concordance, ref.concordance.concordance);
      close('concordance std', c.std, ref.concordance.std);
    });
  }

  it('analyze() gives the same numbers in the contract shape', () => {
    const { spec } = model;
    const result = analyze(datasetFor(model), {
      time: spec.time,
      event: spec.event,
      eventValue: spec.eventValue,
      group: spec.group ?? undefined,
      cox: spec.cox ?? undefined,
      at: spec.at,
    });
    expect([result.n, result.events, result.dropped]).toEqual([model.n, model.events, model.dropped]);
    expect(result.km.map((k) => k.group)).toEqual(model.km.map((k) => k.group));
    result.km.forEach((km, g) => {
      close('analyze median', km.median, model.km[g].median);
      km.at.forEach((a, i) => {
        close('analyze survival at t', a.survival, model.km[g].at[i].survival);
      });
    });
    if (model.logrank) close('analyze logrank chisq', result.logrank!.chisq, model.logrank.chisq);
    if (model.cox) {
      const ref = model.cox.efron;
      expect([result.cox!.n, result.cox!.events, result.cox!.dropped]).toEqual([
        ref.n,
        ref.events,
        ref.dropped,
      ]);
      result.cox!.terms.forEach((t, j) => {
        close('analyze coef', t.coef, ref.coef[j]);
      });
      close('analyze concordance', result.cox!.concordance, ref.concordance.concordance);
      close('analyze loglik', result.cox!.loglik, ref.loglik[1]);
    }
  });
});

afterAll(() => {
  if (process.env.SURVIVAL_REPORT_ERRORS) {
    for (const [label, worst] of [...log.worst].sort())
      console.log(`${label.padEnd(28)} ${worst.toExponential(2)}`);
  }
});

function orNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}
