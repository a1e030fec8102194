// Every CLI command, one line each. Add yours here.
import type { CliCommand } from '../command';
import { agreementCommand } from './agreement';

export const commands: CliCommand[] = [
  agreementCommand,
];
