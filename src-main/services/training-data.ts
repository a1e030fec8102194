// Where training clips come from: a project file (features table + consensus labels + speakers), or, for
// a lab without a project, a folder of feature CSVs (one clip per file, file stem = clip key; COVAREP
// layout, read by features-io) with an optional labels CSV `clip,speaker,happy,sad,anger,surprise,disgust,fear`.
// Labels: a frozen training set, or the consensus (adjudicated, else the raters' mean) — ADR 0008.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { AppError } from '../contract/api-types';
import { EMOTIONS } from '../contract/emotions';
import { FEATURE_SPEC_ID } from '../contract/feature-spec';
import { FeaturesRepo, type FeatureSource } from '../db/features-repo';
import type { ProjectDb } from '../db/project-db';
import { readFeatureCsv } from '../features-io/csv';
import { parseCsv, restoreText } from '../util/csv';
import type { FeatureClip } from '../ml/dataset';

/** Which stored matrix a clip uses when it has several: the workstation's own extraction first. */
const SOURCE_PREFERENCE: FeatureSource[] = ['extracted', 'imported-csd', 'imported-csv'];

export interface ProjectClip extends FeatureClip { clipId: number }

/**
 * Every clip of the project with features of this build's spec; labelled ones carry targets:
 *  - with `trainingSetId`: the values frozen in that training set (workbench "training-set definition",
 *    ADR 0008) — only its clips are labelled;
 *  - otherwise the consensus: the newest adjudication where one exists, else the mean of the raters'
 *    current rateable labels (not-rateable verdicts carry no values and are left out).
 */
export function projectClips(project: ProjectDb, opts: { featureSpec?: string; trainingSetId?: number } = {}): ProjectClip[] {
  const featureSpec = opts.featureSpec ?? FEATURE_SPEC_ID;
  const features = new FeaturesRepo(project.db);
  const metas = features.listMeta(featureSpec);
  const bestSource = new Map<number, FeatureSource>();
  for (const m of metas) {
    const cur = bestSource.get(m.clipId);
    if (cur === undefined || SOURCE_PREFERENCE.indexOf(m.source) < SOURCE_PREFERENCE.indexOf(cur)) bestSource.set(m.clipId, m.source);
  }
  const targets = new Map<number, number[]>();
  if (opts.trainingSetId !== undefined) {
    const items = project.workbench.trainingItems(opts.trainingSetId);
    if (items.length === 0) throw new AppError('training-set-empty', `training set ${opts.trainingSetId} of ${project.path} has no clips (or does not exist)`);
    for (const it of items) targets.set(it.clipId, EMOTIONS.map((e) => it.values[e]));
  } else {
    const sums = new Map<number, { values: number[]; n: number }>();
    for (const r of project.workbench.allRatings()) {
      const s = sums.get(r.clipId) ?? { values: EMOTIONS.map(() => 0), n: 0 };
      EMOTIONS.forEach((e, i) => { s.values[i] += r.values[e]; });
      s.n++;
      sums.set(r.clipId, s);
    }
    for (const [clipId, s] of sums) targets.set(clipId, s.values.map((v) => v / s.n));
    for (const a of project.workbench.currentAdjudications()) targets.set(a.clipId, EMOTIONS.map((e) => a.values[e]));
  }
  const out: ProjectClip[] = [];
  for (const clip of project.clips.all()) {
    const source = bestSource.get(clip.id);
    if (!source) continue;
    const row = features.get(clip.id, featureSpec, source)!;
    out.push({
      clipId: clip.id, key: clip.fileName, speaker: clip.speakerId, data: row.data, frames: row.frames, present: row.present,
      targets: targets.get(clip.id),
    });
  }
  return out;
}

/** Feature CSVs of a folder (non-recursive, *.csv), keyed by file stem. */
export function featureDirClips(dir: string): FeatureClip[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new AppError('features-dir-not-found', `${dir}: no such folder. Give a folder of feature CSV files (one clip per file).`);
  }
  const files = readdirSync(dir).filter((f) => extname(f).toLowerCase() === '.csv').sort();
  if (files.length === 0) throw new AppError('features-dir-empty', `${dir}: no .csv files here. Export features as CSV (one clip per file) into this folder.`);
  const out: FeatureClip[] = [];
  for (const f of files) {
    const file = readFeatureCsv(join(dir, f));
    for (const e of file.entries) {
      out.push({ key: file.entries.length === 1 ? basename(f, extname(f)) : e.key, data: e.data, frames: e.frames, present: e.present });
    }
  }
  return out;
}

/**
 * Applies a labels CSV (`clip,speaker,happy,…,fear`; speaker may be empty) to clips by key. Returns the
 * clips with speaker and targets set where the file has them. Errors name the file and line.
 */
export function applyLabelsCsv(clips: FeatureClip[], path: string): FeatureClip[] {
  if (!existsSync(path)) throw new AppError('labels-file-not-found', `${path}: no such labels file.`);
  // parseCsv: quoted cells (a clip key with a comma) and line numbers; restoreText: keys and speakers
  // neutralised against formula injection by our own exports read back as written.
  const rows = parseCsv(readFileSync(path, 'utf8'));
  const file = basename(path);
  const header = (rows[0]?.fields ?? []).map((h) => h.trim().toLowerCase());
  const want = ['clip', 'speaker', ...EMOTIONS];
  const idx = want.map((w) => header.indexOf(w));
  if (idx[0] < 0 || idx.slice(2).some((i) => i < 0)) {
    throw new AppError('labels-file-invalid', `${file}: the header must name the columns ${want.join(',')} (speaker may be left empty); found "${header.join(',')}".`);
  }
  const byKey = new Map<string, { speaker?: string; targets: number[] }>();
  for (const { line, fields } of rows.slice(1)) {
    const cells = fields.map((c) => restoreText(c.trim()));
    const targets = idx.slice(2).map((k) => (cells[k] === undefined || cells[k] === '' ? Number.NaN : Number(cells[k])));
    const bad = targets.findIndex((v) => !(v >= 0 && v <= 3));
    if (bad >= 0) throw new AppError('labels-file-invalid', `${file} line ${line}: ${EMOTIONS[bad]} = "${cells[idx[bad + 2]] ?? ''}" is not an intensity between 0 and 3.`);
    byKey.set(cells[idx[0]], { speaker: idx[1] >= 0 && cells[idx[1]] ? cells[idx[1]] : undefined, targets });
  }
  return clips.map((c) => {
    const l = byKey.get(c.key);
    return l ? { ...c, speaker: l.speaker ?? c.speaker, targets: l.targets } : c;
  });
}
