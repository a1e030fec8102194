// Project: information about the open project file.
import { basename } from 'node:path';
import type { ProjectInfo } from '../contract/api';
import { appVersion } from '../db/app-paths';
import type { ServiceContext } from './context';

export function projectInfo(ctx: ServiceContext): ProjectInfo {
  const p = ctx.project;
  return {
    path: p.path,
    name: p.settings.get('name') ?? basename(p.path),
    appVersion: appVersion(),
    schemaVersion: p.schemaVersion,
    clipCount: p.clips.count(),
    annotatorCount: p.annotators.count(),
    mode: ctx.mode === 'electron' ? 'electron' : 'browser',
  };
}
