import { commands } from './commands/index.ts';
import { processIo, UsageError, type Command, type CommandIo } from './Command.ts';
import { InputError } from '../core/errors.ts';

function topHelp(): string {
  const width = Math.max(...commands.map((c) => c.path.join(' ').length));
  return [
    'tachyon — market data → verified books → models → backtests → live, in TypeScript',
    '',
    'usage: tachyon <command> [options]     (tachyon <command> --help for its options)',
    '',
    'commands:',
    ...commands.map((c) => `  ${c.path.join(' ').padEnd(width)}  ${c.summary}`),
  ].join('\n');
}

/** Finds the command whose words are the longest prefix of argv. */
function resolve(argv: readonly string[]): { command: Command; rest: readonly string[] } | undefined {
  let best: Command | undefined;
  for (const c of commands) {
    if (c.path.every((w, i) => argv[i] === w) && (!best || c.path.length > best.path.length)) best = c;
  }
  return best ? { command: best, rest: argv.slice(best.path.length) } : undefined;
}

export async function main(argv: readonly string[], io: CommandIo = processIo): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    io.out(topHelp());
    return 0;
  }
  const found = resolve(argv);
  if (!found) {
    io.err(`tachyon: unknown command "${argv.join(' ')}"\n\n${topHelp()}`);
    return 2;
  }
  const { command, rest } = found;
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(command.help);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`tachyon ${command.path.join(' ')}: ${e.message}\n\n${command.help}`);
      return 2;
    }
    if (e instanceof RangeError) {
      // Our libraries throw RangeError for bad parameters (unknown feature, horizon too long, empty window).
      io.err(`tachyon ${command.path.join(' ')}: ${e.message}`);
      return 2;
    }
    if (e instanceof InputError) {
      io.err(`tachyon ${command.path.join(' ')}: bad input: ${e.message}`);
      return 1;
    }
    io.err(`tachyon ${command.path.join(' ')}: ${(e as Error).stack ?? String(e)}`);
    return 1;
  }
}
