// Project-wide workbench settings (stored in the project file, changes audited).
import type { WorkbenchSettings } from '../contract/methods/workbench';
import { actorName } from './actors';
import type { ServiceContext } from './context';

export const DEFAULT_DISAGREEMENT_THRESHOLD = 2;

export function workbenchSettings(ctx: ServiceContext): WorkbenchSettings {
  const s = ctx.project.settings;
  return {
    blindMode: s.get('blind_mode') === 'true',
    disagreementThreshold: Number(s.get('disagreement_threshold') ?? DEFAULT_DISAGREEMENT_THRESHOLD),
    idleLockMinutes: Number(s.get('idle_lock_minutes') ?? 0),
  };
}

export function setWorkbenchSettings(ctx: ServiceContext, req: Partial<WorkbenchSettings> & { actorId?: number }): WorkbenchSettings {
  const before = workbenchSettings(ctx);
  const after = { ...before };
  if (req.blindMode !== undefined) after.blindMode = req.blindMode;
  if (req.disagreementThreshold !== undefined) after.disagreementThreshold = req.disagreementThreshold;
  if (req.idleLockMinutes !== undefined) after.idleLockMinutes = req.idleLockMinutes;
  if (JSON.stringify(before) === JSON.stringify(after)) return before;
  const actor = actorName(ctx, req.actorId);
  const p = ctx.project;
  p.write(() => {
    p.settings.set('blind_mode', String(after.blindMode));
    p.settings.set('disagreement_threshold', String(after.disagreementThreshold));
    p.settings.set('idle_lock_minutes', String(after.idleLockMinutes));
    p.audit.append({ actor, action: 'update', entity: 'settings', entityId: 'workbench', before, after });
  });
  return after;
}
