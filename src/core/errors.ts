/**
 * Error classes with stable codes. Library code throws these; only the CLI turns them into exit
 * codes and messages (see `cli/exit.ts`). An `InputError` is the user's to fix (exit code 2).
 */
export type ErrorCode = 'DATA_INVALID' | 'SCHEMA_INVALID' | 'USAGE' | 'MODEL_INVALID' | 'STATISTICS' | 'IO';

export class SynthcohortError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** Where in the input a problem sits; every field is optional, but name as many as are known. */
export interface Location {
  file?: string;
  column?: string;
  /** 1-based data row (the header is row 0), as a spreadsheet user counts. */
  row?: number;
}

function describe(where: Location, message: string): string {
  const parts: string[] = [];
  if (where.file) parts.push(where.file);
  if (where.row !== undefined) parts.push(`row ${where.row}`);
  if (where.column !== undefined) parts.push(`column '${where.column}'`);
  return parts.length ? `${parts.join(', ')}: ${message}` : message;
}

/** Something wrong with the user's input: data, schema, options or a model file. */
export class InputError extends SynthcohortError {
  readonly where: Location;
  /** The message without its location. */
  readonly detail: string;
  constructor(code: ErrorCode, where: Location, message: string, options?: { cause?: unknown }) {
    super(code, describe(where, message), options);
    this.where = where;
    this.detail = message;
  }
}

/**
 * Runs `work`, naming `file` in an input error that does not name a file yet: library code that
 * sees only a Table knows the column and row, the caller knows which file the table came from.
 */
export function inFile<T>(file: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (!(error instanceof InputError) || error.code === 'USAGE' || error.where.file !== undefined)
      throw error;
    throw new InputError(error.code, { ...error.where, file }, error.detail, { cause: error });
  }
}

export class DataError extends InputError {
  constructor(where: Location, message: string) {
    super('DATA_INVALID', where, message);
  }
}

export class SchemaError extends InputError {
  constructor(where: Location, message: string) {
    super('SCHEMA_INVALID', where, message);
  }
}

/**
 * A wrong option. `option` names it as the library knows it (`coxTerms`, `where`); a message about
 * an option starts with that name, so a front end can put its own spelling (a CLI flag) in its place.
 */
export class UsageError extends InputError {
  readonly option?: string;
  constructor(message: string, option?: string) {
    super('USAGE', {}, message);
    if (option !== undefined) this.option = option;
  }
}

export class ModelError extends InputError {
  constructor(where: Location, message: string) {
    super('MODEL_INVALID', where, message);
  }
}

/** A statistical procedure that cannot give a meaningful answer on this data (separation, collinearity). */
export class StatisticsError extends InputError {
  constructor(message: string, where: Location = {}) {
    super('STATISTICS', where, message);
  }
}
