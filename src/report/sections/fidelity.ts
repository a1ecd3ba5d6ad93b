/**
 * The fidelity section, compact enough to read in a few minutes: the scores and what to look at
 * first, every column's score in one chart, every 0/1 flag in one dot plot, small multiples of the
 * distributions, clustered association heatmaps, the co-mutation odds ratios real against
 * synthetic, the PCA densities, detection and synthpop's pMSE. Drawn from report.json alone.
 */

import type {
  ColumnFidelity,
  FidelityReport,
  GenomicReport,
  NumericColumnFidelity,
} from '../../validate/fidelity/types.js';
import type { Discrepancy } from '../../validate/types.js';
import { informativeOrder } from '../charts/cluster-order.js';
import { densityPanels } from '../charts/density-grid.js';
import { prevalenceDotPlot } from '../charts/dot-plot.js';
import { heatmap } from '../charts/heatmap.js';
import { histogramPanel } from '../charts/histogram.js';
import { oddsRatioScatter } from '../charts/odds-scatter.js';
import { scoreChart } from '../charts/score-chart.js';
import { escapeHtml, num, pct, pValue, section, table } from '../html-parts.js';

/** The association heatmaps show at most this many variables. */
const HEATMAP_VARIABLES = 25;

export function fidelitySection(report: FidelityReport): string {
  const { smallCell } = report;
  const body = [
    scoresBlock(report),
    findingsBlock(report.discrepancies),
    columnsBlock(report.columns),
    flagsBlock(report, smallCell),
    distributionsBlock(report),
    associationsBlock(report),
    report.genomic ? comutationBlock(report.genomic, smallCell) : '',
    wholeTableBlock(report, smallCell),
  ].join('');
  return section(
    'fidelity',
    `Statistical fidelity — ${report.score === null ? 'not computed' : `score ${num(report.score, 2)}`}`,
    report.verdict,
    body,
  );
}

/** A chart with its title above it and an optional note below. */
function chart(title: string, svg: string, note?: string, wide = false): string {
  return `<figure class="chart${wide ? ' wide' : ''}"><figcaption class="title">${escapeHtml(title)}</figcaption>${svg}${note ? `<p class="note">${escapeHtml(note)}</p>` : ''}</figure>`;
}

function scoresBlock(report: FidelityReport): string {
  const rows: string[][] = [
    ['clinical fidelity score (CSF)', num(report.csf)],
    ['  · column distributions', num(report.csfParts.distance)],
    ['  · PCA overlap', num(report.csfParts.pca)],
    ['  · association preservation', num(report.csfParts.correlation)],
    ...(report.gsf === undefined ? [] : [['genomic fidelity score (GSF)', num(report.gsf)]]),
    ['detection (1 = a classifier cannot tell them apart)', num(report.parts.detection)],
  ];
  const p = report.pmse;
  const synthpop = p
    ? `<p class="synthpop"><strong>synthpop-comparable:</strong> pMSE ${num(p.pmse)}, S_pMSE ${num(p.sPmse, 3)} (≈ 1 means indistinguishable; ${escapeHtml(p.model)}, ${p.parameters} parameters, ${p.rows.real} real and ${p.rows.synthetic} synthetic rows).</p>`
    : '';
  return `<div class="scores">${table(['part', 'score'], rows, 'The fidelity score is the geometric mean of CSF, GSF and the detection score')}${synthpop}</div>`;
}

function findingsBlock(findings: readonly Discrepancy[]): string {
  if (!findings.length) return '<p>No column, association or co-mutation differs beyond the thresholds.</p>';
  return `<h3>Look at these first</h3><ol class="findings">${findings
    .map((f) => `<li class="${f.severity}">${escapeHtml(f.message)}</li>`)
    .join('')}</ol>`;
}

function columnsBlock(columns: readonly ColumnFidelity[]): string {
  const svg = scoreChart(
    'Fidelity score of every column',
    columns.map((c) => ({ label: c.name, score: c.score, test: c.test })),
  );
  return `<h3>Columns</h3>${chart('Fidelity score of every column, worst first', svg, '1 − KS statistic for numbers, 1 − total variation distance for categories; hover a column for its score.', true)}`;
}

