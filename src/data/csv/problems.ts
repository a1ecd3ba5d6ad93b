import { DataError, type Location } from '../../core/errors.js';

/**
 * Collects value problems while reading, so one run reports the first problem and how many more
 * there are, instead of making the user fix a file one cell at a time.
 */
export class ProblemLog {
  private first?: { where: Location; message: string };
  private count = 0;

  constructor(private readonly file: string) {}

  report(row: number, column: string, message: string): void {
    this.count++;
    if (!this.first) this.first = { where: { file: this.file, row, column }, message };
  }

  throwIfAny(): void {
    if (!this.first) return;
    const more =
      this.count > 1 ? ` (and ${this.count - 1} more problem${this.count > 2 ? 's' : ''} in the file)` : '';
    throw new DataError(this.first.where, this.first.message + more);
  }
}

/** A cell's text for a message: quoted, shortened when long. */
export function shown(text: string): string {
  return `'${text.length > 40 ? `${text.slice(0, 37)}...` : text}'`;
}
