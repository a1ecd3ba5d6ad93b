import { useState } from 'preact/hooks';
import { api, exportUrl } from '../api.js';
import type { PageProps } from '../app.js';
import { useAnnounce } from '../components/announce.js';
import { Card, ErrorNote, Loading } from '../components/status.js';
import { useLoad } from '../components/use-load.js';
import type { ReviewSummary } from '../types.js';

const SCALE = [
  '1 – not at all representative',
  '2 – slightly representative',
  '3 – moderately representative',
  '4 – very representative',
  '5 – fully representative',
];

/** Step 4: what the round adds up to, agreement between reviewers, the representativeness rating. */
export function Summary({ cohort, session }: PageProps) {
  const summary = useLoad(() => Promise.all([api.summary(cohort.id), api.issueTypes()]), cohort.id);
  const data = summary.data?.[0] ?? null;
  const labels = new Map((summary.data?.[1].issueTypes ?? []).map((t) => [t.id, t.label]));
  return (
    <section data-testid="step-summary" aria-labelledby="summary-title">
      <h1 id="summary-title" tabIndex={-1}>
        <span class="step-kicker">Step 4</span> Summarise the review
      </h1>
      {summary.error && <ErrorNote message={summary.error} />}
      {!data && !summary.error && <Loading what="the summary" />}
      {data && (
        <>
          <Counts summary={data} />
          <div class="actions exports">
            <a class="button" href={exportUrl(cohort.id, 'json')} download={`review-${cohort.id}.json`}>
              Export JSON
            </a>
            <a class="button" href={exportUrl(cohort.id, 'csv')} download={`review-${cohort.id}.csv`}>
              Export CSV
            </a>
          </div>
          <Agreement agreement={data.agreement} />
          <Reviewers summary={data} />
          <Issues summary={data} labels={labels} />
          <Rating
            cohortId={cohort.id}
            own={data.ratings.find((r) => r.reviewer === session.user.name) ?? null}
            onSaved={summary.reload}
          />
          <Ratings summary={data} />
        </>
      )}
    </section>
  );
}

function Counts({ summary }: { summary: ReviewSummary }) {
  const items: [string, number, string][] = [
    ['Records', summary.records, 'neutral'],
    ['Reviewed', summary.reviewed, 'info'],
    ['Realistic', summary.realistic, 'good'],
    ['Not realistic', summary.notRealistic, 'bad'],
    ['Pending', summary.pending, 'neutral'],
  ];
  return (
    <section class="card" aria-labelledby="counts-title">
      <h2 id="counts-title">Records by status</h2>
      <dl class="counts" data-testid="summary-counts">
        {items.map(([label, value, tone]) => (
          <div key={label} class={`count count-${tone}`}>
            <dt>{label}</dt>
            <dd>{value.toLocaleString('en')}</dd>
          </div>
        ))}
      </dl>
      <p class="muted small">
        A record’s status is its reviewers’ majority; a tie counts as not realistic. {summary.findings}{' '}
        findings in all.
      </p>
    </section>
  );
}

function Agreement({ agreement }: { agreement: ReviewSummary['agreement'] }) {
  return (
    <Card title="Agreement between reviewers">
      {agreement.kappa === null ? (
        <p class="muted">
          Fleiss’ κ needs records seen by at least two reviewers ({agreement.records} so far).
        </p>
      ) : (
        <dl class="facts">
          <div>
            <dt>Fleiss’ κ</dt>
            <dd>
              <strong>{agreement.kappa.toFixed(2)}</strong> — {agreement.interpretation} agreement (Landis
              &amp; Koch)
            </dd>
          </div>
          <div>
            <dt>Records seen by two or more</dt>
            <dd>{agreement.records}</dd>
          </div>
          <div>
            <dt>Mean reviewers per record</dt>
            <dd>{agreement.meanRaters.toFixed(1)}</dd>
          </div>
          {agreement.observed !== null && agreement.chance !== null && (
            <div>
              <dt>Observed / chance agreement</dt>
              <dd>
                {agreement.observed.toFixed(2)} / {agreement.chance.toFixed(2)}
              </dd>
            </div>
          )}
        </dl>
      )}
    </Card>
  );
}

