/**
 * The federated page from hand-made centre reports: every section, the centres side by side with
 * the pooled row, disagreements in words, links to the centres' own pages, and every name escaped.
 */
import { describe, expect, it } from 'vitest';
import { type CentreReport, mergeCentreReports, ShareableReport } from './federated.js';
import { renderFederatedReportHtml } from './federated-html.js';

function centre(name: string, patients: number, fidelity: number, message?: string): CentreReport {
  const verdict = fidelity >= 0.85 ? 'pass' : fidelity >= 0.7 ? 'warn' : 'fail';
  return {
    name,
    report: ShareableReport.parse({
      version: '1.0',
      tool: { name: 'synthcohort', version: '0.1.0' },
      seed: 1,
      files: {},
      verdict,
      rows: { real: patients, synthetic: 200, holdout: null },
      thresholds: {
        fidelity: { pass: 0.85, warn: 0.7 },
        utility: { pass: 0.8, warn: 0.6 },
        privacy: { pass: 0.8, warn: 0.6 },
      },
      model: null,
      discrepancies: message
        ? [
            {
              part: 'fidelity',
              severity: 'fail',
              kind: 'distribution',
              subject: 'age',
              message,
              magnitude: 0.4,
            },
          ]
        : [],
      validity: { score: 1, verdict: 'pass' },
      fidelity: { score: fidelity, verdict, parts: { csf: fidelity } },
      utility: { score: 0.9, verdict: 'pass' },
      privacy: { score: 0.95, verdict: 'pass' },
      skipped: [{ metric: 'privacy.mia', reason: 'needs a holdout' }],
    }),
  };
}

describe('renderFederatedReportHtml', () => {
  const report = mergeCentreReports([
    centre('C01', 120, 0.9),
    centre('<b>St Mary & co</b>', 80, 0.6, 'age: distributions differ (KS 0.40)'),
  ]);
  const html = renderFederatedReportHtml(report, {
    centreReportHref: (name) => `${encodeURIComponent(name)}/report.html`,
  });

  it('has every section, the centres side by side and the pooled row', () => {
    for (const id of ['summary', 'centres', 'disagreements', 'findings', 'per-centre', 'method'])
      expect(html, id).toContain(`<section id="${id}">`);
    // (120 · 0.9 + 80 · 0.6) / 200 = 0.78: warn, and so the consortium's verdict.
    expect(html).toContain('<tr class="pooled"><td>pooled</td><td class="num">200</td>');
    expect(html).toMatch(/<td class="mark"><span class="chip warn">warn<\/span> 0\.78<\/td>/);
    expect(html).toContain('<title>Federated validation report — warn</title>');
  });

  it('explains disagreements in words and links each centre to its own page', () => {
    expect(html).toContain(
      'Fidelity fails at &lt;b&gt;St Mary &amp; co&lt;/b&gt; (0.60); passes at C01 (0.90); scores range from 0.60',
    );
    expect(html).toContain('<a href="C01/report.html">Open C01');
    expect(html).toContain('href="%3Cb%3ESt%20Mary%20%26%20co%3C%2Fb%3E/report.html"');
    expect(html).not.toContain('<b>St Mary');
  });

  it('says where no link is known, and that the centres agree when they do', () => {
    const agreeing = renderFederatedReportHtml(
      mergeCentreReports([centre('A', 50, 0.9), centre('B', 60, 0.88)]),
    );
    expect(agreeing).toContain('The centres agree');
    expect(agreeing).toContain("The centre's own report (report.html) is kept at the centre");
    expect(agreeing).not.toContain('<section id="findings">');
  });
});
