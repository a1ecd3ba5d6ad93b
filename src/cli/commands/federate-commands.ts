/**
 * The federation's commands (hub, node, federate), declared as the rest of the command table is
 * (commands.ts). Kept apart so that the table stays readable; it imports only types from it, never
 * values, so that the two modules do not load each other.
 */
import { UsageError } from '../../core/errors.js';
import { DEFAULT_SEED } from '../../core/rng.js';
import type { CommandSpec, OptionSpec } from '../commands.js';
import { MAX_TABLE_ROWS, oneOf, positiveInteger, positiveNumber, probability, seed } from '../options.js';

const STATE = (what: string): OptionSpec => ({
  flags: '--state <dir>',
  description: what,
  required: true,
  option: 'dir',
});
const DATABASE: OptionSpec = {
  flags: '--database <url>',
  description:
    'a PostgreSQL server (postgres://user:password@host/db[?schema=NAME]) instead of the embedded database',
  option: 'database',
};
const SEED: OptionSpec = {
  flags: '--seed <s>',
  description: 'seed of every random step on this machine (same inputs and seed give identical outputs)',
  parse: seed,
  default: DEFAULT_SEED,
  option: 'seed',
};
const list = (flag: string) => (text: string) => {
  const items = text.split(',').map((s) => s.trim());
  if (items.some((s) => s === ''))
    throw new UsageError(`${flag} expects names separated by commas, got '${text}'`);
  return items;
};

/** How a coordinator reaches its hub: every federate command but demo. */
const HUB: OptionSpec[] = [
  {
    flags: '--hub <url>',
    description: "the hub's address, such as https://hub.example.org:8443",
    required: true,
    option: 'hubUrl',
  },
  {
    flags: '--ca <file>',
    description: "the hub's CA certificate (ca.pem from hub init)",
    required: true,
    option: 'caPem',
  },
  {
    flags: '--token <t>',
    description: 'the coordinator token hub init printed',
    required: true,
    option: 'token',
  },
];
/** Which sites a job runs on and how many must stay. */
const SITES: OptionSpec[] = [
  {
    flags: '--nodes <names>',
    description: 'the sites of the job, such as a,b,c (default: every node enrolled at the hub)',
    parse: list('--nodes'),
    option: 'nodes',
  },
  {
    flags: '--min-nodes <k>',
    description: 'sites that must answer for the job to go on (default: all of them)',
    parse: positiveInteger('--min-nodes'),
    option: 'minNodes',
  },
  {
    flags: '--deadline <seconds>',
    description: 'seconds until the job must be done (default 3600); a silent site is dropped then',
    parse: positiveInteger('--deadline'),
    option: 'deadlineSeconds',
  },
  {
    flags: '--round-seconds <s>',
    description: 'longest one phase waits for its sites (default: until the deadline)',
    parse: positiveInteger('--round-seconds'),
    option: 'roundSeconds',
  },
];
const SCHEMA: OptionSpec = {
  flags: '--schema <file>',
  description: "the consortium's schema: every site's table must conform to it",
  required: true,
};
const CSV: OptionSpec[] = [
  { flags: '--delimiter <c>', description: "field delimiter (default: detected among ',' ';' and tab)" },
  { flags: '--decimal-comma', description: 'numbers use a decimal comma, such as 3,5' },
  { flags: '--day-first', description: 'dates are day-first, such as 31/01/2024' },
];
const load = (module: () => Promise<Record<string, unknown>>, name: string) => async () => ({
  run: (await module())[name] as never,
});
const hub = () => import('./hub.js');
const federate = () => import('./federate.js');

