/** The data layer's public API: tables, schemas, and reading and writing them. */
export { conformTable } from './conform.js';
export type { CsvReadOptions } from './csv/read.js';
export { readCsvRaw, readCsvWithSchema } from './csv/read.js';
export type { CsvWriteOptions } from './csv/write.js';
export { csvChunks, formatCsv, writeCsv } from './csv/write.js';
export { daysFromCivil, daysFromIso, isoFromDays } from './dates.js';
export type { InferOptions, SchemaInference } from './infer-schema.js';
export { inferSchema } from './infer-schema.js';
export type { ReadOptions, ReadResult } from './io.js';
export { formatOf, readSchemaFile, readTable, writeTable } from './io.js';
export { parquetBytes, readParquetRaw, writeParquet } from './parquet.js';
export type { RawKind, RawTable } from './raw-table.js';
export * from './schema.js';
export { holdoutQuotas, type RowSplit, splitRows, splitTable, strataOf } from './split.js';
export {
  type SplitFileOptions,
  type SplitFileResult,
  type SplitPart,
  type SplitStratum,
  splitFile,
} from './split-file.js';
export * from './table.js';
