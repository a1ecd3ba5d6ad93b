/**
 * Labs at diagnosis from a Gaussian copula: correlated normal scores, then the published marginal
 * shapes (AMLSG, computed; `domain/aml.md`). Spearman targets are turned into normal-score
 * correlations with r = 2·sin(πρ/6), so they survive the monotone margins.
 *
 * WBC also depends on genotype (AMLSG medians ×10⁹/L: NPM1−/ITD− 8.0, NPM1+/ITD− 19.2,
 * NPM1−/ITD+ 36.8, NPM1+/ITD+ 41.7). Those medians explain part of the log-WBC variance (σ 1.56
 * overall), so the residual σ is 1.41 and WBC's copula correlations are scaled up by 1.56/1.41 to
 * keep the overall correlations at target.
 */
import type { Rng } from '../../core/rng.js';
import { cholesky, clamp, pearsonForSpearman, roundTo, sigmoid } from '../math.js';

/** Spearman correlations (AMLSG, computed); `ldh–bm_blasts` 0.2 is our assumption. */
export const AML_LAB_SPEARMAN = {
  'age:wbc': -0.15,
  'wbc:ldh': 0.62,
  'wbc:pb_blasts': 0.55,
  'bm_blasts:pb_blasts': 0.47,
  'ldh:pb_blasts': 0.4,
  'wbc:bm_blasts': 0.35,
  'hb:platelets': 0.19,
  'ldh:bm_blasts': 0.2,
} as const;

const VARIABLES = ['age', 'wbc', 'hb', 'platelets', 'ldh', 'bm_blasts', 'pb_blasts'] as const;
const WBC_SD_TOTAL = 1.56;
const WBC_SD_RESIDUAL = 1.41;
/** log-WBC medians by NPM1 × FLT3-ITD: index npm1 + 2·itd. */
const WBC_LOG_MEDIAN = [Math.log(8.0), Math.log(19.2), Math.log(36.8), Math.log(41.7)];

function copulaCorrelation(): number[][] {
  const k = VARIABLES.length;
  const r: number[][] = Array.from({ length: k }, (_, i) =>
    Array.from({ length: k }, (_, j) => (i === j ? 1 : 0)),
  );
  for (const [pair, rho] of Object.entries(AML_LAB_SPEARMAN)) {
    const [a, b] = pair.split(':');
    const i = VARIABLES.indexOf(a as (typeof VARIABLES)[number]);
    const j = VARIABLES.indexOf(b as (typeof VARIABLES)[number]);
    const scale = a === 'wbc' || b === 'wbc' ? WBC_SD_TOTAL / WBC_SD_RESIDUAL : 1;
    r[i][j] = r[j][i] = pearsonForSpearman(rho) * scale;
  }
  return r;
}

const CHOLESKY = cholesky(copulaCorrelation());

export interface AmlLabs {
  wbc: Float64Array;
  hb: Float64Array;
  platelets: Float64Array;
  ldh: Float64Array;
  bm_blasts: Float64Array;
  pb_blasts: Float64Array;
}

/**
 * Draws the labs; age enters the copula as its own standardised score (age − 65)/15, so the
 * labs are drawn conditionally on the age already drawn.
 */
export function simulateLabs(rng: Rng, age: Float64Array, npm1: Uint8Array, itd: Uint8Array): AmlLabs {
  const n = age.length;
  const k = VARIABLES.length;
  const out: AmlLabs = {
    wbc: new Float64Array(n),
    hb: new Float64Array(n),
    platelets: new Float64Array(n),
    ldh: new Float64Array(n),
    bm_blasts: new Float64Array(n),
    pb_blasts: new Float64Array(n),
  };
  const e = new Float64Array(k);
  const z = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    e[0] = (age[i] - 65) / 15;
    for (let j = 1; j < k; j++) e[j] = rng.normal();
    for (let a = 0; a < k; a++) {
      let s = 0;
      for (let b = 0; b <= a; b++) s += CHOLESKY[a * k + b] * e[b];
      z[a] = s;
    }
    const logWbc = WBC_LOG_MEDIAN[npm1[i] + 2 * itd[i]] + WBC_SD_RESIDUAL * z[1];
    out.wbc[i] = clamp(roundTo(Math.exp(logWbc), 1), 0.1, 500);
    out.hb[i] = clamp(roundTo(9.15 + 1.98 * z[2], 1), 3, 17);
    out.platelets[i] = clamp(Math.round(Math.exp(4.0 + 0.89 * z[3])), 2, 1500);
    out.ldh[i] = clamp(Math.round(Math.exp(6.075 + 0.77 * z[4])), 80, 15000);
    // Logit-normal blast shares fitted to the published median and IQR.
    out.bm_blasts[i] = Math.round(100 * sigmoid(1.08 + 1.66 * z[5]));
    out.pb_blasts[i] = Math.round(100 * sigmoid(-0.55 + 2.33 * z[6]));
  }
  return out;
}
