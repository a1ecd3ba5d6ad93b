/** The large reference samples of tools/reference/scipy_reference.py, rebuilt from their recipe. */
export interface LcgSpec {
  seed: number;
  n: number;
  digits?: number;
  scale?: number;
  shift?: number;
}

/** Uniforms k / 2^31 from x ← (1103515245·x + 12345) mod 2^31, exactly as the Python `lcg`. */
export function lcg(seed: number, n: number): Float64Array {
  const out = new Float64Array(n);
  let x = seed >>> 0;
  for (let i = 0; i < n; i++) {
    x = ((Math.imul(1103515245, x) + 12345) >>> 0) & 0x7fffffff;
    out[i] = x / 2147483648;
  }
  return out;
}

/** numpy's round-half-to-even of u·10^digits, divided back; then scale and shift. */
export function lcgSample(spec: LcgSpec): Float64Array {
  const u = lcg(spec.seed, spec.n);
  const scale = spec.scale ?? 1;
  const shift = spec.shift ?? 0;
  for (let i = 0; i < u.length; i++) {
    let v = u[i];
    if (spec.digits !== undefined) {
      const f = 10 ** spec.digits;
      v = roundHalfEven(v * f) / f;
    }
    u[i] = v * scale + shift;
  }
  return u;
}

function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
