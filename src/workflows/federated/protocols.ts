/**
 * The federated protocols a hub and its nodes run, by name: what `federatedKind` serves and
 * `federatedHandler` answers. One list, so that a hub and a node built from the same version agree
 * on what a job's `protocol` means; a name not in it is refused when the job is created.
 */
import { copulaProtocol } from './copula-protocol.js';
import { heterogeneityProtocol } from './heterogeneity.js';
import { mstProtocol } from './mst-protocol.js';
import type { FederatedProtocol } from './protocol.js';
import { rulesProtocol } from './rules-protocol.js';
import { validateProtocol } from './validate-protocol.js';

export const FEDERATED_PROTOCOLS: readonly FederatedProtocol[] = [
  copulaProtocol,
  mstProtocol,
  validateProtocol,
  heterogeneityProtocol,
  rulesProtocol,
];

export function protocolNamed(name: string): FederatedProtocol | undefined {
  return FEDERATED_PROTOCOLS.find((p) => p.name === name);
}
