// `npm run cli -- <command> [args]`: the workstation's services from a terminal.
import { CliError, type CliCommand } from './command';
import { commands } from './commands/index';

function findCommand(argv: string[]): { command: CliCommand; rest: string[] } | null {
  // Longest match first, so 'labels export' wins over 'labels'.
  const sorted = [...commands].sort((a, b) => b.name.split(' ').length - a.name.split(' ').length);
  for (const command of sorted) {
    const words = command.name.split(' ');
    if (words.every((w, i) => argv[i] === w)) return { command, rest: argv.slice(words.length) };
  }
  return null;
}

function usage(): string {
  const width = Math.max(...commands.map((c) => c.name.length), 8);
  return [
    'usage: npm run cli -- <command> [options]   (every command has --help)',
    '',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    process.stdout.write(usage() + '\n');
    return argv.length === 0 ? 2 : 0;
  }
  const found = findCommand(argv);
  if (!found) throw new CliError(`unknown command "${argv[0]}" (run with --help for the list)`);
  const code = await found.command.run(found.rest);
  return typeof code === 'number' ? code : 0;
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`error: ${message.split('\n')[0]}\n`);
    process.exitCode = err instanceof CliError ? err.exitCode : 1;
  },
);
