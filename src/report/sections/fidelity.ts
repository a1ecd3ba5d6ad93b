import type { ColumnFidelity, FidelityReport, GenomicReport } from '../../validate/fidelity/types.js';
import { realVsSyntheticBars } from '../charts/bars.js';
import { heatmap } from '../charts/heatmap.js';
import { scatter } from '../charts/lines.js';
import { COLOURS } from '../charts/svg.js';
import { escapeHtml, figure, num, paragraphs, pct, pValue, section, table } from '../html-parts.js';

export function fidelitySection(report: FidelityReport): string {
  const body = [
    table(
      ['part', 'score'],
      [
        ['clinical fidelity score (CSF)', num(report.csf)],
        ['  · column distributions', num(report.csfParts.distance)],
        ['  · PCA overlap', num(report.csfParts.pca)],
        ['  · association preservation', num(report.csfParts.correlation)],
        ...(report.gsf === undefined ? [] : [['genomic fidelity score (GSF)', num(report.gsf)]]),
        ['detection (1 = a classifier cannot tell them apart)', num(report.parts.detection)],
      ],
      'The fidelity score is the geometric mean of CSF, GSF and the detection score',
    ),
    columnsBlock(report.columns),
    correlationBlock(report),
    pcaBlock(report),
    report.genomic ? genomicBlock(report.genomic) : '',
  ].join('');
  return section(
    'fidelity',
    `Statistical fidelity — ${report.score === null ? 'not computed' : `score ${num(report.score, 2)}`}`,
    report.verdict,
    body,
  );
}

function columnsBlock(columns: readonly ColumnFidelity[]): string {
  const rows = columns.map((c) => [
    escapeHtml(c.name),
    escapeHtml(c.kind),
    c.test === 'ks'
      ? `KS ${num(c.statistic)}; rank-sum p ${pValue(c.wilcoxon.p)}`
      : c.test === 'none'
        ? `none: no values in the ${c.emptyIn} table`
        : `${c.test === 'fisher' ? 'Fisher OR' : 'χ²'} ${num(c.statistic)}`,
    pValue(c.p),
    `${pct(c.missing.real)} / ${pct(c.missing.synthetic)}`,
    num(c.score),
  ]);
  const charts = columns.flatMap((c) => (c.test === 'none' ? [] : [columnChart(c)]));
  return `<h3>Columns</h3>${table(['column', 'kind', 'test', 'p', 'missing real / synthetic', 'score'], rows)}<div class="grid">${charts.join('')}</div>`;
}

function columnChart(c: Exclude<ColumnFidelity, { test: 'none' }>): string {
  if (c.test === 'ks') {
    const labels = c.histogram.edges.slice(0, -1).map((e) => num(e, 3));
    return figure(
      realVsSyntheticBars(c.name, labels, c.histogram.real, c.histogram.synthetic, { percent: true }),
      `${c.name}: distribution (KS ${num(c.statistic)})`,
    );
  }
  return figure(
    realVsSyntheticBars(c.name, c.levels, c.proportions.real, c.proportions.synthetic, { percent: true }),
    `${c.name}: share of each category (TVD ${num(c.tvd)})`,
  );
}

function correlationBlock(report: FidelityReport): string {
  const c = report.correlation;
  const maps = [
    figure(heatmap('Associations in the real data', c.columns, c.real), 'Real'),
    figure(heatmap('Associations in the synthetic data', c.columns, c.synthetic), 'Synthetic'),
    figure(
      heatmap('Absolute difference', c.columns, c.absDiff),
      'Absolute difference (dark = association lost or invented)',
    ),
  ].join('');
  const worst = table(
    ['pair', 'real', 'synthetic', 'difference'],
    c.largestDifferences.map((d) => [
      `${escapeHtml(d.a)} × ${escapeHtml(d.b)}`,
      num(d.real),
      num(d.synthetic),
      num(d.absDiff),
    ]),
    'Largest differences',
  );
  return `<h3>Associations between columns</h3>${paragraphs(
    `Spearman's ρ for number pairs, Cramér's V for category pairs, the correlation ratio for mixed pairs. Mean absolute difference ${num(c.meanAbsDiff)}; preservation of the ${c.preservation.pairs} associated pairs ${num(c.preservation.score)}. Contingency similarity of associated category pairs ${num(report.contingency.associated.meanSimilarity)}.`,
  )}<div class="grid">${maps}</div>${worst}`;
}

function pcaBlock(report: FidelityReport): string {
  const parts: string[] = [];
  if (report.pca) {
    const p = report.pca;
    parts.push(
      figure(
        scatter(
          'PCA of the real data, synthetic rows projected',
          [
            { name: 'real', colour: COLOURS.real, points: p.real },
            { name: 'synthetic', colour: COLOURS.synthetic, points: p.synthetic },
          ],
          [`PC1 (${pct(p.explained[0], 0)})`, `PC2 (${pct(p.explained[1], 0)})`],
        ),
        `Overlap on the first two components: ${num(p.overlap)} (1 = the synthetic cloud covers the real one in the same proportions).`,
      ),
    );
  }
  if (report.detection)
    parts.push(
      paragraphs(
        `A ${report.detection.model} trying to tell synthetic from real rows reached a cross-validated AUC of ${num(report.detection.auc)} (0.5 = cannot tell them apart), so the detection score is ${num(report.detection.score)}.`,
      ),
    );
  return parts.length ? `<h3>The whole table</h3>${parts.join('')}` : '';
}

function genomicBlock(g: GenomicReport): string {
  const frequencies = figure(
    realVsSyntheticBars(
      'Mutation frequencies',
      g.frequencies.genes.map((f) => f.gene),
      g.frequencies.genes.map((f) => f.real),
      g.frequencies.genes.map((f) => f.synthetic),
      { percent: true },
    ),
    `Share of patients with each mutation (score ${num(g.frequencies.score)}).`,
  );
  const burden = figure(
    realVsSyntheticBars(
      'Mutations per patient',
      g.burden.counts.map(String),
      g.burden.real,
      g.burden.synthetic,
      { percent: true },
    ),
    `Mean ${num(g.burden.meanReal)} real, ${num(g.burden.meanSynthetic)} synthetic (score ${num(g.burden.score)}).`,
  );
  const pairs = g.comutation.pairs
    .filter((p) => p.real.q <= 0.05 || p.change !== 'none')
    .slice(0, 40)
    .map((p) => [
      `${escapeHtml(p.genes[0])} × ${escapeHtml(p.genes[1])}`,
      `${num(p.real.oddsRatio)} (p ${pValue(p.real.p)})`,
      `${num(p.synthetic.oddsRatio)} (p ${pValue(p.synthetic.p)})`,
      p.agrees ? 'yes' : '<strong class="bad">no</strong>',
      escapeHtml(p.change),
    ]);
  const comutation = `${table(['pair', 'real odds ratio', 'synthetic odds ratio', 'agrees', 'change'], pairs, `Co-mutations: ${g.comutation.agreeing} of ${g.comutation.significantPairs} significant real pairs agree`)}`;
  return `<h3>Genomic fidelity</h3><div class="grid">${frequencies}${burden}</div>${comutation}`;
}
