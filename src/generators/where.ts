/**
 * Conditions for sampling: parsed from the CLI's `--where "col=value,col2=a|b"` and checked against
 * the schema, so that an unknown column or value is the user's error, named, before any sampling.
 */
import { UsageError } from '../core/errors.js';
import { MISSING_MARKERS } from '../data/missing.js';
import { type Condition, columnSpec, type Schema } from '../data/schema.js';

export function parseWhere(text: string): Condition[] {
  const parts = text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  // An empty --where (an unset shell variable) would silently sample everyone instead of the subgroup.
  if (parts.length === 0)
    throw new UsageError(`--where expects column=value pairs separated by commas, got '${text}'`);
  return parts.map((part) => {
    const at = part.indexOf('=');
    if (at <= 0 || at === part.length - 1)
      throw new UsageError(`--where expects column=value pairs separated by commas, got '${part}'`);
    const column = part.slice(0, at).trim();
    const values = part
      .slice(at + 1)
      .split('|')
      .map((v) => v.trim());
    if (values.length > 1 && values.includes(''))
      throw new UsageError(
        `--where ${column}: an empty value between '|' in '${part}'; write col=NA for missing`,
      );
    if (values.length === 1 && MISSING_MARKERS.has(values[0].toLowerCase())) return { column, missing: true };
    return values.length === 1 ? { column, equals: values[0] } : { column, in: values };
  });
}

/** Conditions as the model stores values: category labels for codes, numbers for integers. */
export function checkWhere(conditions: readonly Condition[], schema: Schema): Condition[] {
  return conditions.map((condition) => {
    const spec = schema.columns.find((c) => c.name === condition.column);
    if (!spec)
      throw new UsageError(
        `--where names column '${condition.column}', which the model does not have; columns: ${schema.columns.map((c) => c.name).join(', ')}`,
      );
    if (condition.missing !== undefined) return condition;
    const values = condition.in ?? [condition.equals!];
    const where = `--where ${condition.column}`;
    switch (columnSpec(schema, condition.column).kind) {
      case 'categorical':
      case 'boolean': {
        const known = spec.categories ?? [];
        for (const value of values)
          if (!known.includes(String(value)))
            throw new UsageError(
              `${where}: value '${value}' was never seen; expected one of ${known.join(', ')}`,
            );
        return condition.in
          ? { column: condition.column, in: values.map(String) }
          : { column: condition.column, equals: String(values[0]) };
      }
      case 'integer': {
        const numbers = values.map(Number);
        if (numbers.some((n) => !Number.isInteger(n)))
          throw new UsageError(`${where}: expected whole numbers, got '${values.join('|')}'`);
        return condition.in
          ? { column: condition.column, in: numbers }
          : { column: condition.column, equals: numbers[0] };
      }
      default:
        throw new UsageError(
          `${where}: conditions apply to categorical, boolean and integer columns, not ${spec.kind}`,
        );
    }
  });
}
