/**
 * report.html, rendered from report.json alone: one self-contained page (inline CSS and SVG, no
 * script, no font or image from anywhere) that a clinician can read offline. The content security
 * policy forbids every request, so the page cannot leak anything even if a value were hostile.
 */
import type { Report } from '../validate/index.js';
import { escapeHtml, num, pct, verdictBadge } from './html-parts.js';
import { fidelitySection } from './sections/fidelity.js';
import { privacySection } from './sections/privacy.js';
import { utilitySection } from './sections/utility.js';
import { STYLE } from './style.js';

export function renderReportHtml(report: Report): string {
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>Synthetic data report — ${escapeHtml(report.verdict)}</title>`,
    `<style>${STYLE}</style></head><body>`,
    header(report),
    summary(report),
    fidelitySection(report.fidelity),
    utilitySection(report.utility),
    privacySection(report.privacy),
    skippedSection(report),
    methodsSection(report),
    '</body></html>',
  ].join('\n');
}

function header(report: Report): string {
  const files = Object.entries(report.files)
    .filter(([, path]) => path)
    .map(([role, path]) => `${escapeHtml(role)}: <code>${escapeHtml(String(path))}</code>`)
    .join(' · ');
  const rows = `${report.rows.real} real, ${report.rows.synthetic} synthetic${report.rows.holdout === null ? ', no holdout' : `, ${report.rows.holdout} holdout`} rows`;
  return `<header><h1>Synthetic data validation ${verdictBadge(report.verdict)}</h1><p>${rows}. ${files}</p><p class="small">synthcohort ${escapeHtml(report.tool.version)}, report format ${escapeHtml(report.version)}, seed ${report.seed}</p></header>`;
}

function summary(report: Report): string {
  const card = (
    id: string,
    title: string,
    part: { score: number | null; verdict: string },
    lines: string[],
  ) =>
    `<a class="card ${escapeHtml(part.verdict)}" href="#${id}"><h3>${title}</h3><p class="score">${part.score === null ? 'not computed' : num(part.score, 2)}</p>${verdictBadge(part.verdict)}<ul>${lines.map((l) => `<li>${l}</li>`).join('')}</ul></a>`;
  const f = report.fidelity;
  const u = report.utility;
  const p = report.privacy;
  const survival = u.survival[0];
  return `<section id="summary"><h2>Summary</h2><div class="cards">${[
    card('fidelity', 'Fidelity: are the patients alike?', f, [
      `clinical fidelity score ${num(f.csf, 2)}`,
      ...(f.gsf === undefined || f.gsf === null ? [] : [`genomic fidelity score ${num(f.gsf, 2)}`]),
      `mean correlation difference ${num(f.correlation.meanAbsDiff, 2)}`,
    ]),
    card('utility', 'Utility: do analyses agree?', u, [
      ...(survival
        ? [
            `median ${escapeHtml(survival.endpoint)}: ${num(survival.realMedian)} real, ${num(survival.syntheticMedian)} synthetic`,
          ]
        : []),
      `stratified conclusions kept: ${pct(u.stratifiedAgreement, 0)}`,
      ...(u.tstr.length ? [`TSTR / TRTR: ${num(mean(u.tstr.map((t) => t.ratio)), 2)}`] : []),
    ]),
    card('privacy', 'Privacy: is anyone exposed?', p, [
      `exact copies: ${p.exactMatches}`,
      `membership inference AUC: ${num(p.mia.auc, 2)}`,
      `closer than holdout’s 5 %: ${pct(p.dcr.closerThanBaselineP5?.synthetic)}`,
    ]),
  ].join(
    '',
  )}</div>${report.skipped.length ? `<p class="small">${report.skipped.length} metric(s) could not be computed; see <a href="#skipped">Not computed</a>.</p>` : ''}</section>`;
}

function mean(values: ReadonlyArray<number | null>): number | null {
  const present = values.filter((v): v is number => v !== null);
  return present.length ? present.reduce((a, b) => a + b, 0) / present.length : null;
}

function skippedSection(report: Report): string {
  if (!report.skipped.length) return '';
  return `<section id="skipped"><h2>Not computed</h2><ul>${report.skipped.map((s) => `<li><strong>${escapeHtml(s.metric)}</strong>: ${escapeHtml(s.reason)}</li>`).join('')}</ul></section>`;
}

function methodsSection(report: Report): string {
  const t = report.thresholds;
  const row = (name: string, l: { pass: number; warn: number }) =>
    `<tr><td>${name}</td><td>≥ ${l.pass}</td><td>≥ ${l.warn}</td></tr>`;
  return `<section id="methods"><h2>Thresholds</h2><table><thead><tr><th>dimension</th><th>pass</th><th>warn</th></tr></thead><tbody>${row('fidelity', t.fidelity)}${row('utility', t.utility)}${row('privacy', t.privacy)}</tbody></table><p class="small">Scores run from 0 to 1, higher is better; below the warn threshold a dimension fails. Significance level α = ${t.alpha}. Every formula is in the synthcohort README, under “Reading the report”.</p></section>`;
}
