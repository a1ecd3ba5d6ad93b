import { api, reportHtmlUrl } from '../api.js';
import type { PageProps } from '../app.js';
import { Badge, Card, ErrorNote, Loading, verdictTone } from '../components/status.js';
import { useLoad } from '../components/use-load.js';

/** Step 2: the validation report's verdict and discrepancies first, then the full report. */
export function Metrics({ cohort }: PageProps) {
  const report = useLoad(() => api.report(cohort.id), cohort.id);
  const data = report.data;
  return (
    <section data-testid="step-metrics" aria-labelledby="metrics-title">
      <h1 id="metrics-title" tabIndex={-1}>
        <span class="step-kicker">Step 2</span> Analyse the metrics
      </h1>
      {report.error && <ErrorNote message={report.error} />}
      {!data && !report.error && <Loading what="the validation report" />}
      {data && (
        <>
          <Card title="Verdict">
            {data.verdict === null ? (
              <p class="muted">No validation report came with this cohort.</p>
            ) : (
              <p class="verdict">
                Overall: <Badge tone={verdictTone(data.verdict)}>{data.verdict.toUpperCase()}</Badge>
              </p>
            )}
          </Card>
          {data.verdict !== null && (
            <Card title="Discrepancies">
              {data.discrepancies.length === 0 ? (
                <p>
                  <Badge tone="good">none</Badge> Every metric is within its tolerance.
                </p>
              ) : (
                <div class="table-scroll">
                  <table class="plain">
                    <caption class="visually-hidden">Metrics outside their tolerance, worst first</caption>
                    <thead>
                      <tr>
                        <th scope="col">Verdict</th>
                        <th scope="col">Section</th>
                        <th scope="col">Metric</th>
                        <th scope="col">Detail</th>
                      </tr>
                    </thead>
                    <tbody>
                      {data.discrepancies.map((d, i) => (
                        <tr key={i}>
                          <td>
                            <Badge tone={verdictTone(d.verdict)}>{d.verdict}</Badge>
                          </td>
                          <td>{d.section}</td>
                          <td>{d.metric}</td>
                          <td>{d.detail}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </Card>
          )}
          {data.centres.length > 0 && (
            <Card title="Centres">
              <ul class="centres">
                {data.centres.map((c) => (
                  <li key={c.name}>
                    <span>{c.name}</span> <Badge tone={verdictTone(c.verdict)}>{c.verdict}</Badge>
                  </li>
                ))}
              </ul>
            </Card>
          )}
          {data.hasHtml && (
            <Card title="Full validation report">
              <p class="muted small">
                The report as the validator wrote it.{' '}
                <a href={reportHtmlUrl(cohort.id)} target="_blank" rel="noopener">
                  Open it in a new tab
                </a>
                .
              </p>
              <iframe
                class="report-frame"
                sandbox="allow-same-origin"
                src={reportHtmlUrl(cohort.id)}
                title="Validation report"
              />
            </Card>
          )}
        </>
      )}
    </section>
  );
}
