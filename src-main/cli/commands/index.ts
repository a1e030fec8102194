// Every CLI command, one line each. Add yours here.
import type { CliCommand } from '../command';
import { agreementCommand } from './agreement';
import { benchTrainCommand } from './bench-train';
import { extractCommand } from './extract';

export const commands: CliCommand[] = [
  extractCommand,
  agreementCommand,
  benchTrainCommand,
];
