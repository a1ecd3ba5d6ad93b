/**
 * `federate demo` end to end, every party in this process but talking HTTPS on loopback: a hub
 * (embedded PGlite) in OUT/hub, one node per centre in OUT/nodes/<centre> answering from its own
 * table only, and a coordinator that checks heterogeneity, infers the rules every patient obeys
 * (secure sums of counts), fits the copula with them and mst (ε = 3) with the declared schema
 * across the centres, samples each model and validates each sample at every centre. Everything stops at
 * the end, so the process can exit by itself. Seeded throughout (keys, masks and noise included):
 * a demo is reproducible, which is not what a deployment wants (`hub init` and `node` draw from the
 * system's secure generator).
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { makeFolder, writeFileAtomic } from '../../core/atomic-write.js';
import { formatCsv } from '../../data/csv/write.js';
import { writeTable } from '../../data/io.js';
import { parseSchema } from '../../data/schema.js';
import { loadModel } from '../../generators/load.js';
import { sampleModel } from '../../generators/pipeline.js';
import { seededRandomBits } from '../../privacy/random-bits.js';
import { FederatedReport } from '../../report/federated.js';
import { convertUnit, demoCohort } from '../../workflows/federated/demo.js';
import { MIN_HETEROGENEITY_SITES } from '../../workflows/federated/heterogeneity.js';
import { HeterogeneityReport } from '../../workflows/federated/heterogeneity-report.js';
import { FEDERATED_PROTOCOLS } from '../../workflows/federated/protocols.js';
import { RULES_PROTOCOL } from '../../workflows/federated/rules-protocol.js';
import { type FederatedReportFiles, writeFederatedReport } from '../../workflows/validate.js';
import { federatedKind } from '../hub/federated-kind.js';
import { initHub, startHub } from '../hub/index.js';
import { enrolNode, type NodeEvent, runNode } from '../node/index.js';
import { createCoordinatorClient, type WaitOptions } from './client.js';
import { runFederatedJob } from './federated-job.js';
import { siteHandlers } from './site-handlers.js';

export interface FederatedDemoOptions {
  out: string;
  centres: number;
  patients: number;
  seed: number;
  /** ε of the mst fit (default 3) and its δ (default 1e-6). */
  epsilon?: number;
  delta?: number;
  /** A phase of the demo has started ("fitting copula"). */
  onStep?: (message: string) => void;
  /** A job's status changed. */
  onJob?: WaitOptions['onStatus'];
  onNodeEvent?: (node: string, event: NodeEvent) => void;
}

export interface DemoFit {
  model: 'copula' | 'mst';
  job: number;
  modelFile: string;
  synthetic: string;
  rows: number;
  report: FederatedReport;
  files: FederatedReportFiles;
}

export interface FederatedDemoResult {
  hubDir: string;
  centres: Array<{ name: string; rows: number; dir: string }>;
  shiftedCentre: string;
  heterogeneity?: HeterogeneityReport;
  /** The unit conversions centres made after the heterogeneity check. */
  fixes: UnitFix[];
  fits: DemoFit[];
  /** The rules job: rules found across the centres, how many the schema did not state, the file. */
  rules: DemoRules;
}

export interface DemoRules {
  job: number;
  found: number;
  added: number;
  schemaFile: string;
}

export interface UnitFix {
  centre: string;
  column: string;
  factor: number;
}

/** Longest a phase waits for a centre (a centre whose data do not fit declines, and is dropped then). */
const ROUND_SECONDS = 60;

/** The unit suspicions of a heterogeneity report, with the factor each names. */
export function unitFixes(report: HeterogeneityReport): UnitFix[] {
  return report.flagged
    .filter((flag) => flag.kind === 'unit')
    .flatMap((flag) => {
      const column = report.columns.find((c) => c.name === flag.column);
      const entry = column?.centres.find((c) => c.centre === flag.centre);
      return entry?.unit ? [{ centre: flag.centre, column: flag.column, factor: entry.unit.factor }] : [];
    });
}

/** What marks a folder as a previous demo's, whose hub and nodes a new run may replace. */
const MARKER = 'federated-demo.json';
/** Each node's own budget: enough for the one mst fit at ε = 3. */
const NODE_BUDGET = { epsilon: 10, delta: 1e-6 };

