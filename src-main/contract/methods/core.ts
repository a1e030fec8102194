// Methods of the foundation: project, annotators, clips, labels, audit, import, jobs.
import { z } from 'zod';
import {
  emotionValuesSchema, notRateableSchema, speakerRuleSchema, id,
  type Annotator, type AuditEntry, type ClipDetail, type ClipSummary, type JobInfo, type Label, type ProjectInfo,
} from '../api-types';

export const coreMethods = {
  'project.info': { req: z.object({}).strict(), res: null as unknown as ProjectInfo },
  'annotators.list': { req: z.object({}).strict(), res: null as unknown as Annotator[] },
  'annotators.create': { req: z.object({ name: z.string().trim().min(1).max(100) }).strict(), res: null as unknown as Annotator },
  'clips.list': {
    req: z.object({ annotatorId: id.optional() }).strict(),
    res: null as unknown as ClipSummary[],
  },
  'clips.get': { req: z.object({ clipId: id, annotatorId: id.optional() }).strict(), res: null as unknown as ClipDetail },
  /** 16 kHz mono 16-bit WAV bytes of the clip, for playback and the waveform. */
  'clips.audio': { req: z.object({ clipId: id }).strict(), res: null as unknown as Uint8Array },
  'clips.setSpeaker': {
    req: z.object({ clipId: id, speakerId: z.string().trim().min(1).max(200), annotatorId: id.optional() }).strict(),
    res: null as unknown as ClipDetail,
  },
  'labels.get': { req: z.object({ clipId: id, annotatorId: id }).strict(), res: null as unknown as Label | null },
  /**
   * Appends a label version. `notRateable` (with values all 0) says the clip could not be rated;
   * `repeatId` (from a queue item) stores the rating of a hidden repeat instead of a new label version.
   */
  'labels.save': {
    req: z.object({
      clipId: id, annotatorId: id, values: emotionValuesSchema,
      notRateable: notRateableSchema.nullable().optional(),
      comment: z.string().max(2000).nullable().optional(),
      repeatId: id.optional(),
    }).strict(),
    res: null as unknown as Label,
  },
  /** Every version of every annotator's label of a clip; in blind mode only the asking annotator's own. */
  'labels.history': { req: z.object({ clipId: id, annotatorId: id.optional() }).strict(), res: null as unknown as Label[] },
  'audit.list': {
    req: z.object({ limit: z.number().int().min(1).max(10_000).optional(), entity: z.string().max(50).optional() }).strict(),
    res: null as unknown as AuditEntry[],
  },
  'import.start': {
    req: z.object({
      paths: z.array(z.string().min(1).max(4096)).min(1).max(10_000),
      speakerRule: speakerRuleSchema.optional(),
      annotatorId: id.optional(),
      /** Keep a copy of the decoded audio inside the project file (default: the project's setting, off). */
      embedAudio: z.boolean().optional(),
    }).strict(),
    res: null as unknown as { jobId: number },
  },
  /**
   * The desktop app's native open dialog, for choosing audio to import: `files` (several audio files) or
   * `folder` (folders, searched recursively by import.start). Returns the chosen absolute paths; the
   * renderer passes them to import.start. Browser mode and the CLI answer 'dialog-unavailable' (paths are
   * typed there). Nothing but the kind is accepted from the renderer (no default path, no filters).
   */
  'files.chooseAudio': {
    req: z.object({ kind: z.enum(['files', 'folder']) }).strict(),
    res: null as unknown as { canceled: boolean; paths: string[] },
  },
  'jobs.get': { req: z.object({ jobId: id }).strict(), res: null as unknown as JobInfo },
  'jobs.list': { req: z.object({}).strict(), res: null as unknown as JobInfo[] },
  'jobs.cancel': { req: z.object({ jobId: id }).strict(), res: null as unknown as JobInfo },
} as const;

