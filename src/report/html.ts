/**
 * report.html, rendered from report.json alone: one self-contained page (inline CSS and SVG, no
 * script, no font or image from anywhere) that a clinician can read offline. The content security
 * policy forbids every request, so the page cannot leak anything even if a value were hostile.
 */
import type { Report } from '../validate/index.js';
import type { Discrepancy } from '../validate/types.js';
import { escapeHtml, num, verdictBadge } from './html-parts.js';
import { fidelitySection } from './sections/fidelity.js';
import { privacySection } from './sections/privacy.js';
import { utilitySection } from './sections/utility.js';
import { validitySection } from './sections/validity.js';
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
    contents(report),
    summary(report),
    validitySection(report.validity),
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
  return `<header><h1>Synthetic data validation ${verdictBadge(report.verdict)}</h1><p>${rows}. ${files}</p>${provenance(report.model)}${smallCellNote(report)}<p class="small">synthcohort ${escapeHtml(report.tool.version)}, report format ${escapeHtml(report.version)}, validation seed ${report.seed}</p></header>`;
}

/** The small-cell threshold, stated when below the usual 5: the page then shows smaller counts of real patients. */
function smallCellNote(report: Report): string {
  const k = report.fidelity.smallCell;
  if (k >= 5) return '';
  return `<p><strong>Small-cell threshold ${k}</strong>: counts of ${k} or more real patients are shown (the usual threshold is 5). Check that this is allowed before sharing the report.</p>`;
}

/** Which generator, options and seeds made the synthetic table, as far as the model file tells. */
function provenance(model: Report['model']): string {
  if (!model) return '<p class="small">Generator: not stated (no model file given).</p>';
  const options =
    model.options && typeof model.options === 'object'
      ? Object.entries(model.options as Record<string, unknown>)
          .map(([key, value]) => `${escapeHtml(key)} ${escapeHtml(JSON.stringify(value))}`)
          .join(', ')
      : '';
  const seed = (label: string, value: number | null) =>
    value === null ? `${label} seed not recorded` : `${label} seed ${value}`;
  return `<p>Generator <strong>${escapeHtml(model.generator)}</strong>${options ? ` (${options})` : ''}; ${seed('fit', model.fitSeed)}, ${seed('sampling', model.sampleSeed)}; synthcohort ${escapeHtml(model.version)}${model.schemaHash ? `, schema ${escapeHtml(model.schemaHash)}` : ''}.${model.note ? ` <span class="small">${escapeHtml(model.note)}</span>` : ''}</p>`;
}

/** The sections in page order, with the title the table of contents shows. */
const SECTIONS: ReadonlyArray<readonly [id: string, title: string]> = [
  ['summary', 'Summary'],
  ['validity', 'Validity'],
  ['fidelity', 'Fidelity'],
  ['utility', 'Utility'],
  ['privacy', 'Privacy'],
  ['skipped', 'Not computed'],
  ['methods', 'Thresholds'],
];

function contents(report: Report): string {
  const present = SECTIONS.filter(([id]) => id !== 'skipped' || report.skipped.length);
  return `<nav id="contents"><strong>Contents</strong> ${present.map(([id, title]) => `<a href="#${id}">${title}</a>`).join(' · ')}</nav>`;
}

/** The findings a clinician should read first, failures first, then the largest. */
function discrepanciesOf(report: Report, part?: Discrepancy['part']): Discrepancy[] {
  return report.discrepancies.filter((d) => part === undefined || d.part === part);
}

function finding(d: Discrepancy): string {
  return `<li class="${d.severity}">${escapeHtml(d.message)}</li>`;
}

function summary(report: Report): string {
  const card = (
    id: string,
    title: string,
    part: { score: number | null; verdict: string },
    findings: Discrepancy[],
    lines: string[],
  ) =>
    `<a class="card ${escapeHtml(part.verdict)}" href="#${id}"><h3>${title}</h3><p class="score">${part.score === null ? 'not computed' : num(part.score, 2)}</p>${verdictBadge(part.verdict)}<ul>${findings
      .slice(0, 3)
      .map(finding)
      .join('')}${lines.map((l) => `<li>${l}</li>`).join('')}</ul></a>`;
  const f = report.fidelity;
  const u = report.utility;
  const p = report.privacy;
  const survival = u.survival[0];
  const first = discrepanciesOf(report).slice(0, 8);
  const more = discrepanciesOf(report).length - first.length;
  return `<section id="summary"><h2>Summary</h2><div class="cards">${[
    card(
      'fidelity',
      'Fidelity: are the patients alike?',
      f,
      [...discrepanciesOf(report, 'validity'), ...discrepanciesOf(report, 'fidelity')],
      [
        `clinical fidelity score ${num(f.csf, 2)}`,
        ...(f.gsf === undefined || f.gsf === null ? [] : [`genomic fidelity score ${num(f.gsf, 2)}`]),
      ],
    ),
    card('utility', 'Utility: do analyses agree?', u, discrepanciesOf(report, 'utility'), [
      ...(survival
        ? [
            `median ${escapeHtml(survival.endpoint)}: ${inGridUnit(survival.realMedian, survival)} real, ${inGridUnit(survival.syntheticMedian, survival)} synthetic ${survival.curves.grid.unit}`,
          ]
        : []),
      ...(u.tstr.length ? [`TSTR / TRTR: ${num(mean(u.tstr.map((t) => t.ratio)), 2)}`] : []),
    ]),
    card('privacy', 'Privacy: is anyone exposed?', p, discrepanciesOf(report, 'privacy'), [
      `exact copies: ${p.exactMatches}`,
      `membership inference AUC: ${p.mia.auc === null ? 'not measured (no holdout)' : num(p.mia.auc, 2)}`,
    ]),
  ].join('')}</div>${
    first.length
      ? `<h3>What to look at first</h3><ol class="findings">${first.map(finding).join('')}</ol>${more > 0 ? `<p class="small">${more} more finding(s) in the sections below.</p>` : ''}`
      : '<p>No rule broken, no effect reversed or lost, no privacy finding.</p>'
  }${report.skipped.length ? `<p class="small">${report.skipped.length} metric(s) could not be computed; see <a href="#skipped">Not computed</a>.</p>` : ''}</section>`;
}

/** A time in the survival grid's unit (months or years), as the curves show it; NR when not reached. */
function inGridUnit(time: number | null, survival: Report['utility']['survival'][number]): string {
  return time === null ? 'NR' : num(time * survival.curves.grid.scale, 3);
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