function flagsBlock(report: FidelityReport, smallCell: number): string {
  if (!report.flags.length) return '';
  const mutations = report.flags.filter((f) => f.role === 'mutation');
  const others = report.flags.filter((f) => f.role !== 'mutation');
  const rows = [...others, ...mutations].map((f) => ({
    label: f.name,
    real: f.real,
    synthetic: f.synthetic,
  }));
  const svg = prevalenceDotPlot('Prevalence of every 0/1 flag and mutation', rows, {
    columns: rows.length > 24 ? 3 : rows.length > 12 ? 2 : 1,
    smallCell,
  });
  return chart(
    'Prevalence of every 0/1 flag and mutation: real (dot) and synthetic (ring)',
    svg,
    `Flags first, then mutations. “real < ${smallCell}”: too few real patients to show their share.`,
    true,
  );
}

function distributionsBlock(report: FidelityReport): string {
  const numeric = report.columns.filter((c): c is NumericColumnFidelity => c.test === 'ks');
  const flags = new Set(report.flags.map((f) => f.name));
  const categorical = report.columns.filter(
    (c) => c.test !== 'ks' && c.test !== 'none' && !flags.has(c.name) && c.levels.length > 1,
  );
  const numberPanels = numeric.map((c) =>
    histogramPanel({
      title: c.name,
      edges: c.histogram.edges,
      labels: c.histogram.labels,
      real: c.histogram.real,
      synthetic: c.histogram.synthetic,
      scale: c.scale,
      categories: c.discrete,
      axisLabel: c.unit ?? '',
    }),
  );
  const categoryPanels = categorical.flatMap((c) =>
    c.test === 'ks' || c.test === 'none'
      ? []
      : [
          histogramPanel({
            title: c.name,
            labels: c.levels,
            real: c.proportions.real,
            synthetic: c.proportions.synthetic,
            categories: true,
          }),
        ],
  );
  const burden = report.genomic?.burden.labels.length
    ? [
        histogramPanel({
          title: 'Mutations per patient',
          labels: report.genomic.burden.labels,
          real: report.genomic.burden.real,
          synthetic: report.genomic.burden.synthetic,
          categories: true,
          axisLabel: 'mutated genes',
        }),
      ]
    : [];
  const key = `<p class="note"><span class="key real"></span> real <span class="key synthetic"></span> synthetic. Shares of each table's non-missing values; the outer bins are open-ended and bins, levels or cells holding fewer real patients than the small-cell threshold are merged, so no bar is a single patient.${report.genomic ? ` Mutations per patient (in the ${report.genomic.burden.genes} genes whose real frequency is shown): mean ${num(report.genomic.burden.meanReal, 2)} real, ${num(report.genomic.burden.meanSynthetic, 2)} synthetic.` : ''}</p>`;
  return `<h3>Distributions</h3>${key}<div class="multiples">${[...numberPanels, ...categoryPanels, ...burden].join('')}</div>`;
}

function associationsBlock(report: FidelityReport): string {
  const c = report.correlation;
  if (c.columns.length < 2) return '';
  const order = informativeOrder(c.real, c.synthetic, HEATMAP_VARIABLES);
  const pick = (m: readonly (readonly (number | null)[])[]) => order.map((i) => order.map((j) => m[i][j]));
  const labels = order.map((i) => c.columns[i]);
  const real = pick(c.real);
  const synthetic = pick(c.synthetic);
  const difference = real.map((row, i) =>
    row.map((r, j) => (r === null || synthetic[i][j] === null ? null : synthetic[i][j]! - r)),
  );
  const both = heatmap('Associations, real (below) and synthetic (above the diagonal)', labels, real, {
    upper: synthetic,
    legendLabel: 'association',
    triangles: ['real', 'synthetic'],
    nullLabel: `< ${report.smallCell} patients`,
  });
  const diff = heatmap('Association difference, synthetic − real', labels, difference, {
    limit: 0.5,
    legendLabel: 'synthetic − real',
    nullLabel: `< ${report.smallCell} patients`,
  });
  const shown =
    order.length < c.columns.length
      ? `The ${order.length} of ${c.columns.length} columns with the strongest associations, `
      : 'All columns, ';
  return `<h3>Associations between columns</h3><p>Spearman's ρ for number pairs, Cramér's V for category pairs, the correlation ratio η for mixed pairs. Mean absolute difference ${num(c.meanAbsDiff)}; preservation of the ${c.preservation.pairs} associated pairs ${num(c.preservation.score)}; contingency similarity of associated category pairs ${num(report.contingency.associated.meanSimilarity)}.</p><div class="grid">${chart('Associations: real below, synthetic above the diagonal', both)}${chart('Difference, synthetic − real', diff)}</div><p class="note">${escapeHtml(`${shown}ordered by hierarchical clustering of the real associations so related columns sit together; levels held by fewer than ${report.smallCell} real patients are pooled, and a grey cell is a pair whose real association would describe fewer than ${report.smallCell} patients.`)}</p>`;
}

