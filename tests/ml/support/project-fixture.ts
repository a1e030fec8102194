// A real project file holding RAVDESS clips with their (cached, really extracted) features and one
// annotator's labels, for the training job and CLI tests.
import { join } from 'node:path';
import { EMOTIONS } from '../../../src-main/contract/emotions';
import { FEATURE_COUNT, FEATURE_SPEC_ID } from '../../../src-main/contract/feature-spec';
import { FeaturesRepo } from '../../../src-main/db/features-repo';
import { openProjectDb } from '../../../src-main/db/project-db';
import { ravdessRoot } from '../../support/paths';
import { extractorVersion, type ClipFeatures } from './ravdess-features';

export function makeTrainingProject(path: string, features: readonly ClipFeatures[], opts: { labels?: boolean } = {}): void {
  const project = openProjectDb(path, { create: true });
  try {
    const repo = new FeaturesRepo(project.db);
    const annotator = opts.labels ? project.annotators.insert('rater') : null;
    project.write(() => {
      for (const f of features) {
        const clip = project.clips.insert({
          contentHash: f.clip.sha256, originalPath: join(ravdessRoot, f.clip.file), fileName: `${f.clip.stem}.flac`,
          durationS: f.frames / 100, sampleRate: 16000, originalSampleRate: 16000, channels: 1,
          speakerId: `actor${String(f.clip.actor).padStart(2, '0')}`, importedAt: new Date().toISOString(), importJobId: null,
        });
        repo.insertIfAbsent({
          clipId: clip.id, featureSpec: FEATURE_SPEC_ID, source: 'extracted', frames: f.frames, columns: FEATURE_COUNT,
          data: f.data, present: f.present, extractorVersion: extractorVersion(),
        });
        if (annotator) {
          project.labels.append(clip.id, annotator.id, Object.fromEntries(EMOTIONS.map((e, i) => [e, f.clip.targets[i]])) as Record<(typeof EMOTIONS)[number], number>);
        }
      }
    });
  } finally {
    project.close();
  }
}
