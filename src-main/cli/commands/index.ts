// Every CLI command, one line each. Add yours here.
import type { CliCommand } from '../command';
import { agreementCommand } from './agreement';
import { benchTrainCommand } from './bench-train';
import { extractCommand } from './extract';
import { featuresCommands } from './features';
import { importCommand } from './import';
import { clipsCommand } from './clips';
import { labelsExportCommand } from './labels-export';
import { pretrainCommand } from './pretrain';
import { finetuneCommand } from './finetune';
import { evaluateCommand } from './evaluate';
import { predictCommand } from './predict';
import { labelsImportCommand } from './labels-import';
import { auditExportCommand, auditVerifyCommand } from './audit';

export const commands: CliCommand[] = [
  importCommand,
  clipsCommand,
  labelsExportCommand,
  labelsImportCommand,
  auditVerifyCommand,
  auditExportCommand,
  extractCommand,
  ...featuresCommands,
  agreementCommand,
  benchTrainCommand,
  pretrainCommand,
  finetuneCommand,
  evaluateCommand,
  predictCommand,
];
