/**
 * Feedback into generation (coordinator): the rules the "not realistic" findings propose, each with
 * its evidence; accept or reject; regenerate the cohort with the accepted ones as its next version.
 */
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import type { PageProps } from '../app.js';
import { useAnnounce } from '../components/announce.js';
import { Badge, ErrorNote, Loading, type Tone } from '../components/status.js';
import { useLoad } from '../components/use-load.js';
import { hrefOf, navigate } from '../router.js';
import type { RuleProposal } from '../types.js';

const DECISION_TONE: Record<RuleProposal['decision'], Tone> = {
  pending: 'neutral',
  accepted: 'good',
  rejected: 'bad',
};

export function Feedback({ cohort, refreshCohorts }: PageProps) {
  const loaded = useLoad(() => api.proposals(cohort.id), cohort.id);
  const [decisions, setDecisions] = useState<Record<string, RuleProposal['decision']>>({});
  const [error, setError] = useState('');
  const [progress, setProgress] = useState('');
  const announce = useAnnounce();
  const proposals = (loaded.data?.proposals ?? []).map((p) => ({
    ...p,
    decision: decisions[p.key] ?? p.decision,
  }));
  const accepted = proposals.filter((p) => p.decision === 'accepted').length;

  const decide = async (p: RuleProposal, decision: RuleProposal['decision']): Promise<void> => {
    try {
      await api.decide(cohort.id, p.key, decision);
      setDecisions((d) => ({ ...d, [p.key]: decision }));
      setError('');
      announce(`Rule “${p.description}” ${decision === 'pending' ? 'back to undecided' : decision}.`);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  const regenerate = async (): Promise<void> => {
    setError('');
    setProgress(
      `Regenerating with ${accepted} accepted rule${accepted === 1 ? '' : 's'}… this can take a minute.`,
    );
    try {
      const next = await api.regenerate(cohort.id);
      setProgress('');
      await refreshCohorts();
      announce(`Version ${next.version} of ${next.name} is ready.`);
      navigate({ cohort: next.id, page: 'understand' });
    } catch (e) {
      setProgress('');
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <section data-testid="step-feedback" aria-labelledby="feedback-title">
      <h1 id="feedback-title" tabIndex={-1}>
        Feedback into generation
      </h1>
      <p class="lead">
        Rules proposed from the records reviewers marked not realistic. An accepted rule becomes part of the
        schema of version {cohort.version + 1}; the model is fitted again and every new record must follow it.
      </p>
      {loaded.error && <ErrorNote message={loaded.error} />}
      {error && <ErrorNote message={error} />}
      {!loaded.data && !loaded.error && <Loading what="the proposals" />}
      {loaded.data && proposals.length === 0 && (
        <p class="card muted">
          No rule to propose yet. Proposals appear once reviewers mark records not realistic and name the
          columns.
        </p>
      )}
      <ul class="proposals">
        {proposals.map((p) => (
          <li
            key={p.key}
            class={`card proposal proposal-${p.decision}`}
            data-testid="proposal"
            data-key={p.key}
          >
            <div class="proposal-head">
              <h2>
                <code>{p.description}</code>
              </h2>
              <Badge tone="info">{p.kind}</Badge> <Badge tone={DECISION_TONE[p.decision]}>{p.decision}</Badge>
            </div>
            <dl class="facts">
              <div>
                <dt>Motivated by</dt>
                <dd>
                  {p.motivatingRecords.length} not-realistic record
                  {p.motivatingRecords.length === 1 ? '' : 's'}:{' '}
                  {p.motivatingRecords.slice(0, 15).map((r, i) => (
                    <span key={r}>
                      {i > 0 && ', '}
                      <a href={hrefOf({ cohort: cohort.id, page: 'review', record: r })}>#{r}</a>
                    </span>
                  ))}
                  {p.motivatingRecords.length > 15 && ` and ${p.motivatingRecords.length - 15} more`}
                </dd>
              </div>
              <div>
                <dt>Realistic records breaking it</dt>
                <dd>
                  {p.realisticBreaking}{' '}
                  {p.realisticBreaking > 0 && <Badge tone="warn">evidence against</Badge>}
                </dd>
              </div>
              <div>
                <dt>Cohort records breaking it</dt>
                <dd>{p.cohortBreaking.toLocaleString('en')} (accepting removes these patterns)</dd>
              </div>
            </dl>
            <div class="actions">
              <button
                type="button"
                class={p.decision === 'accepted' ? 'choice chosen-good' : 'choice'}
                data-testid="accept-proposal"
                aria-pressed={p.decision === 'accepted'}
                onClick={() => decide(p, p.decision === 'accepted' ? 'pending' : 'accepted')}
              >
                ✓ Accept
              </button>
              <button
                type="button"
                class={p.decision === 'rejected' ? 'choice chosen-bad' : 'choice'}
                data-testid="reject-proposal"
                aria-pressed={p.decision === 'rejected'}
                onClick={() => decide(p, p.decision === 'rejected' ? 'pending' : 'rejected')}
              >
                ✗ Reject
              </button>
            </div>
          </li>
        ))}
      </ul>
      {loaded.data && proposals.length > 0 && (
        <div class="card regenerate">
          <button
            type="button"
            class="primary"
            data-testid="regenerate"
            disabled={accepted === 0 || progress !== ''}
            onClick={regenerate}
          >
            Regenerate with {accepted} accepted rule{accepted === 1 ? '' : 's'}
          </button>
          <p class="muted" role="status" aria-live="polite">
            {progress}
          </p>
        </div>
      )}
    </section>
  );
}
