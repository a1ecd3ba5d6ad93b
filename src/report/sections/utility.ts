import type {
  CoxComparison,
  StratifiedComparison,
  SurvivalComparison,
  UtilityReport,
} from '../../validate/utility/types.js';
import { forestPlot, survivalCurves } from '../charts/lines.js';
import { COLOURS } from '../charts/svg.js';
import { escapeHtml, figure, num, paragraphs, pct, pValue, section, table } from '../html-parts.js';

export function utilitySection(report: UtilityReport): string {
  const parts = Object.entries(report.parts)
    .map(([name, value]) => [
      escapeHtml(name),
      num(value),
      num(report.weights[name as keyof typeof report.weights]),
    ])
    .filter((row) => row[1] !== '–' || row[2] !== '–');
  const body = [
    table(
      ['part', 'score', 'weight'],
      parts,
      'The utility score is the weighted mean of the parts that could be computed',
    ),
    ...report.survival.map(survivalBlock),
    stratifiedBlock(report.stratified),
    ...report.cox.map(coxBlock),
    tstrBlock(report),
    replicationBlock(report),
  ].join('');
  return section(
    'utility',
    `Clinical utility — ${report.score === null ? 'not computed' : `score ${num(report.score, 2)}`}`,
    report.verdict,
    body,
  );
}

function survivalBlock(s: SurvivalComparison): string {
  const points = (c: SurvivalComparison['curves']['real']) =>
    c.time.map((time, i) => ({ time, survival: c.survival[i] }));
  const chart = survivalCurves(
    `Kaplan–Meier: ${s.endpoint}`,
    [
      { name: `real (n = ${s.n.real})`, colour: COLOURS.real, points: points(s.curves.real) },
      {
        name: `synthetic (n = ${s.n.synthetic})`,
        colour: COLOURS.synthetic,
        dashed: true,
        points: points(s.curves.synthetic),
      },
    ],
    `${s.time} (${s.unit})`,
  );
  const rows = [
    [
      'median',
      `${num(s.realMedian)} (${num(s.realMedianCi[0])}–${num(s.realMedianCi[1])})`,
      `${num(s.syntheticMedian)} (${num(s.syntheticMedianCi[0])}–${num(s.syntheticMedianCi[1])})`,
      '',
    ],
    ...s.at.map((a) => [
      `survival at ${a.years} year${a.years > 1 ? 's' : ''}`,
      pct(a.real.estimate),
      pct(a.synthetic.estimate),
      num(a.difference, 2),
    ]),
  ];
  return `<h3>Survival: ${escapeHtml(s.endpoint)}</h3>${figure(chart, `Log-rank real vs synthetic: χ² ${num(s.logrank.chisq)} on ${s.logrank.df} df, p = ${pValue(s.logrank.p)}. Events: ${s.events.real} real, ${s.events.synthetic} synthetic.`)}${table(['', 'real', 'synthetic', 'difference'], rows)}`;
}

function stratifiedBlock(rows: readonly StratifiedComparison[]): string {
  if (!rows.length) return '';
  return `<h3>Do stratified conclusions hold?</h3>${table(
    ['endpoint', 'groups by', 'real log-rank p', 'synthetic log-rank p', 'same order', 'same conclusion'],
    rows.map((r) => [
      escapeHtml(r.endpoint),
      escapeHtml(r.column),
      pValue(r.real.p),
      pValue(r.synthetic.p),
      r.sameOrder ? 'yes' : 'no',
      r.agrees ? '<strong>yes</strong>' : '<strong class="bad">no</strong>',
    ]),
  )}`;
}

function coxBlock(cox: CoxComparison): string {
  const chart = forestPlot(
    `Cox hazard ratios: ${cox.endpoint}`,
    cox.hazardRatios.map((h) => ({
      label: h.term,
      real: interval(h.real),
      synthetic: interval(h.synthetic),
    })),
  );
  return `<h3>Cox model: ${escapeHtml(cox.endpoint)} ~ ${escapeHtml(cox.terms.join(' + '))}</h3>${figure(
    chart,
    `Direction agrees for ${pct(cox.directionAgreement, 0)} of the hazard ratios; intervals overlap for ${pct(cox.overlapShare, 0)}.`,
  )}`;
}

function interval(i: { estimate: number | null; lower: number | null; upper: number | null }) {
  return i.estimate === null || i.lower === null || i.upper === null
    ? undefined
    : { hr: i.estimate, lower: i.lower, upper: i.upper };
}

function tstrBlock(report: UtilityReport): string {
  if (!report.tstr.length) return '';
  return `<h3>Train on synthetic, test on real</h3>${table(
    ['target', 'model', 'metric', 'trained on real', 'trained on synthetic', 'ratio'],
    report.tstr.map((t) => [
      escapeHtml(t.target),
      escapeHtml(t.model),
      escapeHtml(t.metric),
      num(t.trainRealTestReal),
      num(t.trainSyntheticTestReal),
      num(t.ratio),
    ]),
  )}${paragraphs('Both models are tested on the same real holdout; a ratio near 1 means a model trained on synthetic patients predicts real ones as well as one trained on real patients.')}`;
}

function replicationBlock(report: UtilityReport): string {
  if (!report.replication.length) return '';
  return `<h3>Replication of declared analyses</h3>${table(
    ['analysis', 'endpoint', 'conclusions kept'],
    report.replication.map((r) => [escapeHtml(r.name), escapeHtml(r.endpoint), pct(r.agreement, 0)]),
  )}`;
}
