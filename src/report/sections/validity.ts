/**
 * The validity section: one sentence, then the rules some row breaks (failures first) with the
 * share of real and synthetic rows breaking each and a small bar of both, then how many more were
 * kept. Rules both tables keep are only counted: the list stays short.
 */
import { scaleLinear } from 'd3-scale';
import type { RuleResult, ValidityReport } from '../../validate/validity/types.js';
import { COLOURS } from '../charts/svg.js';
import { escapeHtml, num, pct, section, verdictBadge } from '../html-parts.js';

/** Rules on the page beside the flagged ones: some broken within chance; report.json lists more. */
const SHOWN_OK = 5;

export function validitySection(report: ValidityReport): string {
  const broken = report.rules.filter((r) => r.status !== 'ok' || r.synthetic > 0 || (r.real ?? 1) > 0);
  const flagged = broken.filter((r) => r.status !== 'ok');
  const shown = [...flagged, ...broken.filter((r) => r.status === 'ok').slice(0, SHOWN_OK)];
  const checked = report.checked.schema + report.checked.data;
  const kept = checked - broken.length - report.unlisted.brokenBySynthetic;
  const lead = `${checked} rules checked: ${report.checked.schema} from the schema (bounds, categories, decimals, required columns, its rules and derived columns) and ${report.checked.data} found in the real table (orderings, implications and decimals every real row obeys). ${pct(report.share)} of synthetic rows break at least one (real rows: ${report.realShare === null ? 'a few' : share(report.realShare)}). Score ${num(report.score, 3)}: 1 − the share of synthetic rows breaking a rule marked warn or fail.`;
  const more = [
    broken.length > shown.length
      ? `${broken.length - shown.length} more broken no more than chance or the real rows allow, listed in report.json.`
      : '',
    report.unlisted.brokenBySynthetic
      ? `${report.unlisted.brokenBySynthetic} more broken by a few synthetic rows, as chance or the real rows allow.`
      : '',
    `${kept} more ${kept === 1 ? 'rule' : 'rules'}, kept by every synthetic row.`,
  ].filter(Boolean);
  return section(
    'validity',
    'Validity: does every row obey the rules?',
    report.verdict,
    `<p>${escapeHtml(lead)}</p>${shown.length ? rulesTable(shown) : ''}<p class="small">${escapeHtml(more.join(' '))} Bars: real rows (blue, above) and synthetic rows (orange, below) breaking the rule. Shares are of the rows a rule applies to: its premise’s rows, rows with both values of a comparison, rows with a value. A rule fails when the synthetic rows breaking it exceed the real share by more than ${pct(report.threshold, 0)} of all synthetic rows, and fidelity then fails too. A schema rule no real row breaks is flagged at any break; a rule found in the data, or one real rows break too, only when synthetic rows break it more often than real rows beyond chance (one-sided Fisher’s exact test, Bonferroni over such rules).</p>`,
  );
}

function rulesTable(rules: readonly RuleResult[]): string {
  const top = Math.max(...rules.flatMap((r) => [r.synthetic, r.real ?? 0]), 0.01);
  const x = scaleLinear().domain([0, top]).nice().range([0, BAR_WIDTH]);
  const head = ['rule', 'source', 'status', 'real', 'synthetic', `0–${pct(x.domain()[1], 0)}`]
    .map((h) => `<th>${escapeHtml(h)}</th>`)
    .join('');
  const body = rules
    .map((r) => {
      const status = r.status === 'ok' ? '<span class="small">within chance</span>' : verdictBadge(r.status);
      const real =
        r.real === null ? '<span class="small">not shown</span>' : `${share(r.real)}${of(r.realRows)}`;
      return `<tr><td><code>${escapeHtml(r.rule)}</code></td><td>${r.source === 'schema' ? 'schema' : 'real data'}</td><td>${status}</td><td class="num">${real}</td><td class="num">${share(r.synthetic)}${of(r.syntheticRows)}</td><td>${bars(x(r.real ?? 0), x(r.synthetic))}</td></tr>`;
    })
    .join('');
  return `<table class="rules"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

/** `0.0 %` kept on one line. */
function share(value: number): string {
  return pct(value).replace(' ', '\u00a0');
}

function of(rows: number | undefined): string {
  return rows === undefined ? '' : ` <span class="small">of ${rows}</span>`;
}

const BAR_WIDTH = 110;

/** Real above, synthetic below, on the table's common scale. */
function bars(real: number, synthetic: number): string {
  const rect = (y: number, w: number, colour: string) =>
    `<rect x="0" y="${y}" width="${Math.max(w, 0).toFixed(1)}" height="6" fill="${colour}"/>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${BAR_WIDTH}" height="14" role="img" aria-label="share of real and synthetic rows breaking the rule"><rect x="0" y="0" width="${BAR_WIDTH}" height="14" fill="#f3f3f3"/>${rect(0, real, COLOURS.real)}${rect(7, synthetic, COLOURS.synthetic)}</svg>`;
}
