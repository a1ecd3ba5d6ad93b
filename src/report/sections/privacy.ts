/**
 * The privacy section: one table of the attacks with what each was measured against, the distance
 * chart, and the details (distances, attribute disclosure) compactly. A figure that was not
 * measured says why, never a bare dash; labels name the baseline that was actually used.
 */
import { format } from 'd3-format';
import { baselineRows, baselineWords } from '../../validate/privacy/labels.js';
import type { PrivacyReport } from '../../validate/privacy/report.js';
import { groupedBars } from '../charts/bars.js';
import { COLOURS } from '../charts/svg.js';
import { escapeHtml, figure, num, paragraphs, pct, section, table } from '../html-parts.js';

const NO_HOLDOUT = 'not measured: needs a holdout';
const TITLE = 'Distance to the closest training patient (Gower, 0 = an identical row, 1 = nothing alike)';

export function privacySection(report: PrivacyReport): string {
  const body = [
    paragraphs(
      report.rows.holdout === null
        ? 'No holdout was given: membership inference and attribute disclosure were not measured, and the verdict cannot be pass. The distances are judged against the training rows themselves (leave-one-out).'
        : `Judged against ${report.rows.holdout} holdout patients the generator never saw. The score is the smallest of its parts: an attacker uses whichever attack works best.`,
    ),
    attackTable(report),
    distanceChart(report),
    distanceTable(report),
    disclosureTable(report),
    notesList(report),
  ];
  return section(
    'privacy',
    `Privacy — ${report.score === null ? 'not computed' : `score ${num(report.score, 2)}`}`,
    report.verdict,
    body.join(''),
  );
}

/** The notes, but those about the missing holdout: the opening paragraph already says it. */
function notesList(report: PrivacyReport): string {
  const notes = report.notes.filter((n) => !n.startsWith('no holdout:'));
  return notes.length
    ? `<ul class="notes">${notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>`
    : '';
}

function attackTable(report: PrivacyReport): string {
  const parts = report.scoreParts;
  const close = report.dcr.closerThanBaselineP5;
  const twins = report.exactMatchBaseline;
  const mia = report.mia;
  const advantage = report.attributeDisclosure?.meanAdvantage ?? null;
  const rows = [
    [
      close
        ? `synthetic rows closer to a training patient than ${escapeHtml(baselineWords(close.baseline))}`
        : 'synthetic rows closer to a training patient than real ones (no baseline: one training row)',
      close ? pct(close.synthetic) : 'not measured',
      close
        ? `${pct(close.reference)} of ${close.baseline === 'holdout' ? 'holdout rows' : 'training rows (leave-one-out)'}`
        : 'none',
      num(parts.dcr, 2),
    ],
    [
      'exact copies of a training patient',
      `${report.exactMatches} (${pct(report.exactMatchShare, 2)})`,
      `${twins.share === null ? 'fewer than the small-cell threshold' : pct(twins.share, 2)} of ${twins.source === 'holdout' ? 'holdout rows' : 'training rows have a twin'}`,
      num(parts.exactMatches, 2),
    ],
    [
      'membership inference, ROC AUC',
      mia.auc === null
        ? NO_HOLDOUT
        : `${num(mia.auc, 2)} (distance ${num(mia.distance?.auc, 2)}, density ratio ${num(mia.densityRatio?.auc, 2)})`,
      '0.5 (a coin toss)',
      parts.mia === null ? 'not measured' : num(parts.mia, 2),
    ],
    [
      'attribute disclosure: accuracy gain on training over holdout patients',
      advantage === null ? NO_HOLDOUT : `${num(100 * advantage, 2)} points`,
      '0 points',
      parts.attributeDisclosure === null ? 'not measured' : num(parts.attributeDisclosure, 2),
    ],
  ];
  return table(['attack', 'synthetic', 'baseline', 'score part'], rows);
}

