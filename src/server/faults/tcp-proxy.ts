/**
 * A TCP proxy the fault tests put between a hub and its PostgreSQL server, to cut the database off
 * for a while: `cut()` drops every open connection and refuses new ones (as a network partition or
 * a server restart would), `restore()` lets them through again.
 */
import { connect, createServer, type Socket } from 'node:net';

export interface TcpProxy {
  /** The port on 127.0.0.1 the proxy listens on. */
  port: number;
  cut(): void;
  restore(): void;
  /** Connections the proxy refused or dropped while cut. */
  refused(): number;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const open = new Set<Socket>();
  let isCut = false;
  let refused = 0;
  const server = createServer((client) => {
    if (isCut) {
      refused++;
      client.destroy();
      return;
    }
    const upstream = connect(target.port, target.host);
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ]) {
      open.add(from);
      from.pipe(to);
      from.on('error', () => to.destroy());
      from.on('close', () => {
        open.delete(from);
        to.destroy();
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the proxy has no TCP port');
  return {
    port: address.port,
    cut() {
      isCut = true;
      refused += open.size / 2;
      for (const socket of open) socket.destroy();
    },
    restore() {
      isCut = false;
    },
    refused: () => refused,
    close() {
      for (const socket of open) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