function comutationBlock(g: GenomicReport, smallCell: number): string {
  const points = g.comutation.pairs.map((p) => ({
    label: `${p.genes[0]} × ${p.genes[1]}`,
    real: p.real.oddsRatio,
    synthetic: p.synthetic.oddsRatio,
    significantInReal: p.change !== 'gained-significance',
    change: p.change,
  }));
  const scatter = points.length
    ? chart(
        'Co-mutation odds ratios, real against synthetic',
        oddsRatioScatter('Co-mutation odds ratios, real against synthetic', points),
        `Gene pairs significant in either table (Fisher, Benjamini–Hochberg q ≤ α); large dots are significant in the real table. ${g.comutation.agreeing} of ${g.comutation.significantPairs} real pairs agree${g.comutation.unlisted ? `; ${g.comutation.unlisted} pair(s) not compared, since a cell of their real table holds fewer than ${smallCell} patients` : ''}.`,
      )
    : '';
  const changed = g.comutation.pairs
    .filter((p) => p.change !== 'none' && p.change !== 'gained-significance')
    .slice(0, 8)
    .map((p) => [
      `${escapeHtml(p.genes[0])} × ${escapeHtml(p.genes[1])}`,
      `${num(p.real.oddsRatio, 2)} (q ${pValue(p.real.q)})`,
      `${num(p.synthetic.oddsRatio, 2)} (q ${pValue(p.synthetic.q)})`,
      escapeHtml(p.change),
    ]);
  const list = changed.length
    ? table(['pair', 'real OR', 'synthetic OR', 'change'], changed, 'Pairs that changed')
    : '';
  return `<h3>Co-mutations</h3><p>Genomic fidelity parts: mutation frequencies score ${num(g.frequencies.score)}, mutations per patient ${num(g.burden.score)}, co-mutations ${num(g.comutation.score)}.</p><div class="grid">${scatter}${list ? `<div>${list}</div>` : ''}</div>`;
}

function wholeTableBlock(report: FidelityReport, smallCell: number): string {
  const parts: string[] = [];
  if (report.pca) {
    const p = report.pca;
    parts.push(
      chart(
        'PCA of the real data, synthetic rows projected',
        densityPanels(
          'PCA of the real data, synthetic rows projected',
          p.grid,
          [`PC1 (${pct(p.explained[0], 0)})`, `PC2 (${pct(p.explained[1], 0)})`],
          smallCell,
        ),
        `Share of each table's rows in each cell of the first two components. Overlap ${num(p.overlap)} (1 = the synthetic rows cover the real ones in the same proportions).`,
      ),
    );
  }
  const text: string[] = [];
  if (report.detection)
    text.push(
      `A ${escapeHtml(report.detection.model)} trying to tell synthetic from real rows reached a cross-validated AUC of ${num(report.detection.auc)} (0.5 = cannot tell them apart): detection score ${num(report.detection.score)}.`,
    );
  if (report.pmse)
    text.push(
      `Propensity-score mean squared error pMSE ${num(report.pmse.pmse)}, ${num(report.pmse.sPmse, 3)} times its expectation for two samples of one distribution (S_pMSE; synthpop reports the same numbers).`,
    );
  if (!parts.length && !text.length) return '';
  return `<h3>The whole table</h3><div class="grid">${parts.join('')}<div class="aside">${text.map((t) => `<p>${t}</p>`).join('')}</div></div>`;
}
