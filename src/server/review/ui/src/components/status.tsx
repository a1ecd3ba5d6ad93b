import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';

/** Loading and error states, announced to screen readers. */
export function Loading({ what }: { what: string }) {
  return (
    <p class="muted" role="status">
      Loading {what}…
    </p>
  );
}

export function ErrorNote({ message }: { message: string }) {
  return (
    <p class="error-note" role="alert">
      <strong>Error:</strong> {message}
    </p>
  );
}

export type Tone = 'good' | 'warn' | 'bad' | 'neutral' | 'info';

/** A status badge: colour plus its word, never colour alone. */
export function Badge({ tone, children }: { tone: Tone; children: ComponentChildren }) {
  return <span class={`badge badge-${tone}`}>{children}</span>;
}

export function verdictTone(verdict: string | null): Tone {
  if (verdict === 'pass') return 'good';
  if (verdict === 'warn') return 'warn';
  if (verdict === 'fail') return 'bad';
  return 'neutral';
}

/** Sections of a page: a heading and a card. */
export function Card({ title, children }: { title: string; children: ComponentChildren }) {
  const id = useId();
  return (
    <section class="card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}
