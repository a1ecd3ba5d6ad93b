/**
 * Which variables an association heatmap shows, and in what order: the `max` variables with the
 * strongest association to any other (in either table), ordered by average-linkage hierarchical
 * clustering of the real matrix (distance 1 − |association|), so related variables sit together
 * and blocks of associated columns are visible at a glance.
 */
export function informativeOrder(
  real: readonly (readonly (number | null)[])[],
  synthetic: readonly (readonly (number | null)[])[],
  max: number,
): number[] {
  const n = real.length;
  const strength = Array.from({ length: n }, (_, i) => {
    let best = 0;
    for (let j = 0; j < n; j++)
      if (j !== i) best = Math.max(best, Math.abs(real[i][j] ?? 0), Math.abs(synthetic[i][j] ?? 0));
    return best;
  });
  const chosen = strength
    .map((s, i) => [s, i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1])
    .slice(0, max)
    .map(([, i]) => i);
  return clusterLeafOrder(chosen, (a, b) => 1 - Math.abs(real[a][b] ?? 0));
}

/** Leaves of an average-linkage dendrogram, left to right (each merge puts the older cluster first). */
export function clusterLeafOrder(
  items: readonly number[],
  distance: (a: number, b: number) => number,
): number[] {
  let clusters = items.map((i) => [i]);
  const between = (a: number[], b: number[]) => {
    let sum = 0;
    for (const i of a) for (const j of b) sum += distance(i, j);
    return sum / (a.length * b.length);
  };
  while (clusters.length > 1) {
    let best = [0, 1];
    let bestDistance = Number.POSITIVE_INFINITY;
    for (let a = 0; a < clusters.length; a++)
      for (let b = a + 1; b < clusters.length; b++) {
        const d = between(clusters[a], clusters[b]);
        if (d < bestDistance) {
          bestDistance = d;
          best = [a, b];
        }
      }
    const merged = [...clusters[best[0]], ...clusters[best[1]]];
    clusters = [...clusters.filter((_, i) => i !== best[0] && i !== best[1]), merged];
  }
  return clusters[0] ?? [];
}
