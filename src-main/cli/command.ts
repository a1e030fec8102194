// The shape of a CLI command. Each command lives in commands/<name>.ts and is listed in commands/index.ts.
// A command parses its own flags (node:util parseArgs), prints `--help` usage, and throws CliError for bad
// input; main.ts turns any error into one line on stderr and a non-zero exit code.
export interface CliCommand {
  /** e.g. 'import' or 'labels export' (multi-word commands are matched on their first words) */
  name: string;
  summary: string;
  usage: string;
  run(argv: string[]): Promise<number | void>;
}

export class CliError extends Error {
  constructor(message: string, readonly exitCode = 2) {
    super(message);
  }
}

export function wantsHelp(argv: string[]): boolean {
  return argv.includes('--help') || argv.includes('-h');
}
