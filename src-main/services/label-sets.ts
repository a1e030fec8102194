// Training-set definitions: which labels count for training, recorded explicitly. Creating one applies
// the rules to the current labels and freezes the result (training_set_items), so a model can name the
// exact labels it was trained on. Rules: consensus per clip = adjudicated value (useAdjudication) else the
// mean of the (selected) raters; at least minRaters raters (adjudicated clips always count); optionally
// only agreeing clips; optionally no clip with an open flag; optionally gold labels for gold clips.
import type { TrainingSetDefinition, TrainingSetInfo } from '../contract/methods/workbench';
import { trainingSetDefinitionSchema } from '../contract/methods/workbench';
import type { TrainingItem, TrainingSetRow } from '../db/workbench-repo';
import { actorName } from './actors';
import { computeConsensus } from './consensus';
import type { ServiceContext } from './context';

const toInfo = (t: TrainingSetRow): TrainingSetInfo => ({
  id: t.id, name: t.name, definition: trainingSetDefinitionSchema.parse(JSON.parse(t.definitionJson)), createdBy: t.createdBy, createdAt: t.createdAt, clipCount: t.clipCount,
});

export function trainingItemsFor(ctx: ServiceContext, def: TrainingSetDefinition): TrainingItem[] {
  const p = ctx.project;
  const flagged = new Set(def.excludeFlagged ? p.workbench.flags(false).map((f) => f.clipId) : []);
  const gold = new Map(def.useGold ? p.workbench.gold().map((g) => [g.clipId, g.values]) : []);
  const items: TrainingItem[] = [];
  const seen = new Set<number>();
  for (const row of computeConsensus(ctx, { annotatorIds: def.annotatorIds, useAdjudication: def.useAdjudication })) {
    seen.add(row.clipId);
    if (flagged.has(row.clipId)) continue;
    const g = gold.get(row.clipId);
    if (g) { items.push({ clipId: row.clipId, values: g, raterCount: row.raterCount, source: 'gold' }); continue; }
    if (row.source !== 'adjudicated' && row.raterCount < def.minRaters) continue;
    if (def.requireAgreement && row.agreement === 'disagree') continue;
    items.push({ clipId: row.clipId, values: row.values, raterCount: row.raterCount, source: row.source });
  }
  for (const [clipId, values] of gold) {
    if (!seen.has(clipId) && !flagged.has(clipId)) items.push({ clipId, values, raterCount: 0, source: 'gold' });
  }
  return items.sort((a, b) => a.clipId - b.clipId);
}

export function createTrainingSet(ctx: ServiceContext, name: string, definition: TrainingSetDefinition, actorId?: number): TrainingSetInfo {
  const p = ctx.project;
  const actor = actorName(ctx, actorId);
  const items = trainingItemsFor(ctx, definition);
  const row = p.write(() => {
    const t = p.workbench.insertTrainingSet(name, JSON.stringify(definition), actor, items);
    p.audit.append({ actor, action: 'create', entity: 'training-set', entityId: t.id, after: { name, definition, clipCount: items.length } });
    return t;
  });
  return toInfo(row);
}

export function listTrainingSets(ctx: ServiceContext): TrainingSetInfo[] {
  return ctx.project.workbench.trainingSets().map(toInfo);
}
