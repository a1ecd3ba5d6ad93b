/**
 * Cohorts (coordinator): every cohort and version, and uploading a new one — the synthetic CSV, and
 * optionally the model file and validation report — read in the browser and sent as text.
 */
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { useAnnounce } from '../components/announce.js';
import { Badge, Card, ErrorNote } from '../components/status.js';
import { hrefOf, navigate } from '../router.js';
import type { CohortSummary } from '../types.js';

function readText(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(new Error(`Could not read ${file.name}.`));
    reader.readAsText(file);
  });
}

export function Cohorts(props: { cohorts: CohortSummary[]; refreshCohorts: () => Promise<CohortSummary[]> }) {
  return (
    <section aria-labelledby="cohorts-title">
      <h1 id="cohorts-title" tabIndex={-1}>
        Cohorts
      </h1>
      <Card title="Cohorts and their versions">
        {props.cohorts.length === 0 ? (
          <p class="muted">No cohort yet.</p>
        ) : (
          <table class="plain">
            <thead>
              <tr>
                <th scope="col">Cohort</th>
                <th scope="col">Version</th>
                <th scope="col" class="num">
                  Records
                </th>
                <th scope="col" class="num">
                  Reviewed
                </th>
                <th scope="col">Came with</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {props.cohorts.map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    <a href={hrefOf({ cohort: c.id, page: 'understand' })}>{c.name}</a>
                  </th>
                  <td>
                    v{c.version}
                    {c.parent !== null && <span class="muted small"> (from cohort {c.parent})</span>}
                  </td>
                  <td class="num">{c.records.toLocaleString('en')}</td>
                  <td class="num">{c.reviewed.toLocaleString('en')}</td>
                  <td>
                    {c.hasModel && <Badge tone="neutral">model</Badge>}{' '}
                    {c.hasReport && <Badge tone="neutral">report</Badge>}
                  </td>
                  <td class="nowrap">{c.createdAt.slice(0, 10)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
      <Upload refreshCohorts={props.refreshCohorts} />
    </section>
  );
}

function Upload({ refreshCohorts }: { refreshCohorts: () => Promise<CohortSummary[]> }) {
  const [name, setName] = useState('');
  const [purpose, setPurpose] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const announce = useAnnounce();

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const file = (field: string): File | null =>
      (form.elements.namedItem(field) as HTMLInputElement).files?.[0] ?? null;
    const csv = file('synthetic');
    if (!csv) return setError('Choose the synthetic cohort’s CSV file.');
    const model = file('model');
    const report = file('report');
    setBusy(true);
    setError('');
    try {
      const created = await api.createCohort({
        name: name.trim(),
        purpose,
        syntheticCsv: await readText(csv),
        ...(model ? { model: await readText(model) } : {}),
        ...(report ? { report: await readText(report) } : {}),
      });
      await refreshCohorts();
      announce(`Cohort ${created.name} uploaded with ${created.records} records.`);
      navigate({ cohort: created.id, page: 'understand' });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title="Upload a new cohort">
      <form onSubmit={submit} class="stack upload">
        <div class="field">
          <label for="cohort-name">Name</label>
          <input
            id="cohort-name"
            required
            maxLength={120}
            value={name}
            onInput={(e) => setName(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="cohort-purpose">Purpose (what the cohort is for, shown to reviewers in step 1)</label>
          <textarea
            id="cohort-purpose"
            rows={3}
            maxLength={4000}
            value={purpose}
            onInput={(e) => setPurpose(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="cohort-synthetic">Synthetic cohort (CSV)</label>
          <input id="cohort-synthetic" name="synthetic" type="file" accept=".csv,text/csv" required />
        </div>
        <div class="field">
          <label for="cohort-model">Model file (JSON; gives the schema, needed to regenerate)</label>
          <input id="cohort-model" name="model" type="file" accept=".json,application/json" />
        </div>
        <div class="field">
          <label for="cohort-report">Validation report (report.json, local or federated)</label>
          <input id="cohort-report" name="report" type="file" accept=".json,application/json" />
        </div>
        {error && <ErrorNote message={error} />}
        <div class="actions">
          <button type="submit" class="primary" disabled={busy}>
            {busy ? 'Uploading…' : 'Upload cohort'}
          </button>
        </div>
      </form>
    </Card>
  );
}
