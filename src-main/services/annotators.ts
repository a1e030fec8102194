// Annotators: named rater profiles. Creation is audited.
import { AppError, type Annotator } from '../contract/api';
import type { ServiceContext } from './context';

export function listAnnotators(ctx: ServiceContext): Annotator[] {
  return ctx.project.annotators.list();
}

export function createAnnotator(ctx: ServiceContext, name: string, actor = name): Annotator {
  const p = ctx.project;
  const trimmed = name.trim();
  return p.write(() => {
    if (p.annotators.findByName(trimmed)) {
      throw new AppError('annotator-exists', `an annotator named "${trimmed}" already exists: pick it from the list or choose another name`);
    }
    const a = p.annotators.insert(trimmed);
    p.audit.append({ actor, action: 'create', entity: 'annotator', entityId: a.id, after: { name: a.name } });
    return a;
  });
}

/** Finds an annotator by name, creating it when missing (CLI import of ratings made elsewhere). */
export function ensureAnnotator(ctx: ServiceContext, name: string): Annotator {
  return ctx.project.annotators.findByName(name.trim()) ?? createAnnotator(ctx, name, ctx.mode === 'cli' ? 'cli' : name);
}
