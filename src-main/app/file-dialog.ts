// The native open dialog behind 'files.chooseAudio' in the desktop app. Kept free of a runtime 'electron'
// import so it is tested without Electron: main passes in dialog.showOpenDialog bound to its window.
// The request still goes through the shared dispatcher, so the method's zod schema is checked before the
// dialog opens; the renderer chooses only files vs folders (no default path, title or filters of its own).
// Returning paths grants nothing new: import.start already takes typed paths. One dialog at a time, so a
// misbehaving page cannot stack dialogs.
import { isAbsolute } from 'node:path';
import type { OpenDialogOptions } from 'electron';
import { AUDIO_EXTENSIONS } from '../audio/decode';
import { AppError } from '../contract/api';
import { createDispatcher } from '../services/dispatcher';
import { handlers, type HandlerTable } from '../services/handlers';
import type { Services } from '../services/index';

/** What main passes in: dialog.showOpenDialog(window, options), or a stand-in in tests. */
export type ShowOpenDialog = (options: OpenDialogOptions) => Promise<{ canceled: boolean; filePaths: string[] }>;

/** The extensions the importer looks for in folders (without the dot); the dialog can still show all files. */
const DIALOG_EXTENSIONS = AUDIO_EXTENSIONS.map((e) => e.slice(1));
const MAX_PATHS = 10_000; // import.start's limit

export function openDialogOptions(kind: 'files' | 'folder'): OpenDialogOptions {
  if (kind === 'folder') {
    return { title: 'Choose folders to import (searched recursively)', buttonLabel: 'Import', properties: ['openDirectory', 'multiSelections'] };
  }
  return {
    title: 'Choose audio files to import',
    buttonLabel: 'Import',
    properties: ['openFile', 'multiSelections'],
    filters: [{ name: 'Audio (WAV, FLAC, MP3, OGG/Opus, M4A, …)', extensions: DIALOG_EXTENSIONS }, { name: 'All files', extensions: ['*'] }],
  };
}

export function nativeFileDialogHandlers(show: ShowOpenDialog): HandlerTable {
  let open = false;
  return {
    'files.chooseAudio': async (_ctx, req) => {
      if (open) throw new AppError('dialog-busy', 'A file dialog is already open: finish or cancel it first.');
      open = true;
      try {
        const r = await show(openDialogOptions(req.kind));
        if (r.canceled) return { canceled: true, paths: [] };
        // The OS dialog returns absolute paths; anything else is not something the user picked.
        const paths = [...new Set(r.filePaths.filter((p) => typeof p === 'string' && p.length > 0 && p.length <= 4096 && isAbsolute(p)))];
        if (paths.length > MAX_PATHS) throw new AppError('dialog-too-many', `${paths.length} items chosen; import at most ${MAX_PATHS} at a time (or choose their folder instead).`);
        return { canceled: false, paths };
      } finally {
        open = false;
      }
    },
  };
}

/** The services with 'files.chooseAudio' served by the native dialog (everything else unchanged). */
export function withNativeFileDialog(services: Services, show: ShowOpenDialog): Services {
  return { ...services, dispatch: createDispatcher(services.ctx, { ...handlers, ...nativeFileDialogHandlers(show) }) };
}