export async function runFederatedDemo(options: FederatedDemoOptions): Promise<FederatedDemoResult> {
  const { out, seed } = options;
  const step = options.onStep ?? (() => {});
  const bits = seededRandomBits(`federated demo ${seed}`);
  const hubDir = join(out, 'hub');
  const nodesDir = join(out, 'nodes');
  step(`simulating ${options.patients} AML patients in ${options.centres} centres`);
  // First: a request the simulator refuses leaves nothing behind.
  const cohort = demoCohort({ patients: options.patients, centres: options.centres, seed });
  // A previous demo's hub and nodes are replaced; anything else in the way is refused by initHub.
  if (existsSync(join(out, MARKER)))
    for (const dir of [hubDir, nodesDir]) rmSync(dir, { recursive: true, force: true });
  makeFolder(out);
  writeFileAtomic(join(out, 'schema.json'), `${JSON.stringify(cohort.schema, null, 2)}\n`);

  step('starting the hub on 127.0.0.1 and enrolling one node per centre');
  const now = new Date();
  const init = await initHub({
    dir: hubDir,
    hostnames: ['localhost', '127.0.0.1'],
    now,
    bits: bits.split('hub init'),
  });
  const hub = await startHub({
    dir: hubDir,
    listen: { host: '127.0.0.1', port: 0 },
    kinds: [federatedKind(FEDERATED_PROTOCOLS)],
    bits: bits.split('hub'),
    localAdmin: false,
    maxPollSeconds: 5,
  });
  const stop = new AbortController();
  const running: Promise<void>[] = [];
  try {
    const caPem = readFileSync(init.caCertificatePath, 'utf8');
    const client = createCoordinatorClient({ hubUrl: hub.url, caPem, token: init.coordinatorToken });
    const centres: FederatedDemoResult['centres'] = [];
    // Each centre's table as its node holds it (a centre may fix a unit between jobs).
    const tables = new Map(cohort.sites.map((s) => [s.name, s.table]));
    makeFolder(join(out, 'data'));
    for (const site of cohort.sites) {
      const dir = join(nodesDir, site.name);
      const { token } = await client.addNode(site.name);
      const nodeBits = bits.split(`node ${site.name}`);
      await enrolNode({
        hubUrl: hub.url,
        caPem,
        token,
        name: site.name,
        dir,
        bits: nodeBits.split('enrol'),
        now,
      });
      writeFileAtomic(join(out, 'data', `${site.name}.csv`), formatCsv(site.table, cohort.schema));
      centres.push({ name: site.name, rows: site.table.nRows, dir });
      running.push(
        runNode({
          dir,
          handlers: siteHandlers({
            name: site.name,
            dir,
            table: () => tables.get(site.name)!,
            budget: NODE_BUDGET,
            random: nodeBits.split('secrets'),
          }),
          signal: stop.signal,
          bits: nodeBits.split('nonces'),
          pollSeconds: 5,
          backoffMs: { first: 100, longest: 1000 },
          onEvent: (event) => options.onNodeEvent?.(site.name, event),
        }),
      );
    }
    const wait = { onStatus: options.onJob, pollMs: 100 };
    // A centre that cannot answer a phase (its data do not fit) is dropped after this, not at the deadline.
    const jobs = { roundSeconds: ROUND_SECONDS };
    const schema = cohort.schema;

    let heterogeneity: HeterogeneityReport | undefined;
    const fixes: UnitFix[] = [];
    if (cohort.sites.length >= MIN_HETEROGENEITY_SITES) {
      step('comparing the centres (heterogeneity, from aggregates)');
      const job = await runFederatedJob(
        client,
        { protocol: 'heterogeneity', request: { schema }, ...jobs },
        wait,
      );
      heterogeneity = HeterogeneityReport.parse(job.result);
      writeFileAtomic(join(out, 'heterogeneity.json'), `${JSON.stringify(heterogeneity, null, 2)}\n`);
      for (const fix of unitFixes(heterogeneity)) {
        step(`centre ${fix.centre} converts ${fix.column} by 1/${fix.factor}, as the check suggests`);
        tables.set(fix.centre, convertUnit(tables.get(fix.centre)!, fix.column, fix.factor));
        fixes.push(fix);
      }
    }

    // After the unit fixes, so that the counts come from the tables the fits read.
    step('inferring the rules every patient obeys (secure sums of counts)');
    const ruleJob = await runFederatedJob(
      client,
      { protocol: RULES_PROTOCOL, request: { schema }, ...jobs },
      wait,
    );
    const withRules = parseSchema(ruleJob.result.schema, `the schema of job ${ruleJob.id}`);
    const schemaFile = join(out, 'schema-rules.json');
    writeFileAtomic(schemaFile, `${JSON.stringify(withRules, null, 2)}\n`);
    const rules: DemoRules = {
      job: ruleJob.id,
      found: Array.isArray(ruleJob.result.rules) ? ruleJob.result.rules.length : 0,
      added: withRules.rules.length - schema.rules.length,
      schemaFile,
    };

    const fits: DemoFit[] = [];
    const epsilon = options.epsilon ?? 3;
    // The copula enforces the inferred rules at sampling; mst keeps the declared schema: rules learnt
    // from the data would leak what its ε does not account for, and a private generator refuses them.
    const requests = {
      copula: { schema: withRules },
      mst: { schema, epsilon, delta: options.delta ?? 1e-6 },
    } as const;
    for (const model of ['copula', 'mst'] as const) {
      step(
        `fitting ${model}${model === 'mst' ? ` (ε = ${epsilon})` : ''} across ${cohort.sites.length} centres`,
      );
      const fit = await runFederatedJob(client, { protocol: model, request: requests[model], ...jobs }, wait);
      const dir = join(out, model);
      makeFolder(dir);
      const text = `${JSON.stringify(fit.result.model)}\n`;
      const modelFile = join(dir, 'model.json');
      const fitted = loadModel(text, modelFile);
      writeFileAtomic(modelFile, text);
      const { table } = sampleModel(fitted, { rows: cohort.table.nRows, seed });
      const synthetic = join(dir, 'synthetic.csv');
      await writeTable(synthetic, table, fitted.schema);
      step(`validating the ${model} sample at every centre`);
      const validation = await runFederatedJob(
        client,
        // Every centre checks the consortium's rules, those found across the centres included, so
        // mst's sample is held to them too (it was not fitted with them: they cost privacy).
        {
          protocol: 'validate',
          request: { schema: withRules, synthetic: formatCsv(table, fitted.schema) },
          ...jobs,
        },
        wait,
      );
      const report = FederatedReport.parse(validation.result);
      const files = writeFederatedReport(report, dir);
      fits.push({ model, job: fit.id, modelFile, synthetic, rows: table.nRows, report, files });
    }
    writeFileAtomic(join(out, MARKER), `${JSON.stringify({ seed, centres: centres.length }, null, 2)}\n`);
    return { hubDir, centres, shiftedCentre: cohort.shiftedCentre, heterogeneity, fixes, fits, rules };
  } finally {
    stop.abort();
    await Promise.allSettled(running);
    await hub.close();
  }
}
