import { ModelError } from '../core/errors.js';
import { parseModelFile } from './model-file.js';
import type { Model } from './pipeline.js';
import { GENERATORS } from './registry.js';

/** A model back from its file, every part checked before the sampler is rebuilt from it. */
export function loadModel(text: string, file: string): Model {
  const content = parseModelFile(text, file);
  const generator = GENERATORS.find((g) => g.name === content.generator);
  if (!generator)
    throw new ModelError({ file }, `generator '${content.generator}' is not one this version knows`);
  const options = generator.options.safeParse(content.options);
  const params = generator.paramsSchema.safeParse(content.params);
  if (!options.success || !params.success)
    throw new ModelError(
      { file },
      `the ${generator.name} ${options.success ? 'parameters' : 'options'} are not valid for this version`,
    );
  return {
    generator,
    fitted: generator.restore(params.data, content.schema, options.data),
    schema: content.schema,
    options: options.data,
    trainingRows: content.trainingRows,
  };
}
