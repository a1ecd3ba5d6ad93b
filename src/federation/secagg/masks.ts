/**
 * The masks of Bonawitz et al. 2017 (§4, Figure 4, round MaskedInputCollection): node u sends
 *
 *   y_u = x_u + PRG(b_u) + Σ_{v ∈ U2, v < u} PRG(s_uv) − Σ_{v ∈ U2, v > u} PRG(s_uv)   (mod 2^64).
 *
 * Each pairwise mask appears once with + (in the larger index's y) and once with − (in the smaller
 * one's), so they cancel in Σ y_u over any set that holds both ends; the self mask PRG(b_u) keeps
 * y_u hidden even from a hub that learns u's pairwise seeds after u is wrongly declared dropped.
 */
import { expandMask } from './prg.js';
import { type RingVector, ringAddInto, ringSubInto } from './ring.js';

/** +1 when the mask between `self` and `peer` enters self's y_u with a plus sign, −1 otherwise. */
export function pairwiseSign(self: number, peer: number): 1 | -1 {
  return peer < self ? 1 : -1;
}

/** acc ← acc + sign · PRG(seed), in place. */
export function applyMask(acc: RingVector, seed: Uint8Array, sign: 1 | -1): RingVector {
  const mask = expandMask(seed, acc.length >>> 1);
  return sign === 1 ? ringAddInto(acc, mask) : ringSubInto(acc, mask);
}
