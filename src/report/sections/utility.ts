/**
 * The clinical utility section: what to look at first, then per endpoint the survival curves (real
 * vs synthetic, and by the main risk group), medians and landmarks, the Cox forest plot with the
 * covariates and why, then stratified conclusions, TSTR and replication — all from report.json.
 */
import type { Discrepancy } from '../../validate/types.js';
import type {
  CoxComparison,
  HazardRatio,
  HazardRatioComparison,
  StratifiedComparison,
  SurvivalComparison,
  UtilityReport,
} from '../../validate/utility/types.js';
import { type ForestEstimate, forestPlot } from '../charts/forest.js';
import { type KmSeries, kmChart } from '../charts/km.js';
import { COLOURS } from '../charts/svg.js';
import { escapeHtml, figure, num, paragraphs, pct, pValue, section, table } from '../html-parts.js';

/** Risk levels in their order (favourable first): green, amber, red, then neutral hues. */
const LEVEL_COLOURS = ['#2e7d32', '#d08a00', '#c62828', '#6a3d9a', '#1f78b4', '#555555'];
const SHOWN_FINDINGS = 8;

export function utilitySection(report: UtilityReport): string {
  const body = [
    partsLine(report),
    findings(report.discrepancies),
    ...report.survival.map((s) => survivalBlock(s, report.smallCell)),
    ...report.cox.map(coxBlock),
    stratifiedBlock(report.stratified),
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

function partsLine(report: UtilityReport): string {
  const parts = Object.entries(report.parts)
    .filter(([, value]) => value !== null)
    .map(
      ([name, value]) =>
        `${escapeHtml(name)} ${num(value, 2)} (weight ${num(report.weights[name as keyof typeof report.weights], 2)})`,
    );
  return `<p>The score is the weighted mean of ${parts.join(' · ')}. A reversed clinical conclusion fails utility whatever the score.</p>`;
}

function findings(list: readonly Discrepancy[]): string {
  if (!list.length)
    return paragraphs('No hazard ratio reversed or lost, no median or landmark outside the real interval.');
  const shown = list.slice(0, SHOWN_FINDINGS);
  const more = list.length - shown.length;
  return `<h3>Look at first</h3><ol class="findings">${shown
    .map((d) => `<li class="${d.severity}">${escapeHtml(d.message)}</li>`)
    .join(
      '',
    )}</ol>${more > 0 ? `<p class="small">and ${more} more in report.json (utility.discrepancies).</p>` : ''}`;
}

function survivalBlock(s: SurvivalComparison, smallCell: number): string {
  const { grid } = s.curves;
  const k = grid.scale;
  const inGrid = (x: number | null) => (x === null ? null : x * k);
  const name = s.endpoint.toUpperCase();
  const overall = kmChart(
    `Kaplan–Meier: ${s.endpoint}`,
    grid,
    [
      {
        name: `real (n = ${s.n.real})`,
        row: 'real',
        colour: COLOURS.real,
        band: true,
        curve: s.curves.real,
        median: inGrid(s.realMedian),
      },
      {
        name: `synthetic (n = ${s.n.synthetic})`,
        row: 'synthetic',
        colour: COLOURS.synthetic,
        dashed: true,
        band: true,
        curve: s.curves.synthetic,
        median: inGrid(s.syntheticMedian),
      },
    ],
    { smallCell },
  );
  const groups = s.riskGroups;
  const byGroup = groups
    ? kmChart(
        `Kaplan–Meier by ${groups.label}: ${s.endpoint}`,
        grid,
        groups.levels.flatMap((level, i): KmSeries[] => {
          const colour = LEVEL_COLOURS[i % LEVEL_COLOURS.length];
          return [
            { name: level.level, colour, band: true, curve: level.real },
            {
              name: `${level.level} syn.`,
              row: '  synthetic',
              colour,
              dashed: true,
              censor: false,
              curve: level.synthetic,
            },
          ];
        }),
        {
          smallCell,
          legend: [
            ...groups.levels.map((level, i) => ({
              name: level.level,
              colour: LEVEL_COLOURS[i % LEVEL_COLOURS.length],
            })),
            { name: 'synthetic', colour: '#777', dashed: true },
          ],
        },
      )
    : '';
  const figures = `<div class="grid">${figure(
    overall,
    `${name}: real (solid, 95% band) vs synthetic (dashed). Log-rank real vs synthetic χ² ${num(s.logrank.chisq)}, p = ${pValue(s.logrank.p)}; events ${s.events.real} real, ${s.events.synthetic} synthetic. Dotted: medians. Curves end where fewer than ${smallCell} real patients remain at risk.`,
  )}${
    groups
      ? figure(
          byGroup,
          `By ${groups.column}, ${groups.why}: real solid with 95% band, synthetic dashed in the level's colour.`,
        )
      : ''
  }</div>`;
  const unit = grid.unit;
  // Medians are whole grid steps: whole months, or quarters of a year.
  const digits = grid.step < 1 ? 2 : 0;
  const rows = [
    [
      `median (${unit})`,
      medianText(inGrid(s.realMedian), inGrid(s.realMedianCi[0]), inGrid(s.realMedianCi[1]), digits),
      medianText(
        inGrid(s.syntheticMedian),
        inGrid(s.syntheticMedianCi[0]),
        inGrid(s.syntheticMedianCi[1]),
        digits,
      ),
      s.realMedian !== null && s.syntheticMedian !== null
        ? signed((s.syntheticMedian - s.realMedian) * k, digits)
        : '',
    ],
    ...s.at.map((a) => [
      `survival at ${a.years} year${a.years > 1 ? 's' : ''}`,
      // A real landmark is null when fewer than smallCell real patients are at risk there.
      a.real.estimate === null
        ? `fewer than ${smallCell} at risk`
        : survivalText(a.real.estimate, a.real.lower, a.real.upper),
      a.real.estimate === null
        ? ''
        : survivalText(a.synthetic.estimate, a.synthetic.lower, a.synthetic.upper),
      a.difference === null ? '' : `${signed(a.difference * 100, 1)} points`,
    ]),
  ];
  return `<h3>Survival: ${escapeHtml(name)}</h3>${figures}${table(['', 'real (95% CI)', 'synthetic (95% CI)', 'synthetic − real'], rows)}`;
}

function signed(x: number, digits: number): string {
  const text = Math.abs(x).toFixed(digits);
  return Number(text) === 0 ? text : `${x > 0 ? '+' : '−'}${text}`;
}

/** A median with its interval; an end not reached reads "NR", and no interval at all prints none. */
export function medianText(
  estimate: number | null,
  lower: number | null,
  upper: number | null,
  digits = 1,
): string {
  if (estimate === null) return 'not reached';
  const f = (x: number | null) => (x === null ? 'NR' : x.toFixed(digits));
  return lower === null && upper === null
    ? estimate.toFixed(digits)
    : `${estimate.toFixed(digits)} (${f(lower)}–${f(upper)})`;
}

function survivalText(estimate: number | null, lower: number | null, upper: number | null): string {
  if (estimate === null) return 'beyond follow-up';
  return lower === null || upper === null
    ? pct(estimate, 0)
    : `${pct(estimate, 0)} (${pct(lower, 0)}–${pct(upper, 0)})`;
}

function coxBlock(cox: CoxComparison): string {
  const chart = forestPlot(
    `Cox hazard ratios: ${cox.endpoint}`,
    cox.hazardRatios.map((h) => ({
      label: h.label,
      real: estimate(h.real),
      synthetic: estimate(h.synthetic),
      ...flag(h),
    })),
  );
  const late = cox.covariates.excluded.filter((e) => e.reason.startsWith('after baseline'));
  const notes = cox.covariates.notes;
  const choice = `Covariates: ${cox.covariates.chosen.join(', ')} — ${cox.covariates.why}.${
    late.length ? ` Not used, measured after baseline: ${late.map((e) => e.column).join(', ')}.` : ''
  }${notes.length ? ` ${notes.map((n) => `${n.column}: ${n.note}.`).join(' ')}` : ''}`;
  const caption = `Agreement ${num(cox.agreement, 2)} (per term: closeness of the log hazard ratios, lowered further when an effect the real data establishes lies significantly nearer no effect in the synthetic table; weighted by the real evidence). Numeric terms per unit shown; age per 10 years. ${
    cox.unmatched.length ? `Fitted in one table only: ${cox.unmatched.join(', ')}.` : ''
  }`;
  return `<h3>Cox model: ${escapeHtml(cox.endpoint.toUpperCase())}</h3><p class="small">${escapeHtml(choice)}</p>${figure(chart, caption)}`;
}

function estimate(i: HazardRatio): ForestEstimate | undefined {
  return i.estimate === null || i.lower === null || i.upper === null
    ? undefined
    : { hr: i.estimate, lower: i.lower, upper: i.upper };
}

function flag(h: HazardRatioComparison): { flag?: string } {
  if (h.reversed) return { flag: 'reversed' };
  if (h.significance === 'lost') return { flag: 'lost' };
  return {};
}

function stratifiedBlock(rows: readonly StratifiedComparison[]): string {
  if (!rows.length) return '';
  return `<h3>Do stratified conclusions hold?</h3>${table(
    [
      'endpoint',
      'groups by',
      'real log-rank p',
      'synthetic log-rank p',
      'order (Kendall τ)',
      'same conclusion',
    ],
    rows.map((r) => [
      escapeHtml(r.endpoint.toUpperCase()),
      escapeHtml(r.column),
      pValue(r.real.p),
      pValue(r.synthetic.p),
      r.orderConcordance === null ? '–' : num(r.orderConcordance, 2),
      r.agrees ? 'yes' : '<strong class="bad">no</strong>',
    ]),
  )}`;
}

function tstrBlock(report: UtilityReport): string {
  if (!report.tstr.length) return '';
  return `<h3>Train on synthetic, test on real</h3>${table(
    ['target', 'model', 'metric', 'trained on real', 'trained on synthetic', 'skill ratio'],
    report.tstr.map((t) => [
      escapeHtml(t.target),
      escapeHtml(t.model),
      escapeHtml(t.metric),
      num(t.trainRealTestReal),
      num(t.trainSyntheticTestReal),
      num(t.ratio, 2),
    ]),
  )}${paragraphs('Both models are tested on the same real holdout; a skill ratio near 1 means a model trained on synthetic patients predicts real ones as well as one trained on real patients.')}`;
}

function replicationBlock(report: UtilityReport): string {
  if (!report.replication.length) return '';
  return `<h3>Replication of declared analyses</h3>${table(
    ['analysis', 'endpoint', 'agreement'],
    report.replication.map((r) => [escapeHtml(r.name), escapeHtml(r.endpoint), num(r.agreement, 2)]),
  )}`;
}
