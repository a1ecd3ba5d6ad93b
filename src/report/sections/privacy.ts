import type { DistanceSummary, PrivacyReport } from '../../validate/privacy/report.js';
import { groupedBars } from '../charts/bars.js';
import { COLOURS } from '../charts/svg.js';
import { escapeHtml, figure, num, paragraphs, pct, section, table } from '../html-parts.js';

export function privacySection(report: PrivacyReport): string {
  const parts = report.scoreParts;
  const summary = table(
    ['measure', 'value', 'baseline', 'score part'],
    [
      [
        'synthetic rows closer than the baseline’s 5th-percentile distance',
        pct(report.dcr.closerThanBaselineP5?.synthetic),
        pct(report.dcr.closerThanBaselineP5?.reference),
        num(parts.dcr),
      ],
      [
        'exact copies of training rows',
        `${report.exactMatches} (${pct(report.exactMatchShare, 2)})`,
        `${report.exactMatchBaseline.matches} (${pct(report.exactMatchBaseline.share, 2)}, ${report.exactMatchBaseline.source})`,
        num(parts.exactMatches),
      ],
      ['membership inference AUC (0.5 = no leak)', num(report.mia.auc), '0.5', num(parts.mia)],
      [
        'attribute disclosure: mean accuracy advantage on members',
        num(report.attributeDisclosure?.meanAdvantage ?? null),
        '0',
        num(parts.attributeDisclosure),
      ],
    ],
  );
  const distanceRow = (label: string, d: DistanceSummary | undefined) =>
    d ? [[label, num(d.p5), num(d.median), String(d.rows)]] : [];
  const dcr = table(
    ['distance to closest training row', '5th percentile', 'median', 'rows'],
    [
      ...distanceRow('synthetic → training', report.dcr.syntheticToReal),
      ...distanceRow('holdout → training', report.dcr.holdoutToReal),
      ...distanceRow('training → other training rows', report.dcr.trainingToTraining),
    ],
  );
  const { edges, synthetic, baseline } = report.dcr.histogram;
  const labels = edges.slice(0, -1).map((e) => num(e, 2));
  const chart = figure(
    groupedBars(
      'Distance to the closest training row',
      labels,
      [
        { name: 'synthetic', values: synthetic, colour: COLOURS.synthetic },
        ...(baseline
          ? [
              {
                name: report.dcr.closerThanBaselineP5?.baseline ?? 'baseline',
                values: baseline,
                colour: COLOURS.holdout,
              },
            ]
          : []),
      ],
      { percent: true, yLabel: 'share of rows' },
    ),
    'Gower distance to the closest training row. Synthetic rows piled near 0 are (near) copies; the holdout shows what distances real patients the generator never saw have.',
  );
  const nndr = report.nndr
    ? table(
        ['nearest-neighbour distance ratio', '5th percentile', 'median'],
        [
          ['synthetic', num(report.nndr.synthetic.p5), num(report.nndr.synthetic.median)],
          ...(report.nndr.holdout
            ? [['holdout', num(report.nndr.holdout.p5), num(report.nndr.holdout.median)]]
            : []),
        ],
      )
    : '';
  const mia =
    report.mia.auc === null
      ? paragraphs(`Membership inference not computed: ${report.mia.reason ?? 'no holdout'}.`)
      : table(
          ['attack', 'AUC'],
          [
            ['distance to the closest synthetic row', num(report.mia.distance?.auc)],
            [`density ratio (k = ${report.mia.densityRatio?.k ?? '–'})`, num(report.mia.densityRatio?.auc)],
          ],
          'Membership inference: can an attacker with the synthetic data tell training patients from others?',
        );
  const disclosure = report.attributeDisclosure
    ? table(
        ['sensitive attribute', 'accuracy on members', 'on non-members', 'advantage', 'majority guess'],
        report.attributeDisclosure.attributes.map((a) => [
          escapeHtml(a.name),
          pct(a.trainingAccuracy),
          pct(a.holdoutAccuracy),
          num(a.advantage),
          pct(a.majorityBaseline),
        ]),
        `Attribute disclosure from ${report.attributeDisclosure.quasiIdentifiers.join(', ')}`,
      )
    : '';
  const notes = report.notes.length
    ? `<ul class="notes">${report.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>`
    : '';
  return section(
    'privacy',
    `Privacy — ${report.score === null ? 'not computed' : `score ${num(report.score, 2)}`}`,
    report.verdict,
    `${paragraphs('The score is the smallest of its parts: an attacker uses whichever attack works best.')}${summary}${chart}${dcr}${nndr}${mia}${disclosure}${notes}`,
  );
}
