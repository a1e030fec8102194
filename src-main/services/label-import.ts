// Importing ratings made elsewhere (CSV) as one annotator's labels. Every row is validated first and all
// problems are reported with their line number; nothing is written unless the whole file is valid, so a
// half-imported file never has to be untangled. Each row becomes a new label version with an audit row.
import { EMOTIONS, type EmotionValues } from '../contract/emotions';
import { AppError } from '../contract/api';
import type { ClipRow } from '../db/clips-repo';
import { ensureAnnotator } from './annotators';
import type { ServiceContext } from './context';
import { saveLabel } from './labels';

export interface LabelImportResult { annotator: string; rows: number; saved: number; unchanged: number }
export class LabelImportError extends AppError {
  constructor(readonly problems: string[], file: string) {
    super('label-import-invalid', `${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'}, nothing imported — ${problems[0]}`);
  }
}

/** RFC 4180 CSV (quotes, doubled quotes, CRLF or LF). Returns rows of fields with their 1-based line numbers. */
export function parseCsv(text: string): Array<{ line: number; fields: string[] }> {
  const rows: Array<{ line: number; fields: string[] }> = [];
  let field = '';
  let fields: string[] = [];
  let inQuotes = false;
  let line = 1;
  let rowLine = 1;
  const src = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (inQuotes) {
      if (ch === '"') {
        if (src[i + 1] === '"') { field += '"'; i++; } else inQuotes = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
    } else if (ch === '"') inQuotes = true;
    else if (ch === ',') { fields.push(field); field = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      fields.push(field);
      if (fields.some((f) => f.trim() !== '')) rows.push({ line: rowLine, fields });
      fields = []; field = ''; line++; rowLine = line;
    } else field += ch;
  }
  if (field !== '' || fields.length) { fields.push(field); if (fields.some((f) => f.trim() !== '')) rows.push({ line: rowLine, fields }); }
  return rows;
}

export function importLabelsCsv(ctx: ServiceContext, csvText: string, fileLabel: string, annotatorName: string): LabelImportResult {
  const rows = parseCsv(csvText);
  if (rows.length === 0) throw new AppError('label-import-empty', `${fileLabel}: the file is empty`);
  const header = rows[0].fields.map((h) => h.trim().toLowerCase());
  const clipIdCol = header.indexOf('clip_id');
  const fileCol = header.findIndex((h) => h === 'file' || h === 'file_name');
  const hashCol = header.indexOf('content_hash');
  const cols = EMOTIONS.map((e) => header.indexOf(e));
  const missing = EMOTIONS.filter((_, i) => cols[i] < 0);
  if (clipIdCol < 0 && fileCol < 0 && hashCol < 0) throw new AppError('label-import-header', `${fileLabel}: line 1 must name the clip column (clip_id, file or content_hash) — found ${header.join(', ')}`);
  if (missing.length) throw new AppError('label-import-header', `${fileLabel}: line 1 lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (expected happy, sad, anger, surprise, disgust, fear)`);

  const p = ctx.project;
  const clips = p.clips.all();
  const byId = new Map(clips.map((c) => [c.id, c]));
  const byHash = new Map(clips.map((c) => [c.contentHash, c]));
  const byName = new Map<string, ClipRow[]>();
  for (const c of clips) for (const key of [c.fileName, c.originalPath]) byName.set(key, [...(byName.get(key) ?? []), c]);

  const problems: string[] = [];
  const parsed: Array<{ clip: ClipRow; values: EmotionValues }> = [];
  const seen = new Map<number, number>();
  for (const { line, fields } of rows.slice(1)) {
    const cell = (i: number) => (i >= 0 ? (fields[i] ?? '').trim() : '');
    let clip: ClipRow | undefined;
    if (clipIdCol >= 0 && cell(clipIdCol)) {
      const id = Number(cell(clipIdCol));
      clip = Number.isInteger(id) ? byId.get(id) : undefined;
      if (!clip) { problems.push(`line ${line}: no clip with id "${cell(clipIdCol)}" in this project`); continue; }
    } else if (hashCol >= 0 && cell(hashCol)) {
      clip = byHash.get(cell(hashCol).toLowerCase());
      if (!clip) { problems.push(`line ${line}: no clip with content hash ${cell(hashCol).slice(0, 12)}… in this project`); continue; }
    } else if (fileCol >= 0 && cell(fileCol)) {
      const matches = byName.get(cell(fileCol)) ?? [];
      if (matches.length === 0) { problems.push(`line ${line}: no clip named "${cell(fileCol)}" in this project (import the audio first)`); continue; }
      if (matches.length > 1) { problems.push(`line ${line}: "${cell(fileCol)}" matches ${matches.length} clips (ids ${matches.map((m) => m.id).join(', ')}): use clip_id or the full original path`); continue; }
      clip = matches[0];
    } else {
      problems.push(`line ${line}: no clip given`);
      continue;
    }
    const values = {} as EmotionValues;
    let ok = true;
    EMOTIONS.forEach((e, i) => {
      const raw = cell(cols[i]);
      const n = Number(raw);
      if (raw === '' || !Number.isInteger(n) || n < 0 || n > 3) {
        problems.push(`line ${line}: ${e} = "${raw}" is not an intensity 0, 1, 2 or 3`);
        ok = false;
      } else values[e] = n;
    });
    if (!ok) continue;
    const dup = seen.get(clip.id);
    if (dup !== undefined) { problems.push(`line ${line}: clip ${clip.fileName} was already given on line ${dup}`); continue; }
    seen.set(clip.id, line);
    parsed.push({ clip, values });
  }
  if (problems.length) throw new LabelImportError(problems, fileLabel);
  const annotator = ensureAnnotator(ctx, annotatorName);
  let saved = 0;
  p.write(() => {
    for (const { clip, values } of parsed) {
      const before = p.labels.current(clip.id, annotator.id);
      const after = saveLabel(ctx, { clipId: clip.id, annotatorId: annotator.id, values }, ctx.mode === 'cli' ? `cli (${annotator.name})` : annotator.name);
      if (!before || after.id !== before.id) saved++;
    }
  });
  return { annotator: annotator.name, rows: parsed.length, saved, unchanged: parsed.length - saved };
}
