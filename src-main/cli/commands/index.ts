// Every CLI command, one line each. Add yours here.
import type { CliCommand } from '../command';

export const commands: CliCommand[] = [];
