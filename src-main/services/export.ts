// Label export: per rater (every annotator's current label of every clip) as CSV or JSON.
// CSV: RFC 4180 quoting; first row is the header; one row per (clip, annotator).
import { EMOTIONS } from '../contract/emotions';
import type { ServiceContext } from './context';

export type ExportFormat = 'csv' | 'json';

export interface RaterLabelRow {
  clip_id: number;
  file_name: string;
  speaker_id: string;
  content_hash: string;
  annotator: string;
  version: number;
  happy: number; sad: number; anger: number; surprise: number; disgust: number; fear: number;
  labelled_at: string;
}

export function csvField(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\r\n]/.test(s) || /^[=+\-@\t]/.test(s) && Number.isNaN(Number(s)) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(rows: Array<Record<string, unknown>>, columns: string[]): string {
  return [columns.join(','), ...rows.map((r) => columns.map((c) => csvField(r[c])).join(','))].join('\r\n') + '\r\n';
}

export function raterLabelRows(ctx: ServiceContext): RaterLabelRow[] {
  const p = ctx.project;
  const clips = new Map(p.clips.all().map((c) => [c.id, c]));
  const names = new Map(p.annotators.list().map((a) => [a.id, a.name]));
  return p.labels.allCurrent().map((l) => {
    const c = clips.get(l.clipId)!;
    return {
      clip_id: l.clipId, file_name: c.fileName, speaker_id: c.speakerId, content_hash: c.contentHash,
      annotator: names.get(l.annotatorId) ?? String(l.annotatorId), version: l.version, ...l.values, labelled_at: l.createdAt,
    };
  });
}

export const RATER_COLUMNS = ['clip_id', 'file_name', 'speaker_id', 'content_hash', 'annotator', 'version', ...EMOTIONS, 'labelled_at'];

export function exportRaterLabels(ctx: ServiceContext, format: ExportFormat): string {
  const rows = raterLabelRows(ctx);
  return format === 'json' ? JSON.stringify(rows, null, 2) + '\n' : toCsv(rows as unknown as Array<Record<string, unknown>>, RATER_COLUMNS);
}
