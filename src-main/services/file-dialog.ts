// 'files.chooseAudio' outside the desktop app: browser mode and the CLI have no native dialog (a page
// cannot learn local paths from <input type=file>, and the server reads paths on this machine), so the
// method answers with what to do instead. Electron replaces this handler with the native dialog
// (src-main/app/file-dialog.ts), keeping services free of Electron.
import { AppError } from '../contract/api';
import type { HandlerTable } from './handlers';

export const fileDialogHandlers: HandlerTable = {
  'files.chooseAudio': () => {
    throw new AppError('dialog-unavailable', 'The file dialog exists only in the desktop app: type or paste the paths of the files or folders to import (one per line).');
  },
};
