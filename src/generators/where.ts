/**
 * Conditions for sampling (`SampleOptions.where`): parsed from the text form
 * "col=value,col2=a|b" and checked against the schema, so that an unknown column or value is the
 * user's error, named, before any sampling. Messages name the option `where`; a front end puts its
 * own spelling of it in that place (see `UsageError.option`).
 */
import { UsageError } from '../core/errors.js';
import { MISSING_MARKERS } from '../data/missing.js';
import { type Condition, columnSpec, type Schema } from '../data/schema.js';

const OPTION = 'where';

export function parseWhere(text: string): Condition[] {
  const parts = text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  // An empty condition text (an unset shell variable) would silently sample everyone instead of the subgroup.
  if (parts.length === 0)
    throw new UsageError(`${OPTION} expects column=value pairs separated by commas, got '${text}'`, OPTION);
  return parts.map((part) => {
    const at = part.indexOf('=');
    if (at <= 0 || at === part.length - 1)
      throw new UsageError(`${OPTION} expects column=value pairs separated by commas, got '${part}'`, OPTION);
    const column = part.slice(0, at).trim();
    const values = part
      .slice(at + 1)
      .split('|')
      .map((v) => v.trim());
    if (values.length > 1 && values.includes(''))
      throw new UsageError(
        `${OPTION}: condition '${part}' has an empty value between '|'; write ${column}=NA for missing`,
        OPTION,
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
        `${OPTION} names column '${condition.column}', which the model does not have; columns: ${schema.columns.map((c) => c.name).join(', ')}`,
        OPTION,
      );
    if (condition.missing !== undefined) return condition;
    const values = condition.in ?? [condition.equals!];
    const refuse = (problem: string) =>
      new UsageError(`${OPTION}: the condition on '${condition.column}' ${problem}`, OPTION);
    switch (columnSpec(schema, condition.column).kind) {
      case 'categorical':
      case 'boolean': {
        const known = spec.categories ?? [];
        for (const value of values)
          if (!known.includes(String(value)))
            throw refuse(`names value '${value}', which was never seen; expected one of ${known.join(', ')}`);
        return condition.in
          ? { column: condition.column, in: values.map(String) }
          : { column: condition.column, equals: String(values[0]) };
      }
      case 'integer': {
        const numbers = values.map(Number);
        if (numbers.some((n) => !Number.isInteger(n)))
          throw refuse(`expects whole numbers, got '${values.join('|')}'`);
        return condition.in
          ? { column: condition.column, in: numbers }
          : { column: condition.column, equals: numbers[0] };
      }
      default:
        throw refuse(
          `cannot be met: conditions apply to categorical, boolean and integer columns, not ${spec.kind}`,
        );
    }
  });
}
