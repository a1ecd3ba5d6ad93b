/**
 * The fitted model on disk: versioned JSON that records the generator, its options, the schema it
 * was fitted on and the library version, with a SHA-256 checksum over all of it. A model edited by
 * hand, cut short, fitted by another version or on another schema is refused with a clear message
 * rather than sampled from.
 */
import { createHash } from 'node:crypto';
import * as z from 'zod';
import { canonicalJson } from '../core/canonical-json.js';
import { ModelError } from '../core/errors.js';
import { type Schema, Schema as SchemaSpec } from '../data/schema.js';
import { VERSION } from '../version.js';

const MODEL_FORMAT = 'synthcohort-model';
const MODEL_FORMAT_VERSION = 1;

const ModelFile = z
  .object({
    format: z.literal(MODEL_FORMAT),
    formatVersion: z.number().int(),
    libraryVersion: z.string(),
    generator: z.string(),
    options: z.unknown(),
    schema: z.unknown(),
    schemaHash: z.string(),
    trainingRows: z.number().int().nonnegative(),
    params: z.unknown(),
    checksum: z.string(),
  })
  .strict();

export type ModelFile = z.infer<typeof ModelFile>;

export interface ModelContent {
  generator: string;
  options: unknown;
  schema: Schema;
  trainingRows: number;
  params: unknown;
}

export function toModelFile(content: ModelContent): ModelFile {
  const body = {
    format: MODEL_FORMAT,
    formatVersion: MODEL_FORMAT_VERSION,
    libraryVersion: VERSION,
    generator: content.generator,
    options: content.options,
    schema: content.schema,
    schemaHash: schemaHash(content.schema),
    trainingRows: content.trainingRows,
    params: content.params,
  } as const;
  return { ...body, checksum: checksumOf(body) };
}

/** Parses model-file text and checks format, version, checksum and schema hash. */
export function parseModelFile(text: string, file: string): ModelFile & { schema: Schema } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ModelError(
      { file },
      'not a complete JSON model file (truncated or not written by synthcohort fit)',
    );
  }
  const parsed = ModelFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ModelError(
      { file },
      `not a synthcohort model file: ${issue.path.join('.') || 'top level'}: ${issue.message}`,
    );
  }
  const model = parsed.data;
  if (model.formatVersion !== MODEL_FORMAT_VERSION || model.libraryVersion !== VERSION)
    throw new ModelError(
      { file },
      `written by synthcohort ${model.libraryVersion} (model format ${model.formatVersion}); this is synthcohort ${VERSION} (format ${MODEL_FORMAT_VERSION}): fit the model again with this version`,
    );
  const { checksum, ...body } = model;
  if (checksumOf(body) !== checksum)
    throw new ModelError(
      { file },
      'checksum does not match: the model was edited or damaged after it was written; fit it again',
    );
  const schema = SchemaSpec.safeParse(model.schema);
  if (!schema.success || schemaHash(schema.data) !== model.schemaHash)
    throw new ModelError({ file }, 'the schema recorded in the model is invalid or does not match its hash');
  return { ...model, schema: schema.data };
}

/** A short, stable fingerprint of a schema: the same schema always gives the same hash. */
export function schemaHash(schema: Schema): string {
  return createHash('sha256').update(canonicalJson(schema)).digest('hex').slice(0, 16);
}

function checksumOf(body: unknown): string {
  return `sha256:${createHash('sha256').update(canonicalJson(body)).digest('hex')}`;
}
