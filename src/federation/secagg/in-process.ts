/**
 * One secure aggregation run with every node and the hub in this process, messages passed as JSON
 * text exactly as they would cross the wire: for tests, the bench and a demo. A node listed in
 * `dropAfter` goes silent after the named step. Counts the messages and bytes each node sends and
 * receives, so the cost per node can be reported.
 */
import type { RandomBits } from '../../privacy/random-bits.js';
import { SecAggClient } from './client.js';
import type { SecAggJob } from './messages.js';
import type { RingVector } from './ring.js';
import { type SecAggResult, SecAggServer } from './server.js';

/** The last step a dropping node completes. */
export type DropPoint = 'advertise' | 'share-keys' | 'masked-input';

export interface NodeTraffic {
  sentMessages: number;
  sentBytes: number;
  receivedMessages: number;
  receivedBytes: number;
}

export interface InProcessRun {
  readonly result: SecAggResult;
  readonly traffic: Map<number, NodeTraffic>;
  readonly server: SecAggServer;
  readonly clients: Map<number, SecAggClient>;
}

export interface InProcessOptions {
  readonly job: SecAggJob;
  /** Node index → its encoded input; nodes 1..n all take part. */
  readonly inputs: ReadonlyMap<number, RingVector>;
  readonly dropAfter?: ReadonlyMap<number, DropPoint>;
  /** Split per node, so each node's secrets are independent streams. */
  readonly random: RandomBits;
}

export function runInProcess(options: InProcessOptions): InProcessRun {
  const { job, inputs } = options;
  const dropAfter = options.dropAfter ?? new Map<number, DropPoint>();
  const server = new SecAggServer(job);
  const clients = new Map<number, SecAggClient>();
  const traffic = new Map<number, NodeTraffic>();
  for (let node = 1; node <= job.participants; node++) {
    clients.set(node, new SecAggClient({ job, node, random: options.random.split(`node ${node}`) }));
    traffic.set(node, { sentMessages: 0, sentBytes: 0, receivedMessages: 0, receivedBytes: 0 });
  }
  const send = (node: number, message: unknown): unknown => {
    const text = JSON.stringify(message);
    const t = traffic.get(node)!;
    t.sentMessages++;
    t.sentBytes += Buffer.byteLength(text);
    return JSON.parse(text);
  };
  const receive = (node: number, message: unknown): unknown => {
    const text = JSON.stringify(message);
    const t = traffic.get(node)!;
    t.receivedMessages++;
    t.receivedBytes += Buffer.byteLength(text);
    return JSON.parse(text);
  };
  const live = (after: DropPoint | 'none') =>
    [...clients].filter(([node]) => !stoppedBy(dropAfter.get(node), after));

  for (const [node, client] of clients) server.receiveAdvertisement(send(node, client.advertise()));
  const roster = server.keyRoster();
  for (const [node, client] of live('advertise'))
    server.receiveShares(send(node, client.shareKeys(receive(node, roster))));
  for (const [node, client] of live('advertise')) {
    const inbox = server.shareInbox(node);
    if (stoppedBy(dropAfter.get(node), 'share-keys')) continue;
    server.receiveMaskedInput(send(node, client.maskedInput(receive(node, inbox), inputs.get(node)!)));
  }
  const request = server.unmaskRequest();
  for (const [node, client] of live('masked-input'))
    server.receiveUnmaskResponse(send(node, client.unmask(receive(node, request))));
  return { result: server.result(), traffic, server, clients };
}

const ORDER: Record<DropPoint | 'none', number> = {
  advertise: 0,
  'share-keys': 1,
  'masked-input': 2,
  none: 3,
};

/** Whether a node that drops after `drop` is silent from the step after `step` on. */
function stoppedBy(drop: DropPoint | undefined, step: DropPoint | 'none'): boolean {
  return drop !== undefined && ORDER[drop] <= ORDER[step];
}
