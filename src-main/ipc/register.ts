// Binds the contract to Electron IPC: one invoke channel for calls, one push channel for events.
import type { BrowserWindow, IpcMain } from 'electron';
import type { Services } from '../services/index';
import { API_CALL_CHANNEL, API_EVENT_CHANNEL } from './channels';
import { createIpcHandler } from './handler';

export function registerIpc(ipcMain: IpcMain, services: Services, window: BrowserWindow, isTrustedSender: (url: string) => boolean): () => void {
  const handle = createIpcHandler(services.dispatch, isTrustedSender);
  ipcMain.handle(API_CALL_CHANNEL, (event, method: unknown, request: unknown) => handle(event.senderFrame?.url ?? '', method, request));
  const off = services.onEvent((e) => {
    if (!window.isDestroyed()) window.webContents.send(API_EVENT_CHANNEL, e);
  });
  return () => { off(); ipcMain.removeHandler(API_CALL_CHANNEL); };
}