export const FEDERATION_COMMANDS: CommandSpec[] = [
  {
    name: 'hub init',
    summary:
      "create a hub's state folder: database, certificate authority, TLS certificate, coordinator token",
    args: [],
    options: [
      STATE('folder to create (new or empty)'),
      {
        flags: '--hostname <name>',
        description:
          'a name or address nodes reach the hub at (repeatable; default localhost, 127.0.0.1 and this machine’s name)',
        parse: (text, previous) => [...((previous as string[] | undefined) ?? []), text],
        option: 'hostnames',
      },
      DATABASE,
    ],
    examples: ['synthcohort hub init --state hub --hostname hub.example.org'],
    load: load(hub, 'init'),
  },
  {
    name: 'hub start',
    summary: 'serve nodes and coordinators over HTTPS until interrupted',
    args: [],
    options: [
      STATE("the hub's state folder (from hub init)"),
      {
        flags: '--listen <host:port>',
        description: 'address to listen on (default 0.0.0.0:8443; port 0 picks a free one)',
        default: '0.0.0.0:8443',
        option: 'listen',
      },
      DATABASE,
    ],
    examples: ['synthcohort hub start --state hub --listen 0.0.0.0:8443'],
    load: load(hub, 'start'),
  },
  {
    name: 'hub add-node',
    summary: 'print a one-time enrolment token for a new node (works while the hub runs)',
    args: ['<name>'],
    options: [
      STATE("the hub's state folder"),
      {
        flags: '--valid-days <n>',
        description: 'days the token enrols (default 7)',
        parse: positiveInteger('--valid-days', 30),
        default: 7,
      },
      DATABASE,
    ],
    examples: ['synthcohort hub add-node hospital-a --state hub'],
    load: load(hub, 'addNode'),
  },
  {
    name: 'node',
    summary: "join a hub's federation and answer its jobs with a local table (outbound connections only)",
    args: [],
    options: [
      {
        flags: '--hub <url>',
        description: "the hub's address (needed to enrol; afterwards read from --state)",
        option: 'hubUrl',
      },
      {
        flags: '--ca <file>',
        description: "the hub's CA certificate, pinned (needed to enrol)",
        option: 'caPem',
      },
      {
        flags: '--enrol <token>',
        description: 'the one-time token from hub add-node (first run only)',
        option: 'token',
      },
      {
        flags: '--name <name>',
        description: 'the name the token was issued for (with --enrol)',
        option: 'name',
      },
      {
        flags: '--data <file>',
        description: "this site's patient table (.csv or .parquet); never sent",
        required: true,
      },
      { flags: '--schema <file>', description: 'schema of the table (default: inferred)' },
      STATE("the node's state folder: its key, the pinned CA, its privacy ledger, its reports"),
      {
        flags: '--budget-epsilon <e>',
        description:
          'total ε this node lets jobs spend on its table (default 10); a job beyond it is declined',
        parse: positiveNumber('--budget-epsilon'),
        option: 'budgetEpsilon',
      },
      {
        flags: '--budget-delta <d>',
        description: 'δ of that budget (default 1e-6)',
        parse: probability('--budget-delta'),
        option: 'budgetDelta',
      },
      ...CSV,
    ],
    examples: [
      'synthcohort node --hub https://hub.example.org:8443 --ca ca.pem --enrol sce_… --name hospital-a --data patients.csv --schema schema.json --state node',
      'synthcohort node --data patients.csv --schema schema.json --state node',
    ],
    files: {
      inputs: [
        { option: 'data', label: '--data' },
        { option: 'schema', label: '--schema' },
        { option: 'ca', label: '--ca' },
      ],
    },
    load: () => import('./node.js'),
  },
  {
    name: 'federate fit',
    summary: 'fit a generator across the sites (heterogeneity first), write the model file',
    args: [],
    options: [
      ...HUB,
      {
        flags: '--model <name>',
        description: 'copula or mst',
        parse: oneOf('--model', ['copula', 'mst']),
        required: true,
      },
      {
        flags: '--epsilon <e>',
        description: 'mst: the privacy budget ε of the fit',
        parse: positiveNumber('--epsilon'),
        option: 'epsilon',
      },
      {
        flags: '--delta <d>',
        description: 'mst: δ (default 1e-6)',
        parse: probability('--delta'),
        option: 'delta',
      },
      SCHEMA,
      ...SITES,
      { flags: '--skip-heterogeneity', description: 'fit without the heterogeneity check first' },
      { flags: '--out <file>', description: 'model file to write', required: true },
    ],
    examples: [
      'synthcohort federate fit --hub https://hub:8443 --ca ca.pem --token scc_… --model copula --schema schema.json --out model.json',
      'synthcohort federate fit --hub https://hub:8443 --ca ca.pem --token scc_… --model mst --epsilon 3 --schema schema.json --out model.json',
    ],
    files: {
      inputs: [
        { option: 'ca', label: '--ca' },
        { option: 'schema', label: '--schema' },
      ],
      outputFiles: [{ option: 'out', label: '--out' }],
    },
    load: load(federate, 'fit'),
  },
  {
    name: 'federate sample',
    summary: 'sample synthetic rows from the model a finished federated fit released',
    args: [],
    options: [
      ...HUB,
      { flags: '--job <id>', description: 'the fit job', parse: positiveInteger('--job'), required: true },
      {
        flags: '--rows <n>',
        description: 'number of synthetic rows',
        parse: positiveInteger('--rows', MAX_TABLE_ROWS),
        required: true,
      },
      SEED,
      { flags: '--model-out <file>', description: 'also write the model file here' },
      { flags: '--out <file>', description: 'synthetic table to write (.csv or .parquet)', required: true },
    ],
    examples: [
      'synthcohort federate sample --hub https://hub:8443 --ca ca.pem --token scc_… --job 3 --rows 2500 --out synth.csv',
    ],
    files: {
      inputs: [{ option: 'ca', label: '--ca' }],
      outputFiles: [
        { option: 'out', label: '--out' },
        { option: 'modelOut', label: '--model-out' },
      ],
    },
    load: load(federate, 'sample'),
  },
  {
    name: 'federate validate',
    summary: 'validate a synthetic table at every site; write the federated report and the centres’ reports',
    args: [],
    options: [
      ...HUB,
      {
        flags: '--synthetic <file>',
        description: 'the synthetic table every site validates',
        required: true,
      },
      SCHEMA,
      ...SITES,
      {
        flags: '--out <dir>',
        description: 'folder for report.json, report.html and centres/',
        required: true,
      },
    ],
    examples: [
      'synthcohort federate validate --hub https://hub:8443 --ca ca.pem --token scc_… --synthetic synth.csv --schema schema.json --out report',
    ],
    files: {
      inputs: [
        { option: 'ca', label: '--ca' },
        { option: 'schema', label: '--schema' },
        { option: 'synthetic', label: '--synthetic' },
      ],
      outputFolders: [{ option: 'out', label: '--out', files: ['report.json', 'report.html'] }],
    },
    load: load(federate, 'validate'),
  },
  {
    name: 'federate heterogeneity',
    summary: 'how the sites differ (per-centre marginal shifts, from aggregates)',
    args: [],
    options: [
      ...HUB,
      SCHEMA,
      ...SITES,
      { flags: '--out <file>', description: 'also write the heterogeneity report (JSON) here' },
      {
        flags: '--harmonise <mapping>',
        description:
          "also check each centre's cells (category labels, date formats, decimal marks) and write the proposed mapping here",
        option: 'harmonise',
      },
    ],
    examples: [
      'synthcohort federate heterogeneity --hub https://hub:8443 --ca ca.pem --token scc_… --schema schema.json',
      'synthcohort federate heterogeneity --hub https://hub:8443 --ca ca.pem --token scc_… --schema schema.json --harmonise mapping.json',
    ],
    files: {
      inputs: [
        { option: 'ca', label: '--ca' },
        { option: 'schema', label: '--schema' },
      ],
      outputFiles: [
        { option: 'out', label: '--out' },
        { option: 'harmonise', label: '--harmonise' },
      ],
    },
    load: load(federate, 'heterogeneity'),
  },
  {
    name: 'federate rules',
    summary: 'infer the rules every patient obeys across the sites (secure sums); write the completed schema',
    args: [],
    options: [
      ...HUB,
      SCHEMA,
      ...SITES,
      {
        flags: '--min-support <n>',
        description: 'fewest patients, across the sites, a rule must cover (default 10)',
        parse: positiveInteger('--min-support'),
        option: 'minSupport',
      },
      {
        flags: '--false-rule-rate <q>',
        description: 'expected share of proposed implications that are coincidences (default 0.05)',
        parse: probability('--false-rule-rate'),
        option: 'falseRuleRate',
      },
      { flags: '--out <file>', description: 'the schema with the found rules added', required: true },
    ],
    examples: [
      'synthcohort federate rules --hub https://hub:8443 --ca ca.pem --token scc_… --schema schema.json --out schema-rules.json',
    ],
    files: {
      inputs: [
        { option: 'ca', label: '--ca' },
        { option: 'schema', label: '--schema' },
      ],
      outputFiles: [{ option: 'out', label: '--out' }],
    },
    load: load(federate, 'rules'),
  },
  {
    name: 'federate status',
    summary: "the hub's nodes, or one job's rounds and who took part (never a payload)",
    args: [],
    options: [
      ...HUB,
      { flags: '--job <id>', description: 'the job to show', parse: positiveInteger('--job') },
    ],
    examples: ['synthcohort federate status --hub https://hub:8443 --ca ca.pem --token scc_… --job 3'],
    files: { inputs: [{ option: 'ca', label: '--ca' }] },
    load: load(federate, 'status'),
  },
  {
    name: 'federate demo',
    summary: 'a hub and nodes on loopback from a simulated multi-centre cohort, end to end',
    args: [],
    options: [
      {
        flags: '--nodes <k>',
        description: 'number of centres, one node each (default 5)',
        parse: positiveInteger('--nodes', 30),
        default: 5,
        option: 'centres',
      },
      {
        flags: '--patients <n>',
        description: 'patients in the simulated cohort (default 2500)',
        parse: positiveInteger('--patients', 100_000),
        default: 2500,
      },
      SEED,
      { flags: '--out <dir>', description: 'folder for the results', default: 'synthcohort-federated-demo' },
    ],
    examples: ['synthcohort federate demo --out fed-demo'],
    files: { inputs: [], outputFolders: [{ option: 'out', label: '--out', files: [] }] },
    load: load(federate, 'demo'),
  },
];
