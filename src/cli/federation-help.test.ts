import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectBadInput, runCli, tempDir } from './test-support/run-cli.js';

describe('the federation commands in the help', () => {
  it('lists hub, node and federate, and every subcommand shows its usage and an example', async () => {
    const top = await runCli('--help');
    for (const name of ['hub', 'node', 'federate']) expect(top.stdout).toMatch(new RegExp(`\\n  ${name}\\b`));
    const commands = [
      ['hub', 'init'],
      ['hub', 'start'],
      ['hub', 'add-node'],
      ['node'],
      ['federate', 'fit'],
      ['federate', 'sample'],
      ['federate', 'validate'],
      ['federate', 'heterogeneity'],
      ['federate', 'status'],
      ['federate', 'demo'],
    ];
    for (const command of commands) {
      const run = await runCli(...command, '--help');
      expect(run.code, command.join(' ')).toBe(0);
      expect(run.stdout).toContain(`Usage: synthcohort ${command.join(' ')} [options]`);
      expect(run.stdout).toMatch(new RegExp(`Example:\\n {2}\\$ synthcohort ${command.join(' ')} `));
    }
  });

  it('an unknown subcommand is a usage mistake (exit 2, one line); a group alone shows its subcommands', async () => {
    const unknown = await runCli('federate', 'fitt');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
    expect(unknown.stderr).toMatch(/unknown command 'fitt'/);
    // As `synthcohort` alone: the group's help, listing its subcommands.
    const bare = await runCli('hub');
    expect(bare.stderr).toMatch(/Commands:\n {2}init [\s\S]* {2}start [\s\S]* {2}add-node /);
  });

  it('federate demo refuses a federation of one centre, and leaves no folder', async () => {
    const out = join(tempDir(), 'demo');
    await expectBadInput(
      /--nodes: a federation needs at least 2 centres, got 1/,
      'federate',
      'demo',
      '--nodes',
      '1',
      '--out',
      out,
    );
    await expectBadInput(/--nodes expects at most 30/, 'federate', 'demo', '--nodes', '31', '--out', out);
    expect(existsSync(out)).toBe(false);
  });
});
