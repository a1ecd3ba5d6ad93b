import { Command, CommanderError, Option } from 'commander';
import { UsageError } from '../core/errors.js';
import { removeTemporariesOnSignals } from '../core/temporary-files.js';
import { VERSION } from '../version.js';
import { COMMAND_GROUPS, COMMANDS, type CommandSpec } from './commands.js';
import { EXIT_BAD_INPUT, EXIT_OK, exitCodeFor, messageFor } from './exit.js';
import { checkFiles } from './files.js';
import { type CliIo, processIo, progressFor } from './io.js';

/** Runs the CLI on `argv` (without node and the script) and returns the exit code. */
export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  // Only a real process: an interrupt removes the temporary files of pending writes.
  if (io === processIo) removeTemporariesOnSignals();
  const program = buildProgram(io);
  const debug = argv.includes('--debug');
  try {
    await program.parseAsync(argv, { from: 'user' });
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (['commander.helpDisplayed', 'commander.help', 'commander.version'].includes(error.code))
        return EXIT_OK;
      // Commander has already printed its own message for a usage mistake.
      return error.exitCode === 0 ? EXIT_OK : EXIT_BAD_INPUT;
    }
    io.stderr(`${messageFor(error, debug)}\n`);
    return exitCodeFor(error);
  }
}

function buildProgram(io: CliIo): Command {
  const program = new Command('synthcohort')
    .description('Privacy-preserving synthetic patient cohorts: simulate, analyse, generate, validate.')
    .version(VERSION)
    .exitOverride()
    .configureOutput(outputTo(io));
  program.addHelpText('after', '\nRun `synthcohort <command> --help` for the options and an example.');
  for (const spec of COMMANDS) {
    // 'hub init' is the subcommand 'init' of the group 'hub'.
    const [group, name] = spec.name.split(' ');
    if (name === undefined) program.addCommand(buildCommand(spec, io));
    else groupCommand(program, group, io).addCommand(buildCommand({ ...spec, name }, io));
  }
  return program;
}

function groupCommand(program: Command, name: string, io: CliIo): Command {
  const existing = program.commands.find((c) => c.name() === name);
  if (existing) return existing;
  const group = new Command(name)
    .description(COMMAND_GROUPS[name] ?? '')
    .exitOverride()
    .configureOutput(outputTo(io));
  program.addCommand(group);
  return group;
}

function buildCommand(spec: CommandSpec, io: CliIo): Command {
  const command = new Command(spec.name)
    .description(spec.summary)
    .exitOverride()
    .configureOutput(outputTo(io));
  for (const arg of spec.args) command.argument(arg);
  for (const option of spec.options) {
    const built = new Option(option.flags, option.description);
    if (option.parse) built.argParser(option.parse);
    if (option.default !== undefined) built.default(option.default);
    if (option.required) built.makeOptionMandatory();
    command.addOption(built);
  }
  command.option('--quiet', 'no progress on stderr').option('--debug', 'print the stack trace of an error');
  command.addHelpText('after', `\nExample:\n${spec.examples.map((e) => `  $ ${e}`).join('\n')}`);
  command.action(async (...received: unknown[]) => {
    const args = received.slice(0, spec.args.length) as string[];
    const options = command.opts();
    if (spec.files) checkFiles(spec.files, args, options);
    const module = await spec.load();
    const progress = progressFor(io, Boolean(options.quiet));
    // What the command prints starts on its own line, not after an open progress line.
    const own: CliIo = {
      ...io,
      stdout: (text) => {
        progress.end();
        io.stdout(text);
      },
      stderr: (text) => {
        progress.end();
        io.stderr(text);
      },
    };
    try {
      await module.run(args, options, { io: own, progress });
    } catch (error) {
      throw inFlagLanguage(error, spec);
    } finally {
      progress.end();
    }
  });
  return command;
}

/**
 * The library names its options (`coxTerms names column 'x'`); the user typed flags. An error about
 * an option that this command has a flag for says the flag instead: in place of the option's name
 * where the message starts with it, else in front.
 */
export function inFlagLanguage(error: unknown, spec: CommandSpec): unknown {
  if (!(error instanceof UsageError) || error.option === undefined) return error;
  const flag = spec.options.find((o) => o.option === error.option)?.flags.split(/[ ,]/)[0];
  if (!flag) return error;
  const { message } = error;
  const named = message.startsWith(error.option) && /^[\s:]/.test(message.slice(error.option.length));
  return new UsageError(named ? `${flag}${message.slice(error.option.length)}` : `${flag}: ${message}`);
}

/** Help to stdout; commander's usage errors as one line in the same form as ours. */
function outputTo(io: CliIo) {
  return {
    writeOut: io.stdout,
    writeErr: io.stderr,
    outputError: (text: string, write: (text: string) => void) =>
      write(
        `synthcohort: ${text
          .trim()
          .replace(/^error: /, '')
          .replace(/\s*\n\s*/g, ' ')} (see --help)\n`,
      ),
  };
}
