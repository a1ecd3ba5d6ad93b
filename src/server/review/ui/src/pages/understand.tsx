import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import type { PageProps } from '../app.js';
import { useAnnounce } from '../components/announce.js';
import { RealDataCard } from '../components/real-data.js';
import { Badge, Card, ErrorNote, Loading } from '../components/status.js';
import { useLoad } from '../components/use-load.js';
import { formatNumber } from '../filter.js';
import type { Overview } from '../types.js';

/** Step 1: why the cohort exists, how it was made, what real data stood behind it, what changed. */
export function Understand({ session, cohort }: PageProps) {
  const overview = useLoad(() => api.overview(cohort.id), cohort.id);
  return (
    <section data-testid="step-understand" aria-labelledby="understand-title">
      <h1 id="understand-title" tabIndex={-1}>
        <span class="step-kicker">Step 1</span> Understand the generation
      </h1>
      <p class="lead">
        {cohort.name} · version {cohort.version} · {cohort.records.toLocaleString('en')} synthetic records
      </p>
      {overview.error && <ErrorNote message={overview.error} />}
      {!overview.data && !overview.error && <Loading what="the cohort's overview" />}
      {overview.data && (
        <>
          {overview.data.changes && <WhatChanged changes={overview.data.changes} />}
          <Purpose
            cohortId={cohort.id}
            purpose={overview.data.purpose}
            editable={session.user.role === 'coordinator'}
          />
          <GeneratorCard card={overview.data.card} />
          {overview.data.realData ? (
            <RealDataCard summary={overview.data.realData} />
          ) : (
            <Card title="The real data">
              <p class="muted">
                No summary of the real data is available: this app was started without the site's data (a hub
                never holds a site's patients).
              </p>
            </Card>
          )}
        </>
      )}
    </section>
  );
}

function Purpose({ cohortId, purpose, editable }: { cohortId: number; purpose: string; editable: boolean }) {
  const [text, setText] = useState(purpose);
  const [saved, setSaved] = useState(purpose);
  const [error, setError] = useState('');
  const announce = useAnnounce();
  useEffect(() => {
    setText(purpose);
    setSaved(purpose);
  }, [purpose]);
  const save = async (event: Event): Promise<void> => {
    event.preventDefault();
    try {
      await api.setPurpose(cohortId, text);
      setSaved(text);
      setError('');
      announce('Purpose saved.');
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <Card title="Purpose">
      {saved ? (
        <p class="purpose">{saved}</p>
      ) : (
        <p class="muted">The coordinator has not written a purpose yet.</p>
      )}
      {editable && (
        <form onSubmit={save} class="stack">
          <div class="field">
            <label for="purpose-text">Edit the purpose (what this cohort is for, who will use it)</label>
            <textarea
              id="purpose-text"
              rows={4}
              maxLength={4000}
              value={text}
              onInput={(e) => setText(e.currentTarget.value)}
            />
          </div>
          {error && <ErrorNote message={error} />}
          <div class="actions">
            <button type="submit" class="primary" disabled={text === saved}>
              Save purpose
            </button>
          </div>
        </form>
      )}
    </Card>
  );
}

function GeneratorCard({ card }: { card: Overview['card'] }) {
  const options = Object.entries(card.options);
  return (
    <Card title="How the cohort was generated">
      <dl class="facts">
        <div>
          <dt>Generator</dt>
          <dd>{card.generator}</dd>
        </div>
        <div>
          <dt>Method</dt>
          <dd>{card.method}</dd>
        </div>
        <div>
          <dt>Privacy guarantee</dt>
          <dd>
            <Badge tone={card.epsilon === null ? 'warn' : 'good'}>
              {card.epsilon === null ? 'Not differentially private' : 'Differentially private'}
            </Badge>{' '}
            {card.privacy}
          </dd>
        </div>
        <div>
          <dt>Rows</dt>
          <dd>
            {card.trainingRows === null
              ? 'training rows not recorded'
              : `${card.trainingRows.toLocaleString('en')} training`}{' '}
            → {card.syntheticRows.toLocaleString('en')} synthetic
          </dd>
        </div>
      </dl>
      {options.length > 0 && (
        <>
          <h3>Options</h3>
          <table class="plain">
            <caption class="visually-hidden">Generator options</caption>
            <thead>
              <tr>
                <th scope="col">Option</th>
                <th scope="col">Value</th>
              </tr>
            </thead>
            <tbody>
              {options.map(([key, value]) => (
                <tr key={key}>
                  <th scope="row">{key}</th>
                  <td>
                    {value === null ? '—' : typeof value === 'number' ? formatNumber(value) : String(value)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <h3>Known limitations and biases</h3>
      {card.limitations.length ? (
        <ul class="limitations">
          {card.limitations.map((l) => (
            <li key={l}>{l}</li>
          ))}
        </ul>
      ) : (
        <p class="muted">None recorded.</p>
      )}
      <h3>Rules every record must follow</h3>
      {card.rules.length ? (
        <RuleList rules={card.rules} />
      ) : (
        <p class="muted">The schema declares no rules.</p>
      )}
    </Card>
  );
}

/** A schema can hold dozens of rules: the first few show, the rest open on request. */
const RULES_SHOWN = 8;

function RuleList({ rules }: { rules: Overview['card']['rules'] }) {
  const item = (r: Overview['card']['rules'][number]) => (
    <li key={r.description}>
      <code>{r.description}</code>{' '}
      <Badge tone={r.inferred ? 'info' : 'neutral'}>{r.inferred ? 'inferred' : 'declared'}</Badge>
    </li>
  );
  return (
    <>
      <ul class="rules">{rules.slice(0, RULES_SHOWN).map(item)}</ul>
      {rules.length > RULES_SHOWN && (
        <details class="more-rules">
          <summary>Show the other {rules.length - RULES_SHOWN} rules</summary>
          <ul class="rules">{rules.slice(RULES_SHOWN).map(item)}</ul>
        </details>
      )}
    </>
  );
}

function WhatChanged({ changes }: { changes: NonNullable<Overview['changes']> }) {
  const how = {
    refitted: 'refitted on the real data',
    're-estimated': 're-estimated from the kept privacy-preserving measurements',
    resampled: 'resampled under the new rules',
  }[changes.how];
  return (
    <section class="card card-highlight" aria-labelledby="changes-title">
      <h2 id="changes-title">
        What changed from version {changes.fromVersion} to {changes.toVersion}
      </h2>
      <p>
        The model was <strong>{how}</strong> with the rules accepted after the last review round.
        {changes.notRealisticBefore !== null &&
          ` In that round ${Math.round(changes.notRealisticBefore * 100)}% of reviewed records were judged not realistic.`}
      </p>
      <table class="plain">
        <caption class="visually-hidden">Records breaking each accepted rule, before and after</caption>
        <thead>
          <tr>
            <th scope="col">Accepted rule</th>
            <th scope="col" class="num">
              Breaking before
            </th>
            <th scope="col" class="num">
              Breaking now
            </th>
          </tr>
        </thead>
        <tbody>
          {changes.rules.map((r) => (
            <tr key={r.description}>
              <th scope="row">
                <code>{r.description}</code>
              </th>
              <td class="num">{r.breakingBefore.toLocaleString('en')}</td>
              <td class="num">
                {r.breakingAfter.toLocaleString('en')}{' '}
                {r.breakingAfter === 0 ? (
                  <Badge tone="good">none left</Badge>
                ) : (
                  <Badge tone="warn">some left</Badge>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