function distanceChart(report: PrivacyReport): string {
  const { edges, synthetic, baseline } = report.dcr.histogram;
  const source = report.dcr.closerThanBaselineP5?.baseline;
  const labels = edges
    .slice(0, -1)
    .map((e, i) => (i === edges.length - 2 && edges[i + 1] === 1 ? `≥ ${num(e, 2)}` : num(e, 2)));
  const chart = groupedBars(
    TITLE,
    labels,
    [
      { name: 'synthetic', values: synthetic, colour: COLOURS.synthetic },
      ...(baseline && source
        ? [{ name: baselineRows(source), values: baseline, colour: COLOURS.holdout }]
        : []),
    ],
    { percent: true, yLabel: 'share of rows' },
  );
  // groupedBars titles its SVG for screen readers only; the visible title goes above, as elsewhere.
  return `<p class="chart-title"><strong>${escapeHtml(TITLE)}</strong></p>${figure(
    chart,
    source === 'holdout'
      ? 'Synthetic rows piled near 0 are (near) copies; holdout patients show how close an unseen patient typically is. Bins with fewer than the small-cell threshold of real patients are merged.'
      : 'Synthetic rows piled near 0 are (near) copies; each training patient’s distance to the other training patients (leave-one-out) stands in for a holdout. Bins with fewer than the small-cell threshold of real patients are merged.',
  )}`;
}

/** DCR and NNDR quantiles are published with 2 significant digits: `0.060`, not `0.06`. */
const twoDigits = (value: number): string => (value === 0 ? '0' : format('.2r')(value));

/** DCR and NNDR side by side: 5th percentile and median for synthetic and baseline rows. */
function distanceTable(report: PrivacyReport): string {
  const { dcr, nndr } = report;
  const baseline = dcr.holdoutToReal ?? dcr.trainingToTraining;
  const source = dcr.closerThanBaselineP5?.baseline;
  const rows = [
    [
      'synthetic',
      twoDigits(dcr.syntheticToReal.p5),
      twoDigits(dcr.syntheticToReal.median),
      nndr ? twoDigits(nndr.synthetic.p5) : 'not measured',
      nndr ? twoDigits(nndr.synthetic.median) : 'not measured',
    ],
    ...(baseline && source
      ? [
          [
            escapeHtml(baselineRows(source)),
            twoDigits(baseline.p5),
            twoDigits(baseline.median),
            nndr?.holdout ? twoDigits(nndr.holdout.p5) : 'not measured',
            nndr?.holdout ? twoDigits(nndr.holdout.median) : 'not measured',
          ],
        ]
      : []),
  ];
  return table(
    ['rows', 'distance p5', 'distance median', 'NNDR p5', 'NNDR median'],
    rows,
    'Distance to the closest training patient; NNDR, its ratio to the second closest (near 0: a row sits on one patient)',
  );
}

/** Without a holdout only the accuracy on training patients and the majority guess exist. */
function disclosureTable(report: PrivacyReport): string {
  const a = report.attributeDisclosure;
  if (!a) return '';
  const measured = a.attributes.some((r) => r.holdoutAccuracy !== null);
  const caption = `Attribute disclosure: guessing each value from the ${a.neighbours} synthetic rows nearest on ${a.quasiIdentifiers.join(', ')}${measured ? '' : ' (no holdout: the gain over unseen patients was not measured)'}`;
  return table(
    [
      'sensitive attribute',
      'accuracy on training patients',
      ...(measured ? ['on holdout patients', 'gain'] : []),
      'majority guess',
    ],
    a.attributes.map((r) => [
      escapeHtml(r.name),
      pct(r.trainingAccuracy),
      ...(measured
        ? [
            r.holdoutAccuracy === null ? NO_HOLDOUT : pct(r.holdoutAccuracy),
            r.advantage === null ? 'not measured' : `${num(100 * r.advantage, 2)} points`,
          ]
        : []),
      pct(r.majorityBaseline),
    ]),
    caption,
  );
}
