import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The library version, read from package.json so there is one place to bump it. The file is found
 * by walking up from this module, which works from src/ (tests), dist/ and the benchmark build.
 */
export const VERSION: string = readVersion(dirname(fileURLToPath(import.meta.url)));

function readVersion(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'synthcohort' && pkg.version) return pkg.version;
    }
    if (dirname(dir) === dir) throw new Error('synthcohort: cannot find its package.json');
  }
}
