// Shared schemas and row types of the API (see api.ts). Pure TypeScript: no node:, no electron.
import { z } from 'zod';
import { EMOTIONS, INTENSITY_MAX, INTENSITY_MIN, type EmotionValues } from './emotions';

export const id = z.number().int().positive();
const intensity = z.number().int().min(INTENSITY_MIN).max(INTENSITY_MAX);
export const emotionValuesSchema = z.object(
  Object.fromEntries(EMOTIONS.map((e) => [e, intensity])) as Record<(typeof EMOTIONS)[number], typeof intensity>,
).strict();

export const speakerRuleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('parent-folder') }),
  /** Regular expression applied to the file name; the first capture group is the speaker id. */
  z.object({ kind: z.literal('filename-regex'), pattern: z.string().min(1).max(500) }),
  z.object({ kind: z.literal('fixed'), speakerId: z.string().min(1).max(200) }),
]);
export type SpeakerRule = z.infer<typeof speakerRuleSchema>;

// ---- rows the renderer sees ----
export interface ProjectInfo {
  path: string;
  name: string;
  appVersion: string;
  schemaVersion: number;
  clipCount: number;
  annotatorCount: number;
  mode: 'electron' | 'browser';
}
export type AnnotatorRole = 'rater' | 'adjudicator';
export interface Annotator { id: number; name: string; createdAt: string; role: AnnotatorRole }
/** Why a clip could not be rated (a label version says this instead of giving values). */
export const NOT_RATEABLE_REASONS = ['noise', 'no-speech', 'wrong-language', 'other'] as const;
export type NotRateableReason = (typeof NOT_RATEABLE_REASONS)[number];
export const notRateableSchema = z.enum(NOT_RATEABLE_REASONS);
export interface ClipSummary {
  id: number;
  fileName: string;
  speakerId: string;
  durationS: number;
  /** true when the selected annotator has a current label for this clip */
  labelled: boolean;
}
export interface ClipDetail extends ClipSummary {
  contentHash: string;
  originalPath: string;
  sampleRate: number;
  originalSampleRate: number;
  importedAt: string;
  audioAvailable: boolean;
}
export interface Label {
  id: number;
  clipId: number;
  annotatorId: number;
  version: number;
  /** Meaningless (all 0) when notRateable is set. */
  values: EmotionValues;
  notRateable: NotRateableReason | null;
  comment: string | null;
  createdAt: string;
}
export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
}
export type JobState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
export interface JobFileError { file: string; reason: string }
export interface JobInfo {
  id: number;
  kind: string;
  state: JobState;
  done: number;
  total: number;
  message: string;
  errors: JobFileError[];
  createdAt: string;
  finishedAt: string | null;
}


/**
 * An error a user can act on: a stable `code` (for the UI and tests) and a message naming the file or
 * thing concerned and what to do. Thrown by db/ and services/, carried over IPC/HTTP as ApiErrorPayload.
 */
export class AppError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'AppError';
  }
}
