// Label export as CSV or JSON: per rater (every annotator's current label of every clip, one row per
// clip and annotator, not-rateable versions included with their reason) or consensus (one row per clip:
// six values, rater count, source, disagreement, agreement flag — see consensus.ts).
// CSV through the shared writer (csv.ts): RFC 4180 quoting, first row the header, text cells protected
// against spreadsheet formula injection, numbers untouched.
import { EMOTIONS } from '../contract/emotions';
import { computeConsensus } from './consensus';
import type { ServiceContext } from './context';
import { toCsv, type CsvValue } from '../util/csv';

export type ExportFormat = 'csv' | 'json';

export interface RaterLabelRow {
  clip_id: number;
  file_name: string;
  speaker_id: string;
  content_hash: string;
  annotator: string;
  version: number;
  not_rateable: string;
  comment: string;
  happy: number; sad: number; anger: number; surprise: number; disgust: number; fear: number;
  labelled_at: string;
}

export function raterLabelRows(ctx: ServiceContext): RaterLabelRow[] {
  const p = ctx.project;
  const clips = new Map(p.clips.all().map((c) => [c.id, c]));
  const names = new Map(p.annotators.list().map((a) => [a.id, a.name]));
  return p.labels.allCurrent().map((l) => {
    const c = clips.get(l.clipId)!;
    return {
      clip_id: l.clipId, file_name: c.fileName, speaker_id: c.speakerId, content_hash: c.contentHash,
      annotator: names.get(l.annotatorId) ?? String(l.annotatorId), version: l.version, not_rateable: l.notRateable ?? '', comment: l.comment ?? '',
      ...l.values, labelled_at: l.createdAt,
    };
  });
}

export const RATER_COLUMNS = ['clip_id', 'file_name', 'speaker_id', 'content_hash', 'annotator', 'version', ...EMOTIONS, 'not_rateable', 'comment', 'labelled_at'];

export function exportRaterLabels(ctx: ServiceContext, format: ExportFormat): string {
  const rows = raterLabelRows(ctx);
  return format === 'json' ? JSON.stringify(rows, null, 2) + '\n' : toCsv(rows as unknown as Array<Record<string, CsvValue>>, RATER_COLUMNS);
}

export const CONSENSUS_COLUMNS = ['clip_id', 'file_name', 'speaker_id', ...EMOTIONS, 'rater_count', 'source', 'disagreement', 'agreement'];

export function consensusRows(ctx: ServiceContext): Array<Record<string, CsvValue>> {
  return computeConsensus(ctx).map((r) => ({
    clip_id: r.clipId, file_name: r.fileName, speaker_id: r.speakerId, ...r.values,
    rater_count: r.raterCount, source: r.source, disagreement: r.disagreement, agreement: r.agreement,
  }));
}

export function exportLabels(ctx: ServiceContext, kind: 'raters' | 'consensus', format: ExportFormat): { fileName: string; mimeType: string; text: string } {
  const name = ctx.project.settings.get('name') ?? 'project';
  const fileName = `${name}-labels-${kind}.${format}`;
  const mimeType = format === 'csv' ? 'text/csv' : 'application/json';
  if (kind === 'raters') return { fileName, mimeType, text: exportRaterLabels(ctx, format) };
  const rows = consensusRows(ctx);
  return { fileName, mimeType, text: format === 'json' ? JSON.stringify(rows, null, 2) + '\n' : toCsv(rows, CONSENSUS_COLUMNS) };
}
