/**
 * The server store when its connection drops in the middle of a transaction (in process, through
 * the fault tests' TCP proxy to the machine's PostgreSQL, database `test`, a schema of its own):
 * the transaction fails with an error, the process goes on (a checked-out client's 'error' event
 * is heard), and once the server is reachable again the same store answers.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, expect, it } from 'vitest';
import { openServerStore } from '../store/index.js';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.js';

const SERVER = process.env.SYNTHCOHORT_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `faults_${randomBytes(6).toString('hex')}`;
let proxy: TcpProxy | undefined;

afterAll(async () => {
  await proxy?.close();
  const admin = await openServerStore(SERVER).catch(() => undefined);
  await admin?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin?.close();
});

it('a connection lost mid-transaction fails that transaction only; the store answers again once the server is back', async () => {
  const server = new URL(SERVER);
  proxy = await startTcpProxy({ host: server.hostname, port: Number(server.port || 5432) });
  const through = new URL(SERVER);
  through.port = String(proxy.port);
  const store = await openServerStore(through.toString(), { schema });
  try {
    await store.exec('CREATE TABLE marks (n int)');
    const cutProxy = proxy;
    const transaction = store.transaction(async (tx) => {
      await tx.query('INSERT INTO marks VALUES (1)');
      // The connection drops while the transaction holds it between two statements.
      cutProxy.cut();
      await new Promise((resolve) => setTimeout(resolve, 300));
      await tx.query('INSERT INTO marks VALUES (2)');
    });
    await expect(transaction).rejects.toThrow(/cannot use the PostgreSQL database at 127\.0\.0\.1:\d+\/test/);
    proxy.restore();
    const { rows } = await store.query<{ n: number }>('SELECT count(*)::int AS n FROM marks');
    // Nothing of the failed transaction was committed.
    expect(rows[0].n).toBe(0);
  } finally {
    await store.close();
  }
});
