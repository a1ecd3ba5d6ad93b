/**
 * The peers' published figures, copied from shared/benchmarks/peers.md (SDV 1.38, R synthpop 1.9-3;
 * 3 seeds, medians, on another 2-core machine). Not measured here.
 */
export interface PeerRow {
  readonly tool: string;
  readonly fitSample: number;
  readonly process: number;
  readonly peakMiB: number;
  readonly quality: number;
  readonly shapes: number;
  readonly pairs: number;
  readonly dcr: number;
  /** What peers.md says about the Cox effect on this tool's synthetic data. */
  readonly cox: string;
}

export const PEERS_SOURCE = 'SDV 1.38 / synthpop 1.9-3, published in shared/benchmarks/peers.md';

/** The row every ratio is taken against: peers.md calls synthpop's quality and speed the bar. */
export const BAR = 'synthpop CART';

export const PEERS: Readonly<Record<string, readonly PeerRow[]>> = {
  pbc: [
    peer('SDV GaussianCopula', [1.29, 4.45, 380, 0.736, 0.89, 0.582, 0.469], 'not kept'),
    peer('SDV CTGAN', [16.7, 19.8, 421, 0.698, 0.82, 0.576, 0.47], 'not kept'),
    peer(BAR, [0.65, 2.82, 293, 0.946, 0.963, 0.929, 0.115], 'kept'),
  ],
  lung: [
    peer('SDV GaussianCopula', [0.62, 3.05, 379, 0.8, 0.87, 0.731, 0.42], 'not kept'),
    peer('SDV CTGAN', [10.9, 13.3, 418, 0.745, 0.833, 0.656, 0.46], 'sign flipped'),
    peer(BAR, [0.16, 2.1, 255, 0.914, 0.95, 0.877, 0.274], 'kept'),
  ],
};

function peer(tool: string, numbers: readonly number[], cox: string): PeerRow {
  const [fitSample, process, peakMiB, quality, shapes, pairs, dcr] = numbers;
  return { tool, fitSample, process, peakMiB, quality, shapes, pairs, dcr, cox };
}
