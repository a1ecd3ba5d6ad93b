/**
 * The federated report's page, rendered from the federated report's JSON alone, as report.html is
 * from report.json: one self-contained page (inline CSS, no script, no request; the same content
 * security policy) a clinician reads offline — the consortium's verdict, the centres side by side,
 * pooled scores, where centres disagree in words, and a section per centre with a link to the
 * centre's own page when the caller knows where it is.
 */
import type { Check, FederatedReport, Pooled } from './federated.js';
import { DIMENSIONS, type Dimension } from './federated.js';
import { escapeHtml, num, verdictBadge } from './html-parts.js';
import { STYLE } from './style.js';

export interface FederatedHtmlOptions {
  /** Where a centre's own report.html is, relative to this page (e.g. `C01/report.html`). */
  readonly centreReportHref?: (centre: string) => string | undefined;
}

/** Findings shown side by side; the rest are counted (each centre's page lists all of its own). */
const MAX_FINDINGS = 40;

const FEDERATED_STYLE = `
table.side td.mark { text-align: center; white-space: nowrap; } table.side tr.pooled td { border-top: 2px solid #bbb; font-weight: 600; }
table.side td.num { text-align: right; } .mark .none { color: #999; }
.chip { display: inline-block; min-width: 2.6rem; padding: .05rem .4rem; border-radius: .3rem; font-size: .8rem; font-weight: 600; color: #fff; }
.chip.pass { background: #2e7d32; } .chip.warn { background: #d08a00; } .chip.fail { background: #c62828; } .chip.none { background: #eee; color: #777; font-weight: 400; }
ul.disagreements li { margin: .3rem 0; } .centre { border-left: 4px solid #ddd; padding-left: 1rem; margin: 1.2rem 0; }
.centre.pass { border-left-color: #2e7d32; } .centre.warn { border-left-color: #d08a00; } .centre.fail { border-left-color: #c62828; }
.card .rule { font-size: .8rem; color: #555; } #summary .card { flex-basis: 200px; }
`;

const TITLES: Record<Dimension, string> = {
  validity: 'Validity: are the rules kept?',
  fidelity: 'Fidelity: are the patients alike?',
  utility: 'Utility: do analyses agree?',
  privacy: 'Privacy: is anyone exposed?',
};

export function renderFederatedReportHtml(
  report: FederatedReport,
  options: FederatedHtmlOptions = {},
): string {
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>Federated validation report — ${escapeHtml(report.verdict)}</title>`,
    `<style>${STYLE}${FEDERATED_STYLE}</style></head><body>`,
    header(report),
    contents(report),
    summary(report),
    sideBySide(report),
    disagreements(report),
    findings(report),
    centres(report, options),
    method(report),
    '</body></html>',
  ].join('\n');
}

function header(report: FederatedReport): string {
  const synthetic = report.centres.map((c) => c.report.rows.synthetic);
  const compared =
    new Set(synthetic).size === 1
      ? `each compared with ${synthetic[0]} synthetic patients`
      : `each compared with the synthetic patients of its own centre (${Math.min(...synthetic)}–${Math.max(...synthetic)})`;
  return `<header><h1>Federated validation ${verdictBadge(report.verdict)}</h1><p>${report.centres.length} centres, ${report.patients} real patients in all, ${compared}. Each centre validated the synthetic cohort against its own patients, inside its own walls, and sent only its shareable report (no value of a single patient, small counts suppressed).</p><p class="small">synthcohort ${escapeHtml(report.tool.version)}, federated report format ${escapeHtml(report.version)}</p></header>`;
}

const SECTIONS: ReadonlyArray<readonly [id: string, title: string]> = [
  ['summary', 'Summary'],
  ['centres', 'Centres side by side'],
  ['disagreements', 'Where centres disagree'],
  ['findings', 'Findings by centre'],
  ['per-centre', 'Each centre'],
  ['method', 'How it was pooled'],
];

function contents(report: FederatedReport): string {
  const present = SECTIONS.filter(([id]) => id !== 'findings' || findingChecks(report).length);
  return `<nav id="contents"><strong>Contents</strong> ${present.map(([id, title]) => `<a href="#${id}">${title}</a>`).join(' · ')}</nav>`;
}

function ruleText(pooled: Pooled): string {
  const base =
    pooled.rule === 'weighted-score'
      ? 'verdict from the pooled score'
      : 'the worst centre decides the verdict';
  const capped = pooled.cappedBy ? '; failed because a rule is broken (validity)' : '';
  return `${base}; ${pooled.centres} centre(s), ${pooled.patients} patients scored${capped}`;
}

function summary(report: FederatedReport): string {
  const order: Dimension[] = ['fidelity', 'utility', 'privacy', 'validity'];
  const cards = order
    .map((d) => {
      const pooled = report.pooled[d];
      return `<a class="card ${pooled.verdict}" href="#centres"><h3>${TITLES[d]}</h3><p class="score">${pooled.score === null ? 'not computed' : score2(pooled.score)}</p>${verdictBadge(pooled.verdict)}<p class="rule">${escapeHtml(ruleText(pooled))}</p></a>`;
    })
    .join('');
  const count = report.disagreements.filter((d) => d.kind !== 'finding').length;
  const agreement = report.disagreements.length
    ? `<p>The centres disagree on ${count} score(s) or verdict(s) and ${report.disagreements.length - count} finding(s): see <a href="#disagreements">where centres disagree</a>.</p>`
    : '<p>The centres agree: the same verdicts everywhere and no score spread above the threshold.</p>';
  return `<section id="summary"><h2>Summary</h2><p>Pooled scores are each centre's score weighted by its number of patients.</p><div class="cards">${cards}</div>${agreement}</section>`;
}

