/**
 * Where a synthetic table came from, for the report's header: the generator, its options, the
 * version and the schema's hash, and the seeds when the caller knows them. Only what the model file
 * says about how it was fitted — never its parameters, which may hold training values.
 */
import { schemaHash } from '../generators/model-file.js';
import type { Model } from '../generators/pipeline.js';
import { VERSION } from '../version.js';
import type { ModelProvenance } from './options.js';

export function provenanceOf(
  model: Model,
  seeds: { fit: number | null; sample: number | null },
): ModelProvenance {
  return {
    generator: model.generator.name,
    options: model.options,
    version: VERSION,
    schemaHash: schemaHash(model.schema),
    fitSeed: seeds.fit,
    sampleSeed: seeds.sample,
  };
}
