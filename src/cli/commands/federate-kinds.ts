/**
 * The job kinds a hub started from the CLI runs, and the parsing of the options the hub commands
 * share. One list, so that `hub start` and `federate demo` serve the same jobs.
 */
import { hostname } from 'node:os';
import { UsageError } from '../../core/errors.js';
import { federatedKind } from '../../server/hub/federated-kind.js';
import { collectKind, type DatabaseOption, type JobKind, secaggSumKind } from '../../server/hub/index.js';
import { FEDERATED_PROTOCOLS } from '../../workflows/federated/protocols.js';

export function hubKinds(): JobKind[] {
  return [collectKind, secaggSumKind, federatedKind(FEDERATED_PROTOCOLS)];
}

export function databaseOf(options: Record<string, unknown>): DatabaseOption | undefined {
  const url = options.database;
  if (typeof url !== 'string') return undefined;
  if (!/^postgres(ql)?:\/\//.test(url))
    throw new UsageError(`--database expects a postgres://user:password@host/database address, got '${url}'`);
  // `?schema=NAME` keeps the hub's tables in a schema of their own (several hubs, one database).
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema');
  if (schema === null) return url;
  parsed.searchParams.delete('schema');
  return { url: parsed.toString(), schema };
}

/** "0.0.0.0:8443", "[::]:8443", ":8443" → host and port. */
export function listenOf(text: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:]*)):(\d{1,5})$/.exec(text.trim());
  const port = match ? Number(match[3]) : Number.NaN;
  if (!match || !(port >= 0 && port <= 65535))
    throw new UsageError(`--listen expects HOST:PORT, such as 0.0.0.0:8443 or 127.0.0.1:0, got '${text}'`);
  return { host: match[1] ?? (match[2] || '0.0.0.0'), port };
}

/** The names a new hub's certificate holds when none are given: enough for this machine's own use. */
export function defaultHostnames(): string[] {
  return [...new Set(['localhost', '127.0.0.1', hostname()])];
}
