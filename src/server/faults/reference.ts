/**
 * What the fault tests compare with and search: the copula the plain reference runner fits on the
 * surviving sites' tables (`runProtocolPlain`: the hub adds the vectors in the clear), the largest
 * difference between two JSON values, the whole of a hub's database as text, and each site's own
 * vectors (the values no hub may hold) in the encodings a leak would take.
 */
import { ringToBytes } from '../../federation/secagg/ring.js';
import { seededRandomBits } from '../../privacy/random-bits.js';
import { copulaProtocol } from '../../workflows/federated/copula-protocol.js';
import { type PhasePlan, runProtocolPlain } from '../../workflows/federated/protocol.js';
import { openHubStore } from '../hub/database.js';
import { COPULA, type Federation } from './federation.js';

export { deviation } from '../hub/test-support.js';

/** The copula job's result on the plain reference runner over `names`' tables. */
export async function plainCopula(f: Federation, names: readonly string[]) {
  const sites = names.map((name) => ({ name, table: f.tables[name] }));
  const run = await runProtocolPlain(
    copulaProtocol,
    { schema: f.schema, copula: COPULA },
    sites,
    seededRandomBits('faults plain'),
  );
  if (run.status !== 'done') throw new Error(`the plain reference aborted: ${run.reason}`);
  return run;
}

/**
 * Every row of every table of the hub's database as JSON text, with each bytea value (submissions'
 * payloads) also decoded as UTF-8: all of it, and by table. The hub must be stopped when its database is the embedded one.
 */
export async function dumpHubDatabase(hubDir: string, database?: { url: string; schema: string }) {
  const store = await openHubStore(hubDir, database);
  const byTable: Record<string, string> = {};
  try {
    const { rows } = await store.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
    );
    for (const { table_name } of rows) {
      let dump = '';
      const all = await store.query<{ text: string }>(
        `SELECT row_to_json(t)::text AS text FROM "${table_name}" t`,
      );
      for (const { text } of all.rows) {
        dump += `${text}\n`;
        for (const hex of text.match(/\\\\x([0-9a-f]+)/g) ?? [])
          dump += `${Buffer.from(hex.slice(3), 'hex').toString('utf8')}\n`;
      }
      byTable[table_name] = dump;
    }
  } finally {
    await store.close();
  }
  return { dump: Object.values(byTable).join(''), byTable };
}

/**
 * Pieces of site `name`'s own copula vectors, phase by phase (the plans of `reference`), as the hub would hold them had it
 * seen one in the clear: 24-byte windows of the ring encoding around its non-zero entries, in
 * base64url, base64 and hex.
 */
export async function siteVectorPieces(
  f: Federation,
  reference: Awaited<ReturnType<typeof plainCopula>>,
  name: string,
) {
  const request = copulaProtocol.parameters.parse({ schema: f.schema, copula: COPULA });
  const pieces: string[] = [];
  for (const phase of reference.phases) {
    const plan: PhasePlan = { ...phase.plan, sites: phase.sites };
    const vector = (await copulaProtocol.answer(request, plan, {
      name,
      table: f.tables[name],
      random: seededRandomBits('unused'),
      charge: () => {},
    })) as Uint32Array;
    const bytes = ringToBytes(vector);
    // At most ~60 windows per phase, spread over the vector: a leak of the vector shows in any of them.
    const stride = 2 * Math.max(1, Math.floor(vector.length / 120));
    for (let i = 0; i + 6 <= vector.length; i += 2) {
      if (vector[i] === 0 && vector[i + 1] === 0) continue;
      const chunk = Buffer.from(bytes.subarray(4 * i, 4 * i + 24));
      pieces.push(chunk.toString('base64url'), chunk.toString('base64'), chunk.toString('hex'));
      i += stride;
    }
  }
  return pieces;
}
