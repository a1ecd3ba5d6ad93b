/**
 * Copying a CSV file's rows into several files byte for byte: each output gets the header and its
 * share of the records exactly as the input holds them (delimiter, quoting, number and date text,
 * missing-value words), so nothing a reader could tell from the original is lost or re-encoded.
 * Blank lines and a UTF-8 byte order mark are dropped; a final line without a line end gets one.
 */
import { AtomicFileWriter } from '../../core/atomic-write.js';
import { DataError } from '../../core/errors.js';
import { type CsvReadOptions, openPass } from './read.js';

const LF = 0x0a;
const CR = 0x0d;

/**
 * Writes data row `i` (0-based) of `path` to `outputs[part[i]]`, every output headed by the input's
 * header. The outputs appear only once every row has been copied.
 */
export function copyCsvRecords(
  path: string,
  part: Uint8Array,
  outputs: readonly string[],
  options: CsvReadOptions = {},
): void {
  const pass = openPass(path, options);
  const writers: AtomicFileWriter[] = [];
  try {
    for (const output of outputs) writers.push(new AtomicFileWriter(output));
    const header = pass.scanner.raw;
    const lineEnd = lineEndOf(header);
    for (const writer of writers) writeLine(writer, header, lineEnd);
    let row = 0;
    for (let record = pass.scanner.next(); record; record = pass.scanner.next()) {
      if (row === part.length) throw changed(pass.file);
      const writer = writers[part[row]];
      if (!writer)
        throw new RangeError(`row ${row + 1} is assigned to output ${part[row]} of ${outputs.length}`);
      writeLine(writer, pass.scanner.raw, lineEnd);
      row++;
    }
    if (row !== part.length) throw changed(pass.file);
    for (const writer of writers) writer.commit();
  } catch (error) {
    for (const writer of writers) writer.abort();
    throw error;
  } finally {
    pass.scanner.close();
  }
}

function changed(file: string): DataError {
  return new DataError(
    { file },
    'the number of data rows changed since the file was read; was it written to meanwhile?',
  );
}

/** The header's line end: CRLF, CR alone (classic Mac OS) or LF. */
function lineEndOf(header: Buffer): Buffer {
  const last = header[header.length - 1];
  if (last === CR) return Buffer.from('\r');
  const crlf = header.length >= 2 && header[header.length - 2] === CR && last === LF;
  return Buffer.from(crlf ? '\r\n' : '\n');
}

function writeLine(writer: AtomicFileWriter, bytes: Buffer, lineEnd: Buffer): void {
  writer.write(bytes);
  const last = bytes[bytes.length - 1];
  if (bytes.length === 0 || (last !== LF && last !== CR)) writer.write(lineEnd);
}
