/** Small HTML building blocks shared by the report's sections: escaping, numbers, tables, verdicts. */
import { escapeXml } from './charts/svg.js';

export const escapeHtml = escapeXml;

/** A number for people: `–` for null, up to `digits` significant digits otherwise. */
export function num(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  if (value !== 0 && (Math.abs(value) < 1e-3 || Math.abs(value) >= 1e6)) return value.toExponential(2);
  return String(Number(value.toPrecision(digits)));
}

export function pct(value: number | null | undefined, digits = 1): string {
  return value === null || value === undefined || !Number.isFinite(value)
    ? '–'
    : `${(value * 100).toFixed(digits)} %`;
}

export function pValue(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return '–';
  return p < 1e-4 ? '< 0.0001' : p.toFixed(4);
}

export function verdictBadge(verdict: string): string {
  return `<span class="verdict ${escapeHtml(verdict)}">${escapeHtml(verdict)}</span>`;
}

/** A table from a header row and body rows of already-escaped HTML cells. */
export function table(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  caption?: string,
): string {
  const head = `<tr>${header.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>`;
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('');
  return `<table>${caption ? `<caption>${escapeHtml(caption)}</caption>` : ''}<thead>${head}</thead><tbody>${body}</tbody></table>`;
}

export function figure(svg: string, caption: string): string {
  return `<figure>${svg}<figcaption>${escapeHtml(caption)}</figcaption></figure>`;
}

export function section(id: string, title: string, verdict: string | undefined, body: string): string {
  return `<section id="${id}"><h2>${escapeHtml(title)} ${verdict ? verdictBadge(verdict) : ''}</h2>${body}</section>`;
}

/** Text paragraphs: each string is escaped. */
export function paragraphs(...texts: string[]): string {
  return texts.map((t) => `<p>${escapeHtml(t)}</p>`).join('');
}
