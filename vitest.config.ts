import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // `synthcohort demo` writes its results here by default (see .gitignore).
    exclude: [...configDefaults.exclude, 'synthcohort-demo/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two workers on the 2-core CI machine: the federation suites spend most of their time waiting
    // on deadlines, long-polls and child processes, so a second worker halves the wall time.
    maxWorkers: 2,
  },
});
