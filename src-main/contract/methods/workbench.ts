// Methods of the labelling workbench (issue 7): queue, progress, roles, blind mode, assignments, gold
// clips, hidden repeats, flags, adjudication, consensus, label export, training-set definitions, audit
// viewer. Agreement statistics are in methods/agreement.ts.
import { z } from 'zod';
import {
  emotionValuesSchema, id,
  type Annotator, type AuditEntry, type NotRateableReason,
} from '../api-types';
import type { EmotionValues } from '../emotions';

export const QUEUE_MODES = ['unlabelled-first', 'by-speaker', 'random', 'needs-my-rating', 'disagreement', 'flagged', 'adjudication'] as const;
export type QueueMode = (typeof QUEUE_MODES)[number];

export interface QueueItem {
  clipId: number;
  /** Set for a hidden repeat: show the clip with empty controls and pass repeatId to labels.save. */
  repeatId: number | null;
}
export interface QueueProgress {
  annotatorId: number;
  /** clips in the annotator's scope (assigned clips, or all) that have a current label by them */
  labelled: number;
  /** clips in the annotator's scope */
  total: number;
  notRateable: number;
  /** labels per hour of active work (gaps over 10 min between saves are not counted) */
  clipsPerHour: number;
  labelledLastHour: number;
  pendingRepeats: number;
}
export interface WorkbenchSettings {
  /** raters see only their own values (adjudicators see all) */
  blindMode: boolean;
  /** a clip "disagrees" when, for some emotion, max − min over raters ≥ this (0–3) */
  disagreementThreshold: number;
  /** minutes without input after which the UI asks the annotator to confirm who they are (0 = off) */
  idleLockMinutes: number;
}
export interface RaterValue {
  annotatorId: number;
  annotator: string;
  values: EmotionValues;
  version: number;
  createdAt: string;
}
export interface ClipRatings {
  clipId: number;
  fileName: string;
  speakerId: string;
  ratings: RaterValue[];
  notRateable: Array<{ annotatorId: number; annotator: string; reason: NotRateableReason }>;
  adjudication: { values: EmotionValues; adjudicator: string; note: string | null; version: number; createdAt: string } | null;
  gold: EmotionValues | null;
  /** max over emotions of (max − min) across raters; 0 with fewer than two raters */
  disagreement: number;
  openFlags: Array<{ id: number; reason: string; annotator: string | null; createdAt: string }>;
}
export interface ConsensusRow {
  clipId: number;
  fileName: string;
  speakerId: string;
  values: EmotionValues;
  raterCount: number;
  source: 'mean' | 'adjudicated';
  disagreement: number;
  /** 'agree' | 'disagree' (≥ threshold, not adjudicated) | 'adjudicated' | 'single-rater' */
  agreement: 'agree' | 'disagree' | 'adjudicated' | 'single-rater';
}
export interface Flag { id: number; clipId: number; annotatorId: number | null; reason: string; createdAt: string; resolvedAt: string | null }
export interface RaterQuality {
  annotatorId: number;
  annotator: string;
  goldClips: number;
  /** mean absolute difference to the gold values over all six emotions (null without gold ratings) */
  goldMae: number | null;
  goldExactRate: number | null;
  repeats: number;
  /** mean absolute difference between the repeat rating and the annotator's label */
  repeatMae: number | null;
  repeatExactRate: number | null;
}
export const trainingSetDefinitionSchema = z.object({
  /** only clips with at least this many raters (adjudicated clips always count) */
  minRaters: z.number().int().min(1).max(100).default(1),
  /** leave out clips whose raters disagree (≥ threshold) and that are not adjudicated */
  requireAgreement: z.boolean().default(false),
  /** leave out clips with an open flag */
  excludeFlagged: z.boolean().default(true),
  /** use the adjudicated value where one exists (otherwise always the mean of raters) */
  useAdjudication: z.boolean().default(true),
  /** use the known labels of gold clips instead of the raters' */
  useGold: z.boolean().default(false),
  /** only these raters' labels count (default: all) */
  annotatorIds: z.array(id).max(1000).optional(),
}).strict();
export type TrainingSetDefinition = z.output<typeof trainingSetDefinitionSchema>;
export interface TrainingSetInfo { id: number; name: string; definition: TrainingSetDefinition; createdBy: string; createdAt: string; clipCount: number }
export interface AuditVerifyResult {
  ok: boolean;
  rows: number;
  firstBadId: number | null;
  problem: string | null;
  /** entries missing after the last row present, by the chain-head anchor (docs/security.md) */
  missingAtEnd: number;
  /** id and hash of the newest entry ever written (the anchor); null when the anchor was removed */
  head: { seq: number; hash: string } | null;
}

const auditFilter = z.object({
  entity: z.string().max(50).optional(),
  entityId: z.string().max(100).optional(),
  actor: z.string().max(100).optional(),
  action: z.string().max(50).optional(),
  from: z.string().max(40).optional(),
  to: z.string().max(40).optional(),
  limit: z.number().int().min(1).max(100_000).optional(),
}).strict();

