/**
 * The job kinds a hub started from the CLI runs, and the parsing of the options the hub commands
 * share. One list, so that `hub start` and `federate demo` serve the same jobs.
 */
import { hostname } from 'node:os';
import { UsageError } from '../../core/errors.js';
import type { Schema } from '../../data/schema.js';
import type { Table } from '../../data/table.js';
import { collectKind, type DatabaseOption, type JobKind, secaggSumKind } from '../../server/hub/index.js';
import type { TaskHandler } from '../../server/node/index.js';

export function hubKinds(): JobKind[] {
  return [collectKind, secaggSumKind];
}

export function databaseOf(options: Record<string, unknown>): DatabaseOption | undefined {
  const url = options.database;
  if (typeof url !== 'string') return undefined;
  if (!/^postgres(ql)?:\/\//.test(url))
    throw new UsageError(`--database expects a postgres://user:password@host/database address, got '${url}'`);
  return url;
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

export interface NodeSite {
  /** The node's state folder: its ledger and per-centre reports live there. */
  dir: string;
  table: Table;
  schema: Schema;
  dataFile: string;
  /** The node's own privacy budget over its table. */
  budget: { epsilon: number; delta: number };
}

/** The task handlers a node started from the CLI runs, per job kind. */
export function nodeHandlers(_site: NodeSite): Record<string, TaskHandler> {
  return {};
}
