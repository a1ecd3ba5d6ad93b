/**
 * A federated report's pages in the review app: the consortium's page, whose per-centre links point
 * at `<centre>/report.html` beside it, and each centre's own page, rendered from the shareable report
 * the federated report carries, as `writeFederatedReport` writes it to the centre's folder.
 *
 * Both are rendered from the stored JSON on request: the page stored at upload has no links, and
 * cohorts uploaded before these routes existed get them too.
 */
import { InputError } from '../../core/errors.js';
import { FederatedReport } from '../../report/federated.js';
import { renderFederatedReportHtml } from '../../report/federated-html.js';
import { renderReportHtml } from '../../report/html.js';
import { escapeHtml } from '../../report/html-parts.js';
import type { Report } from '../../validate/index.js';

/** The cohort's report if it is a federated one; null for a local report or none. */
export function federatedReportOf(report: unknown): FederatedReport | null {
  if ((report as { kind?: unknown } | null)?.kind !== 'federated-validation') return null;
  const parsed = FederatedReport.safeParse(report);
  return parsed.success ? parsed.data : null;
}

/**
 * A centre's page relative to the federated page. A browser reads `.` and `..` as steps up the
 * path whether encoded or not, so a centre so named gets no link (the page says where its report is).
 */
export function centrePageHref(centre: string): string | undefined {
  return centre === '.' || centre === '..' ? undefined : `${encodeURIComponent(centre)}/report.html`;
}

/** The federated page, linking each centre's own page. */
export function federatedPageHtml(report: FederatedReport): string {
  return renderFederatedReportHtml(report, { centreReportHref: centrePageHref });
}

/**
 * The page of the centre named exactly `centre`, headed by the centre's name (its shareable report
 * does not carry it) and a way back, which a framed page has no other; null when the report has no
 * such centre.
 */
export function centrePageHtml(report: FederatedReport, centre: string): string | null {
  const found = report.centres.find((c) => c.name === centre);
  if (!found) return null;
  const banner = `<p class="small">Centre <strong>${escapeHtml(found.name)}</strong>'s own report, one of ${report.centres.length} in the <a href="../report.html">federated report</a>.</p>`;
  try {
    // A shareable report is a report as `validate` wrote it, less the centre's file names.
    const page = renderReportHtml(found.report as unknown as Report);
    // A function, so that a `$` in a centre's name is not read as a replacement pattern.
    return page.replace('<body>', () => `<body>\n${banner}`);
  } catch (error) {
    // The hub checks a centre's report for what it must not hold, not for everything a section draws.
    throw new InputError(
      'DATA_INVALID',
      {},
      `the report of centre '${centre}' could not be shown: ${error instanceof Error ? error.message : String(error)}; the centre should validate again and send a complete report`,
      { cause: error },
    );
  }
}