const annotatorScoped = z.object({ annotatorId: id }).strict();

export const workbenchMethods = {
  'workbench.settings': { req: z.object({}).strict(), res: null as unknown as WorkbenchSettings },
  'workbench.setSettings': {
    req: z.object({
      actorId: id.optional(),
      blindMode: z.boolean().optional(),
      disagreementThreshold: z.number().min(0.5).max(3).optional(),
      idleLockMinutes: z.number().int().min(0).max(240).optional(),
    }).strict(),
    res: null as unknown as WorkbenchSettings,
  },
  'annotators.setRole': {
    req: z.object({ annotatorId: id, role: z.enum(['rater', 'adjudicator']), actorId: id.optional() }).strict(),
    res: null as unknown as Annotator,
  },
  /** The ordered clips to work through. `seed` orders 'random' (same seed → same order). */
  'queue.list': {
    req: z.object({
      annotatorId: id,
      mode: z.enum(QUEUE_MODES),
      seed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
      speakerId: z.string().max(200).optional(),
    }).strict(),
    res: null as unknown as QueueItem[],
  },
  'queue.progress': { req: annotatorScoped, res: null as unknown as QueueProgress },
  'queue.progressAll': { req: z.object({}).strict(), res: null as unknown as QueueProgress[] },
  /** All raters' current values of a clip; refused to a rater in blind mode (own values only). */
  'labels.forClip': { req: z.object({ clipId: id, annotatorId: id }).strict(), res: null as unknown as ClipRatings },
  'assignments.set': {
    req: z.object({ annotatorId: id, clipIds: z.array(id).max(100_000), actorId: id.optional() }).strict(),
    res: null as unknown as { annotatorId: number; assigned: number },
  },
  'assignments.get': { req: annotatorScoped, res: null as unknown as number[] },
  'gold.set': {
    req: z.object({ clipId: id, values: emotionValuesSchema, note: z.string().max(500).optional(), actorId: id.optional() }).strict(),
    res: null as unknown as { clipId: number },
  },
  'gold.remove': { req: z.object({ clipId: id, actorId: id.optional() }).strict(), res: null as unknown as { clipId: number } },
  'gold.list': { req: z.object({}).strict(), res: null as unknown as Array<{ clipId: number; values: EmotionValues; note: string | null }> },
  /** Schedules hidden repeats: `fraction` of the clips the annotator has labelled, drawn with `seed`. */
  'repeats.plan': {
    req: z.object({ annotatorId: id, fraction: z.number().gt(0).max(1), seed: z.number().int().min(0).max(2 ** 31 - 1).default(1), actorId: id.optional() }).strict(),
    res: null as unknown as { planned: number },
  },
  'raters.quality': { req: z.object({}).strict(), res: null as unknown as RaterQuality[] },
  'flags.add': { req: z.object({ clipId: id, annotatorId: id, reason: z.string().trim().min(1).max(500) }).strict(), res: null as unknown as Flag },
  'flags.resolve': { req: z.object({ flagId: id, annotatorId: id }).strict(), res: null as unknown as Flag },
  'flags.list': { req: z.object({ includeResolved: z.boolean().optional() }).strict(), res: null as unknown as Flag[] },
  /** Clips whose raters disagree (≥ threshold), with every rating: for adjudicators only. */
  'adjudication.queue': {
    req: z.object({ annotatorId: id, threshold: z.number().min(0.5).max(3).optional(), includeDone: z.boolean().optional() }).strict(),
    res: null as unknown as ClipRatings[],
  },
  'adjudication.save': {
    req: z.object({ clipId: id, adjudicatorId: id, values: emotionValuesSchema, note: z.string().max(2000).optional() }).strict(),
    res: null as unknown as ClipRatings,
  },
  'consensus.list': { req: z.object({}).strict(), res: null as unknown as ConsensusRow[] },
  /** Label export as text (CSV or JSON): every rater's current labels, or the consensus per clip. */
  'labels.export': {
    req: z.object({ kind: z.enum(['raters', 'consensus']), format: z.enum(['csv', 'json']) }).strict(),
    res: null as unknown as { fileName: string; mimeType: string; text: string },
  },
  'trainingSets.create': {
    req: z.object({ name: z.string().trim().min(1).max(100), definition: trainingSetDefinitionSchema.prefault({}), actorId: id.optional() }).strict(),
    res: null as unknown as TrainingSetInfo,
  },
  'trainingSets.list': { req: z.object({}).strict(), res: null as unknown as TrainingSetInfo[] },
  'audit.query': { req: auditFilter, res: null as unknown as AuditEntry[] },
  'audit.exportCsv': { req: auditFilter, res: null as unknown as { fileName: string; mimeType: string; text: string } },
  'audit.verify': { req: z.object({}).strict(), res: null as unknown as AuditVerifyResult },
} as const;
