/**
 * Blinded test (a visual Turing test, only where the app holds the site's real data): one record at
 * a time, "Real patient" or "Synthetic" (keys R / S); the truth shows only in the score.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api.js';
import type { PageProps } from '../app.js';
import { Card, ErrorNote } from '../components/status.js';
import { formatNumber } from '../filter.js';
import type { BlindedDeck, BlindedScore } from '../types.js';

export function Blinded({ cohort }: PageProps) {
  const [size, setSize] = useState(20);
  const [deck, setDeck] = useState<BlindedDeck | null>(null);
  const [position, setPosition] = useState(0);
  const [score, setScore] = useState<BlindedScore | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const card = useRef<HTMLElement>(null);

  const start = async (event: Event): Promise<void> => {
    event.preventDefault();
    try {
      setError('');
      setScore(null);
      setPosition(0);
      setDeck(await api.blindedDeck(cohort.id, size));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  // A ref, not the state: two key presses before the next render must not both guess one item.
  const pending = useRef(false);
  const guess = async (answer: 'real' | 'synthetic'): Promise<void> => {
    if (!deck || pending.current || position >= deck.items.length) return;
    pending.current = true;
    setBusy(true);
    try {
      await api.guess(deck.deck, deck.items[position].item, answer);
      const next = position + 1;
      setPosition(next);
      if (next >= deck.items.length) setScore(await api.blindedScore(cohort.id));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      pending.current = false;
      setBusy(false);
    }
  };

  // The key listener is registered once and reads the latest render's state through a ref: an effect
  // re-registered after every render runs only after the paint, so a key pressed as soon as the next
  // record shows reached the previous render's listener, which still thought a guess was running.
  const latest = useRef({ deck, score, guess });
  latest.current = { deck, score, guess };
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      const { deck, score, guess } = latest.current;
      if (!deck || score || event.ctrlKey || event.metaKey || event.altKey) return;
      const target = event.target as HTMLElement;
      if (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT') return;
      if (event.key === 'r' || event.key === 'R') void guess('real');
      if (event.key === 's' || event.key === 'S') void guess('synthetic');
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    card.current?.focus();
  }, [position, deck]);

  const item = deck && position < deck.items.length ? deck.items[position] : null;
  return (
    <section aria-labelledby="blinded-title">
      <h1 id="blinded-title" tabIndex={-1}>
        Blinded test
      </h1>
      <p class="lead">
        Real patients from this site are mixed with synthetic ones. For each record, say which you think it
        is. Real records never leave this site’s app.
      </p>
      {error && <ErrorNote message={error} />}
      {(!deck || score) && (
        <form class="card inline-form" onSubmit={start}>
          <div class="field narrow">
            <label for="deck-size">Records</label>
            <input
              id="deck-size"
              type="number"
              min={4}
              max={200}
              value={size}
              onInput={(e) => setSize(Math.max(4, Math.min(200, Number(e.currentTarget.value) || 20)))}
            />
          </div>
          <div class="field field-button">
            <button type="submit" class="primary">
              Start a test of {size} records
            </button>
          </div>
        </form>
      )}
      {deck && item && (
        <section class="card blinded-card" ref={card} tabIndex={-1} aria-labelledby="blinded-progress">
          <h2 id="blinded-progress">
            Record {position + 1} of {deck.items.length}
          </h2>
          <progress max={deck.items.length} value={position} aria-label="Progress" />
          <dl class="record-values">
            {deck.columns.map((c, i) => {
              const v = item.values[i];
              return (
                <div key={c.name}>
                  <dt>{c.name}</dt>
                  <dd>
                    {v === null ? (
                      <span class="muted">missing</span>
                    ) : typeof v === 'number' ? (
                      formatNumber(v)
                    ) : (
                      v
                    )}
                  </dd>
                </div>
              );
            })}
          </dl>
          <div class="big-choices">
            <button
              type="button"
              class="big"
              onClick={() => guess('real')}
              disabled={busy}
              aria-keyshortcuts="R"
            >
              Real patient <kbd>R</kbd>
            </button>
            <button
              type="button"
              class="big"
              onClick={() => guess('synthetic')}
              disabled={busy}
              aria-keyshortcuts="S"
            >
              Synthetic <kbd>S</kbd>
            </button>
          </div>
        </section>
      )}
      {score && (
        <Card title="Your score">
          <dl class="facts">
            <div>
              <dt>Correct</dt>
              <dd>
                {score.correct} of {score.guesses}
                {score.accuracy !== null && ` (${Math.round(score.accuracy * 100)}%)`}
              </dd>
            </div>
            <div>
              <dt>Could reviewers tell?</dt>
              <dd>
                {score.p === null
                  ? 'Not enough guesses yet.'
                  : score.p < 0.05
                    ? `Yes — better than chance (p = ${score.p.toPrecision(2)}).`
                    : `No evidence they could (p = ${score.p.toPrecision(2)} against guessing).`}
              </dd>
            </div>
            <div>
              <dt>Real called synthetic</dt>
              <dd>{score.realCalledSynthetic}</dd>
            </div>
            <div>
              <dt>Synthetic called real</dt>
              <dd>{score.syntheticCalledReal}</dd>
            </div>
          </dl>
        </Card>
      )}
    </section>
  );
}
