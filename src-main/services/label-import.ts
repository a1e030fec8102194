// Importing ratings made elsewhere (CSV) as one annotator's labels. Every row is validated first and all
// problems are reported with their line number; nothing is written unless the whole file is valid, so a
// half-imported file never has to be untangled. Each row becomes a new label version with an audit row.
// A file written by `labels export` (per rater) reads back as it was written: its not_rateable and
// comment columns are taken, the formula-injection quotes of the export are removed (csv.ts), and when it
// holds several annotators' rows only those of the annotator being imported are used.
import { EMOTIONS, type EmotionValues } from '../contract/emotions';
import { AppError, NOT_RATEABLE_REASONS, type NotRateableReason } from '../contract/api';
import type { ClipRow } from '../db/clips-repo';
import { ensureAnnotator } from './annotators';
import type { ServiceContext } from './context';
import { saveLabel } from './labels';
import { parseCsv, restoreText } from '../util/csv';

const COMMENT_MAX = 2000;

export interface LabelImportResult { annotator: string; rows: number; saved: number; unchanged: number }
export class LabelImportError extends AppError {
  constructor(readonly problems: string[], file: string) {
    super('label-import-invalid', `${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'}, nothing imported — ${problems[0]}`);
  }
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
  const notRateableCol = header.indexOf('not_rateable');
  const commentCol = header.indexOf('comment');
  const annotatorCol = header.indexOf('annotator');
  // restoreText undoes the formula-injection quote our exports put in front of e.g. a file name "=x.wav".
  const cellOf = (fields: string[], i: number) => (i >= 0 ? restoreText(fields[i] ?? '').trim() : '');

  // A per-rater export holds every annotator's rows: take the named annotator's. A file naming a single
  // annotator (or none) is taken whole, as ratings made elsewhere brought in under the given name.
  let body = rows.slice(1);
  if (annotatorCol >= 0) {
    const inFile = [...new Set(body.map((r) => cellOf(r.fields, annotatorCol)))];
    if (inFile.length > 1) {
      const wanted = annotatorName.trim().toLowerCase();
      body = body.filter((r) => cellOf(r.fields, annotatorCol).toLowerCase() === wanted);
      if (body.length === 0) {
        throw new AppError('label-import-annotator', `${fileLabel}: the annotator column names ${inFile.length} annotators (${inFile.slice(0, 5).join(', ')}${inFile.length > 5 ? ', …' : ''}) and none is "${annotatorName}": import once per annotator with --annotator set to one of them`);
      }
    }
  }

  const p = ctx.project;
  const clips = p.clips.all();
  const byId = new Map(clips.map((c) => [c.id, c]));
  const byHash = new Map(clips.map((c) => [c.contentHash, c]));
  const byName = new Map<string, ClipRow[]>();
  for (const c of clips) for (const key of [c.fileName, c.originalPath]) byName.set(key, [...(byName.get(key) ?? []), c]);

  const problems: string[] = [];
  const parsed: Array<{ clip: ClipRow; values: EmotionValues; notRateable: NotRateableReason | null; comment: string | null }> = [];
  const seen = new Map<number, number>();
  for (const { line, fields } of body) {
    const cell = (i: number) => cellOf(fields, i);
    let clip: ClipRow | undefined;
    // The content hash names the recording in any project; a clip id only in the project it came from,
    // so an export read into another project must be matched by hash first.
    if (hashCol >= 0 && cell(hashCol)) {
      clip = byHash.get(cell(hashCol).toLowerCase());
      if (!clip) { problems.push(`line ${line}: no clip with content hash ${cell(hashCol).slice(0, 12)}… in this project`); continue; }
    } else if (clipIdCol >= 0 && cell(clipIdCol)) {
      const id = Number(cell(clipIdCol));
      clip = Number.isInteger(id) ? byId.get(id) : undefined;
      if (!clip) { problems.push(`line ${line}: no clip with id "${cell(clipIdCol)}" in this project`); continue; }
    } else if (fileCol >= 0 && cell(fileCol)) {
      const matches = byName.get(cell(fileCol)) ?? [];
      if (matches.length === 0) { problems.push(`line ${line}: no clip named "${cell(fileCol)}" in this project (import the audio first)`); continue; }
      if (matches.length > 1) { problems.push(`line ${line}: "${cell(fileCol)}" matches ${matches.length} clips (ids ${matches.map((m) => m.id).join(', ')}): use clip_id or the full original path`); continue; }
      clip = matches[0];
    } else {
      problems.push(`line ${line}: no clip given`);
      continue;
    }
    const reason = cell(notRateableCol);
    const notRateable = reason === '' ? null : (NOT_RATEABLE_REASONS as readonly string[]).includes(reason) ? (reason as NotRateableReason) : undefined;
    if (notRateable === undefined) { problems.push(`line ${line}: not_rateable = "${reason}" is not one of ${NOT_RATEABLE_REASONS.join(', ')} (or empty)`); continue; }
    const comment = cell(commentCol) || null;
    if (comment && comment.length > COMMENT_MAX) { problems.push(`line ${line}: the comment has ${comment.length} characters (at most ${COMMENT_MAX})`); continue; }
    const values = {} as EmotionValues;
    let ok = true;
    EMOTIONS.forEach((e, i) => {
      const raw = cell(cols[i]);
      const n = Number(raw);
      // A not-rateable row has no intensities: an export writes 0s, a hand-made file may leave them empty.
      if (notRateable && raw === '') values[e] = 0;
      else if (raw === '' || !Number.isInteger(n) || n < 0 || n > 3) {
        problems.push(`line ${line}: ${e} = "${raw}" is not an intensity 0, 1, 2 or 3`);
        ok = false;
      } else values[e] = n;
    });
    if (!ok) continue;
    const dup = seen.get(clip.id);
    if (dup !== undefined) { problems.push(`line ${line}: clip ${clip.fileName} was already given on line ${dup}`); continue; }
    seen.set(clip.id, line);
    parsed.push({ clip, values, notRateable, comment });
  }
  if (problems.length) throw new LabelImportError(problems, fileLabel);
  const annotator = ensureAnnotator(ctx, annotatorName);
  let saved = 0;
  p.write(() => {
    for (const { clip, values, notRateable, comment } of parsed) {
      const before = p.labels.current(clip.id, annotator.id);
      const after = saveLabel(ctx, { clipId: clip.id, annotatorId: annotator.id, values, notRateable, comment }, ctx.mode === 'cli' ? `cli (${annotator.name})` : annotator.name);
      if (!before || after.id !== before.id) saved++;
    }
  });
  return { annotator: annotator.name, rows: parsed.length, saved, unchanged: parsed.length - saved };
}