function chip(verdict: string | null, label?: string): string {
  if (verdict === null) return '';
  const text = label ?? (verdict === 'none' ? '—' : verdict);
  return `<span class="chip ${escapeHtml(verdict)}">${escapeHtml(text)}</span>`;
}

/** Scores with two decimals everywhere on the page, so columns line up and 0.9 reads as 0.90. */
function score2(score: number): string {
  return score.toFixed(2);
}

function mark(verdict: string | null, score: number | null): string {
  const shown = score === null ? '' : ` ${score2(score)}`;
  return `${chip(verdict)}${shown}`;
}

function sideBySide(report: FederatedReport): string {
  const head = `<tr><th>centre</th><th>patients</th><th>overall</th>${DIMENSIONS.map((d) => `<th>${d}</th>`).join('')}</tr>`;
  const rows = report.centres.map(
    (c, i) =>
      `<tr><td><a href="#centre-${i + 1}">${escapeHtml(c.name)}</a></td><td class="num">${c.patients}</td><td class="mark">${chip(c.verdict)}</td>${DIMENSIONS.map((d) => `<td class="mark">${mark(c.report[d].verdict, c.report[d].score)}</td>`).join('')}</tr>`,
  );
  const pooled = `<tr class="pooled"><td>pooled</td><td class="num">${report.patients}</td><td class="mark">${chip(report.verdict)}</td>${DIMENSIONS.map((d) => `<td class="mark">${mark(report.pooled[d].verdict, report.pooled[d].score)}</td>`).join('')}</tr>`;
  const parts = report.checks.filter((c) => c.kind === 'score');
  const partsTable = parts.length
    ? `<table class="side"><caption>Parts of the scores (0–1, higher is better; – not computed)</caption><thead><tr><th>score</th>${report.centres.map((c) => `<th>${escapeHtml(c.name)}</th>`).join('')}</tr></thead><tbody>${parts
        .map(
          (check) =>
            `<tr><td>${escapeHtml(check.label)}</td>${check.centres.map((m) => `<td class="num">${m.score === null ? '–' : score2(m.score)}</td>`).join('')}</tr>`,
        )
        .join('')}</tbody></table>`
    : '';
  return `<section id="centres"><h2>Centres side by side</h2><table class="side"><caption>Verdict and score of every dimension at every centre, and pooled</caption><thead>${head}</thead><tbody>${rows.join('')}${pooled}</tbody></table>${partsTable}</section>`;
}

function disagreements(report: FederatedReport): string {
  const main = report.disagreements.filter((d) => d.kind !== 'finding');
  const body = main.length
    ? `<ul class="disagreements">${main.map((d) => `<li>${escapeHtml(d.message)}</li>`).join('')}</ul>`
    : '<p>No dimension or score part differs between centres in verdict or by more than the spread threshold.</p>';
  const findingCount = report.disagreements.length - main.length;
  const more = findingCount
    ? `<p>${findingCount} finding(s) are flagged at some centres and not at others; they are in <a href="#findings">findings by centre</a>.</p>`
    : '';
  return `<section id="disagreements"><h2>Where centres disagree</h2><p>A disagreement is a check the centres judge differently, or whose scores differ by more than ${num(report.spreadThreshold, 2)} between the lowest and the highest centre. It may mean the synthetic cohort serves some centres' patients less well than others (a case mix it did not keep), or that a centre is small and its scores uncertain.</p>${body}${more}</section>`;
}

