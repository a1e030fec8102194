// `npm run cli -- clips --project <file> [--json]`
import type { ClipDetail } from '../../contract/api';
import { wantsHelp, type CliCommand } from '../command';
import { openProject, parseFlags } from './project-cli';

const usage = `usage: npm run cli -- clips --project <file.sqlite> [--json]

Lists the clips of a project: id, file, speaker, duration, number of annotators who labelled it.
  --json   one JSON array with every field (hash, original path, sample rates, import time)`;

export const clipsCommand: CliCommand = {
  name: 'clips',
  summary: 'list the clips of a project',
  usage,
  async run(argv) {
    if (wantsHelp(argv)) { process.stdout.write(usage + '\n'); return 0; }
    const { values } = parseFlags(argv, {});
    const services = openProject(values.project, false);
    try {
      const p = services.ctx.project;
      const raters = new Map<number, number>();
      for (const l of p.labels.allCurrent()) raters.set(l.clipId, (raters.get(l.clipId) ?? 0) + 1);
      const rows = p.clips.all().map((c) => ({
        id: c.id, fileName: c.fileName, speakerId: c.speakerId, durationS: c.durationS, contentHash: c.contentHash,
        originalPath: c.originalPath, sampleRate: c.sampleRate, originalSampleRate: c.originalSampleRate,
        channels: c.channels, importedAt: c.importedAt, labelledBy: raters.get(c.id) ?? 0,
      } satisfies Partial<ClipDetail> & Record<string, unknown>));
      if (values.json) {
        process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
      } else {
        process.stdout.write(`${'id'.padStart(6)}  ${'speaker'.padEnd(14)} ${'dur s'.padStart(6)}  raters  file\n`);
        for (const r of rows) process.stdout.write(`${String(r.id).padStart(6)}  ${r.speakerId.slice(0, 14).padEnd(14)} ${r.durationS.toFixed(2).padStart(6)}  ${String(r.labelledBy).padStart(6)}  ${r.fileName}\n`);
        process.stdout.write(`${rows.length} clip${rows.length === 1 ? '' : 's'}\n`);
      }
      return 0;
    } finally {
      await services.close();
    }
  },
};