function Reviewers({ summary }: { summary: ReviewSummary }) {
  return (
    <Card title="Reviewers">
      {summary.reviewers.length === 0 ? (
        <p class="muted">No findings yet.</p>
      ) : (
        <table class="plain">
          <thead>
            <tr>
              <th scope="col">Reviewer</th>
              <th scope="col" class="num">
                Realistic
              </th>
              <th scope="col" class="num">
                Not realistic
              </th>
            </tr>
          </thead>
          <tbody>
            {summary.reviewers.map((r) => (
              <tr key={r.name}>
                <th scope="row">{r.name}</th>
                <td class="num">{r.realistic}</td>
                <td class="num">{r.notRealistic}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}

function Issues({ summary, labels }: { summary: ReviewSummary; labels: Map<string, string> }) {
  const issues = [...new Set(summary.issues.map((i) => i.issue))];
  const columns = [...new Set(summary.issues.map((i) => i.column))];
  const count = new Map(summary.issues.map((i) => [`${i.column ?? ''}\u0000${i.issue}`, i.findings]));
  return (
    <Card title="Issues by column and type">
      {summary.issues.length === 0 ? (
        <p class="muted">No record has been marked not realistic.</p>
      ) : (
        <div class="table-scroll">
          <table class="plain matrix">
            <caption class="visually-hidden">Not-realistic findings per column and issue type</caption>
            <thead>
              <tr>
                <th scope="col">Column</th>
                {issues.map((i) => (
                  <th key={i} scope="col" class="num">
                    {labels.get(i) ?? i}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {columns.map((c) => (
                <tr key={c ?? ''}>
                  <th scope="row">{c ?? <span class="muted">no column named</span>}</th>
                  {issues.map((i) => {
                    const n = count.get(`${c ?? ''}\u0000${i}`) ?? 0;
                    return (
                      <td key={i} class={n ? 'num hot' : 'num muted'}>
                        {n || '·'}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}

function Rating(props: {
  cohortId: number;
  own: ReviewSummary['ratings'][number] | null;
  onSaved: () => void;
}) {
  const [score, setScore] = useState<number | null>(props.own?.score ?? null);
  const [comment, setComment] = useState(props.own?.comment ?? '');
  const [error, setError] = useState('');
  const announce = useAnnounce();
  const save = async (event: Event): Promise<void> => {
    event.preventDefault();
    if (score === null) return setError('Choose a score from 1 to 5.');
    try {
      await api.rate(props.cohortId, score, comment);
      setError('');
      announce(`Rating ${score} saved.`);
      props.onSaved();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <section class="card" aria-labelledby="rating-title">
      <h2 id="rating-title">How representative was the source data?</h2>
      <form data-testid="rating-form" onSubmit={save} class="stack">
        <fieldset class="scale">
          <legend>Of the patients it stands for, the real data this cohort was made from is…</legend>
          {SCALE.map((label, i) => (
            <label key={label} class="scale-option">
              <input
                type="radio"
                name="score"
                value={String(i + 1)}
                checked={score === i + 1}
                onChange={() => setScore(i + 1)}
              />
              {label}
            </label>
          ))}
        </fieldset>
        <div class="field">
          <label for="rating-comment">Comment (optional)</label>
          <textarea
            id="rating-comment"
            name="comment"
            rows={3}
            maxLength={2000}
            value={comment}
            onInput={(e) => setComment(e.currentTarget.value)}
          />
        </div>
        <p class="form-error" role="alert">
          {error}
        </p>
        <div class="actions">
          <button type="submit" class="primary">
            {props.own ? 'Update rating' : 'Save rating'}
          </button>
        </div>
      </form>
    </section>
  );
}

function Ratings({ summary }: { summary: ReviewSummary }) {
  return (
    <Card title="Ratings">
      {summary.ratings.length === 0 ? (
        <p class="muted">No ratings yet.</p>
      ) : (
        <>
          <p>
            Mean rating: <strong>{summary.meanRating?.toFixed(1) ?? '—'}</strong> of 5 from{' '}
            {summary.ratings.length} reviewer{summary.ratings.length === 1 ? '' : 's'}.
          </p>
          <ul class="ratings">
            {summary.ratings.map((r) => (
              <li key={r.reviewer}>
                <strong>{r.reviewer}</strong>: {SCALE[r.score - 1]}
                {r.comment && <> — “{r.comment}”</>} <span class="muted small">{r.at.slice(0, 10)}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </Card>
  );
}