function findingChecks(report: FederatedReport): Check[] {
  const failing = (c: Check) => c.centres.filter((m) => m.verdict === 'fail').length;
  const flagged = (c: Check) => c.centres.filter((m) => m.verdict !== 'none').length;
  return report.checks
    .filter((c) => c.kind === 'finding')
    .sort((a, b) => failing(b) - failing(a) || flagged(b) - flagged(a));
}

function findings(report: FederatedReport): string {
  const all = findingChecks(report);
  if (!all.length) return '';
  const shown = all.slice(0, MAX_FINDINGS);
  const rows = shown
    .map(
      (check) =>
        `<tr><td>${escapeHtml(check.label)}</td>${check.centres.map((m) => `<td class="mark">${chip(m.verdict)}</td>`).join('')}</tr>`,
    )
    .join('');
  const more =
    all.length > shown.length
      ? `<p class="small">${all.length - shown.length} more finding(s) in the centres' own reports.</p>`
      : '';
  return `<section id="findings"><h2>Findings by centre</h2><p>What each centre's report lists for a clinician to look at first (fail or warn; — not flagged there), failures at most centres first.</p><table class="side"><thead><tr><th>finding</th>${report.centres.map((c) => `<th>${escapeHtml(c.name)}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table>${more}</section>`;
}

function centres(report: FederatedReport, options: FederatedHtmlOptions): string {
  const blocks = report.centres.map((c, i) => {
    const r = c.report;
    const href = options.centreReportHref?.(c.name);
    const link = href
      ? `<p><a href="${escapeHtml(href)}">Open ${escapeHtml(c.name)}'s own report</a></p>`
      : '<p class="small">The centre\'s own report (report.html) is kept at the centre and at the hub with this report.</p>';
    const first = r.discrepancies.slice(0, 5);
    const list = first.length
      ? `<ol class="findings">${first.map((d) => `<li class="${escapeHtml(d.severity)}">${escapeHtml(d.message)}</li>`).join('')}</ol>${r.discrepancies.length > first.length ? `<p class="small">${r.discrepancies.length - first.length} more in its report.</p>` : ''}`
      : '<p>No rule broken, no effect reversed or lost, no privacy finding.</p>';
    const scores = DIMENSIONS.map((d) => `${d} ${mark(r[d].verdict, r[d].score)}`).join(' · ');
    const skipped = r.skipped.length
      ? ` ${r.skipped.length} metric(s) not computed (${escapeHtml(r.skipped.map((s) => s.metric).join(', '))}).`
      : '';
    return `<div class="centre ${escapeHtml(c.verdict)}" id="centre-${i + 1}"><h3>${escapeHtml(c.name)} ${verdictBadge(c.verdict)}</h3><p>${c.patients} real patients, ${r.rows.synthetic} synthetic patients compared.${skipped}</p><p>${scores}</p>${list}${link}</div>`;
  });
  return `<section id="per-centre"><h2>Each centre</h2>${blocks.join('')}</section>`;
}

function method(report: FederatedReport): string {
  const t = report.thresholds;
  const row = (name: string, l: { pass: number; warn: number }, rule: string) =>
    `<tr><td>${name}</td><td>≥ ${l.pass}</td><td>≥ ${l.warn}</td><td>${rule}</td></tr>`;
  return `<section id="method"><h2>How it was pooled</h2><table><thead><tr><th>dimension</th><th>pass</th><th>warn</th><th>pooled verdict</th></tr></thead><tbody>${row('fidelity', t.fidelity, 'from the pooled score')}${row('utility', t.utility, 'from the pooled score')}${row('privacy', t.privacy, 'the worst centre')}<tr><td>validity</td><td colspan="2">every rule kept</td><td>the worst centre</td></tr></tbody></table><p>A pooled score is the mean of the centres' scores weighted by their numbers of patients; a centre without a score for a dimension is left out of that mean. Fidelity and utility describe the cohort as a whole, so the pooled score decides. Privacy and validity do not average out: patients exposed, or a rule broken, at one centre is a finding for the whole consortium, so the worst centre decides. The overall verdict is the worst of fidelity, utility and privacy; a broken rule fails fidelity, as in a centre's own report. Scores that differ by more than ${num(report.spreadThreshold, 2)} between centres are reported as a disagreement.</p><p class="small">Each centre's patients count is the one its shareable report carries. Nothing on this page was computed from a patient's row at the hub: only the centres' reports were merged.</p></section>`;
}
