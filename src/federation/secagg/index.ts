/**
 * Secure aggregation (Bonawitz et al. 2017): the hub learns the sum of the nodes' vectors and
 * nothing else, even when nodes drop out. Network-free state machines; the transport drives them.
 */
export { SecAggClient, type SecAggClientOptions } from './client.js';
export {
  decodeFixedPoint,
  decodeIntegers,
  encodeFixedPoint,
  encodeIntegers,
  type FixedPointCodec,
  type IntegerCodec,
} from './encoding.js';
export {
  AdvertiseKeys,
  KeyRoster,
  MaskedInput,
  SECAGG_VERSION,
  SecAggJob,
  ShareInbox,
  ShareKeys,
  thresholdProblem,
  UnmaskRequest,
  UnmaskResponse,
} from './messages.js';
export { RING_BITS, type RingVector, ringZeros } from './ring.js';
export { type SecAggResult, SecAggServer } from './server.js';
