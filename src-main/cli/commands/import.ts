// `npm run cli -- import <paths…> --project <file> [--speaker-rule …] [--embed-audio] [--json]`
import type { JobInfo } from '../../contract/api';
import type { ImportResult } from '../../services/import';
import { parseSpeakerRule } from '../../services/speaker-rule';
import { CliError, wantsHelp, type CliCommand } from '../command';
import { callApi, openProject, parseFlags } from './project-cli';

const usage = `usage: npm run cli -- import <file-or-folder…> --project <file.sqlite> [options]

Imports audio files (WAV, FLAC, MP3, OGG/Opus, M4A) and whole folders (recursively) into the project,
which is created if it does not exist. Audio is decoded, mixed to mono and resampled to 16 kHz; a file
already in the project (same content) is recognised, not duplicated. A bad file (corrupt, empty, not
audio, shorter than 0.5 s, silent) is reported with the reason and the rest goes on.

  --project <file>       project file (required)
  --speaker-rule <rule>  parent-folder (default) | fixed:<id> | regex:<pattern with a capture group>
  --embed-audio          also keep a copy of the decoded audio inside the project file
  --json                 print the result as JSON

Exit status: 0 all imported, 1 some files failed or the import failed, 2 bad arguments.`;

export const importCommand: CliCommand = {
  name: 'import',
  summary: 'import audio files or folders into a project',
  usage,
  async run(argv) {
    if (wantsHelp(argv)) { process.stdout.write(usage + '\n'); return 0; }
    const { values, positionals } = parseFlags(argv, { 'speaker-rule': { type: 'string' }, 'embed-audio': { type: 'boolean' } }, true);
    if (positionals.length === 0) throw new CliError('give at least one file or folder to import (run with --help)');
    let speakerRule;
    try {
      speakerRule = values['speaker-rule'] ? parseSpeakerRule(String(values['speaker-rule'])) : undefined;
    } catch (err) {
      throw new CliError((err as Error).message);
    }
    const services = openProject(values.project, true);
    try {
      const { jobId } = await callApi<{ jobId: number }>(services, 'import.start', { paths: positionals, speakerRule, embedAudio: values['embed-audio'] === true });
      let lastShown = 0;
      const off = services.onEvent((e) => {
        if (values.json || e.type !== 'job' || e.job.id !== jobId || !process.stderr.isTTY) return;
        const now = Date.now();
        if (now - lastShown > 500) { lastShown = now; process.stderr.write(`\r${e.job.done}/${e.job.total} ${e.job.message}`.slice(0, 100).padEnd(100)); }
      });
      const end: JobInfo = await services.ctx.jobs.wait(jobId);
      off();
      if (process.stderr.isTTY && !values.json) process.stderr.write('\r'.padEnd(101) + '\r');
      const result = services.ctx.project.jobs.get(jobId)?.result as ImportResult | null;
      if (values.json) {
        process.stdout.write(JSON.stringify({ jobId, state: end.state, message: end.message, ...(result ?? {}), errors: end.errors }, null, 2) + '\n');
      } else {
        for (const e of end.errors) process.stdout.write(`${e.file}: ${e.reason}\n`);
        process.stdout.write(`${end.message}\n`);
      }
      if (end.state !== 'done') {
        if (!values.json) throw new CliError(`import ${end.state}: ${end.message}`, 1);
        return 1;
      }
      return end.errors.length > 0 ? 1 : 0;
    } finally {
      await services.close();
    }
  },
};
