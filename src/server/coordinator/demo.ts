/**
 * `federate demo` end to end, every party in this process but talking HTTPS on loopback: a hub
 * (embedded PGlite) in OUT/hub, one node per centre in OUT/nodes/<centre> answering from its own
 * data file only (OUT/data/<centre>.csv, read as `synthcohort node --schema` reads it: a file that
 * does not read against the schema answers only the harmonising check), and a coordinator that
 * checks heterogeneity with harmonisation (each centre then confirms and applies its own proposed
 * transformations, to a new file at the centre), infers the rules every patient obeys
 * (secure sums of counts), fits the copula with them and mst (ε = 3) with the declared schema
 * across the centres, samples each model and validates each sample at every centre. Everything stops at
 * the end, so the process can exit by itself. Seeded throughout (keys, masks and noise included):
 * a demo is reproducible, which is not what a deployment wants (`hub init` and `node` draw from the
 * system's secure generator).
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { makeFolder, writeFileAtomic } from '../../core/atomic-write.js';
import { InputError } from '../../core/errors.js';
import { readCsvWithSchema } from '../../data/csv/read.js';
import { formatCsv } from '../../data/csv/write.js';
import { writeTable } from '../../data/io.js';
import { parseSchema, type Schema } from '../../data/schema.js';
import type { Table } from '../../data/table.js';
import { loadModel } from '../../generators/load.js';
import { sampleModel } from '../../generators/pipeline.js';
import type { Mapping, Transformation } from '../../interop/harmonise/mapping.js';
import { readTextTable } from '../../interop/harmonise/text-table.js';
import { applyHarmonisation } from '../../interop/harmonise/workflow.js';
import { seededRandomBits } from '../../privacy/random-bits.js';
import { FederatedReport } from '../../report/federated.js';
import { demoCohort } from '../../workflows/federated/demo.js';
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
  ownWayCentre?: string;
  heterogeneity?: HeterogeneityReport;
  /** The proposed harmonisation mapping the check released (OUT/harmonise-mapping.json). */
  mappingFile?: string;
  /** What each centre confirmed and applied to its own table after the check. */
  harmonised: DemoHarmonised[];
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

export interface DemoHarmonised {
  centre: string;
  transformations: Transformation[];
  /** The centre's harmonised file, which its node reads from then on. */
  file: string;
}

/** Longest a phase waits for a centre (a centre whose data do not fit declines, and is dropped then). */
const ROUND_SECONDS = 60;

/**
 * A node's data file, read as `synthcohort node` reads it: the cells' text, and the typed table
 * when the file reads against the schema (else the reason, which declines the jobs that need it).
 * Cached per file: a centre switches files when it harmonises.
 */
function nodeData(schema: Schema) {
  const typed = new Map<string, Table | InputError>();
  const texts = new Map<string, Table>();
  return {
    table(file: string): Table {
      if (!typed.has(file))
        try {
          typed.set(file, readCsvWithSchema(file, schema));
        } catch (error) {
          if (!(error instanceof InputError)) throw error;
          typed.set(file, error);
        }
      const table = typed.get(file)!;
      if (table instanceof InputError) throw table;
      return table;
    },
    text(file: string): Table {
      if (!texts.has(file)) texts.set(file, readTextTable(file));
      return texts.get(file)!;
    },
  };
}

/** The mapping with one centre's own transformations confirmed, as its staff would after reading them. */
function confirmedBy(mapping: Mapping, centre: string): Mapping {
  return {
    ...mapping,
    transformations: mapping.transformations.map((t) =>
      t.centre === centre ? { ...t, confirmed: true } : t,
    ),
  };
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
    // Each centre's data file as its node reads it (a centre harmonises its own between jobs).
    const files = new Map(cohort.sites.map((s) => [s.name, join(out, 'data', `${s.name}.csv`)]));
    const data = nodeData(cohort.schema);
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
      writeFileAtomic(files.get(site.name)!, site.csv);
      centres.push({ name: site.name, rows: site.table.nRows, dir });
      running.push(
        runNode({
          dir,
          handlers: siteHandlers({
            name: site.name,
            dir,
            table: () => data.table(files.get(site.name)!),
            text: () => data.text(files.get(site.name)!),
            schema: cohort.schema,
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
    let mappingFile: string | undefined;
    const harmonised: DemoHarmonised[] = [];
    if (cohort.sites.length >= MIN_HETEROGENEITY_SITES) {
      step('comparing the centres (heterogeneity, from aggregates) and checking how each writes its cells');
      const job = await runFederatedJob(
        client,
        { protocol: 'heterogeneity', request: { schema, harmonise: true }, ...jobs },
        wait,
      );
      heterogeneity = HeterogeneityReport.parse(job.result);
      writeFileAtomic(join(out, 'heterogeneity.json'), `${JSON.stringify(heterogeneity, null, 2)}\n`);
      const mapping = heterogeneity.harmonise?.mapping;
      if (mapping) {
        mappingFile = join(out, 'harmonise-mapping.json');
        writeFileAtomic(mappingFile, `${JSON.stringify(mapping, null, 2)}\n`);
        for (const { name: centre } of cohort.sites) {
          const transformations = mapping.transformations.filter((t) => t.centre === centre);
          if (transformations.length === 0) continue;
          step(
            `centre ${centre} confirms its ${transformations.length} proposed transformation(s) and applies them to its own table`,
          );
          const dir = join(nodesDir, centre, 'harmonise');
          makeFolder(dir);
          const confirmed = join(dir, 'mapping.json');
          writeFileAtomic(confirmed, `${JSON.stringify(confirmedBy(mapping, centre), null, 2)}\n`);
          const applied = await applyHarmonisation(files.get(centre)!, confirmed, dir, { schema, centre });
          files.set(centre, applied.paths.harmonised);
          harmonised.push({ centre, transformations, file: applied.paths.harmonised });
        }
      }
    }

    // After the harmonisation, so that the counts come from the tables the fits read.
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
    return {
      hubDir,
      centres,
      shiftedCentre: cohort.shiftedCentre,
      ...(cohort.ownWayCentre === undefined ? {} : { ownWayCentre: cohort.ownWayCentre }),
      heterogeneity,
      ...(mappingFile === undefined ? {} : { mappingFile }),
      harmonised,
      fits,
      rules,
    };
  } finally {
    stop.abort();
    await Promise.allSettled(running);
    await hub.close();
  }
}
