// Electron main process: one window on one project, locked down (docs/security.md):
// contextIsolation + sandbox + no nodeIntegration; CSP as a response header (and a meta tag in
// index.html); every permission request denied; navigation, new windows and <webview> blocked; any
// request that is not the app's own files (or the dev server in development) is cancelled — the app
// never touches the network. Payloads are validated in main by the shared dispatcher (ipc/handler.ts).
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, session, type MenuItemConstructorOptions } from 'electron';
import { registerIpc } from '../ipc/register';
import { createServices, type Services } from '../services/index';
import { defaultProjectPath } from '../services/paths';
import { CONTENT_SECURITY_POLICY } from '../web/csp';
import { withNativeFileDialog, type ShowOpenDialog } from './file-dialog';
import { isAllowedRendererUrl, SECURE_WEB_PREFERENCES } from './security';

const here = dirname(fileURLToPath(import.meta.url));
const devServerUrl = process.env.ELECTRON_RENDERER_URL;

function projectArg(): string {
  const i = process.argv.indexOf('--project');
  const path = i >= 0 ? process.argv[i + 1] : undefined;
  return resolve(path ?? defaultProjectPath());
}

function hardenSession(): void {
  const s = session.defaultSession;
  s.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  s.setPermissionCheckHandler(() => false);
  s.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !isAllowedRendererUrl(details.url, devServerUrl) });
  });
  s.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
}

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (e) => e.preventDefault());
  contents.on('will-redirect', (e) => e.preventDefault());
  contents.on('will-attach-webview', (e) => e.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});

let services: Services | null = null;
let unregisterIpc: (() => void) | null = null;
let mainWindow: BrowserWindow | null = null;

/** The import's native open dialog ('files.chooseAudio'), modal to the window when there is one. */
const showOpenDialog: ShowOpenDialog = (options) => (mainWindow ? dialog.showOpenDialog(mainWindow, options) : dialog.showOpenDialog(options));

/** Closes the current project (its jobs stop; resumable ones resume next time) and opens another. */
async function switchProject(path: string): Promise<boolean> {
  let next: Services;
  try {
    mkdirSync(dirname(path), { recursive: true });
    next = createServices(path, { mode: 'electron' });
  } catch (err) {
    dialog.showErrorBox('Cannot open the project', (err as Error).message);
    return false;
  }
  unregisterIpc?.();
  await services?.close();
  services = next;
  if (mainWindow) {
    unregisterIpc = registerIpc(ipcMain, withNativeFileDialog(services, showOpenDialog), mainWindow, (url) => isAllowedRendererUrl(url, devServerUrl));
    mainWindow.setTitle(`Emotion Workstation — ${path}`);
    mainWindow.webContents.reload();
  }
  return true;
}

function buildMenu(): void {
  const projectFilters = [{ name: 'Workstation project', extensions: ['sqlite'] }];
  const template: MenuItemConstructorOptions[] = [
    {
      label: 'File',
      submenu: [
        {
          label: 'New Project…', accelerator: 'CmdOrCtrl+N',
          click: async () => {
            const r = await dialog.showSaveDialog({ title: 'New project', defaultPath: 'project.sqlite', filters: projectFilters });
            if (!r.canceled && r.filePath) await switchProject(r.filePath.endsWith('.sqlite') ? r.filePath : `${r.filePath}.sqlite`);
          },
        },
        {
          label: 'Open Project…', accelerator: 'CmdOrCtrl+O',
          click: async () => {
            const r = await dialog.showOpenDialog({ title: 'Open project', properties: ['openFile'], filters: projectFilters });
            if (!r.canceled && r.filePaths[0]) await switchProject(r.filePaths[0]);
          },
        },
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    { label: 'View', submenu: [{ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' }, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { role: 'togglefullscreen' }] },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

async function createWindow(): Promise<void> {
  const projectPath = projectArg();
  mkdirSync(dirname(projectPath), { recursive: true });
  try {
    services = createServices(projectPath, { mode: 'electron' });
  } catch (err) {
    dialog.showErrorBox('Cannot open the project', (err as Error).message);
    app.quit();
    return;
  }
  buildMenu();
  const window = new BrowserWindow({
    width: 1280,
    height: 840,
    title: `Emotion Workstation — ${projectPath}`,
    show: false,
    webPreferences: { ...SECURE_WEB_PREFERENCES, preload: join(here, '../preload/index.cjs') },
  });
  mainWindow = window;
  unregisterIpc = registerIpc(ipcMain, withNativeFileDialog(services, showOpenDialog), window, (url) => isAllowedRendererUrl(url, devServerUrl));
  window.once('ready-to-show', () => window.show());
  if (devServerUrl) await window.loadURL(devServerUrl);
  else await window.loadFile(join(here, '../renderer/index.html'));
}

app.whenReady().then(() => {
  hardenSession();
  return createWindow();
}).catch((err: unknown) => {
  dialog.showErrorBox('Emotion Workstation failed to start', err instanceof Error ? err.message : String(err));
  app.quit();
});

app.on('window-all-closed', () => {
  void (services?.close() ?? Promise.resolve()).finally(() => app.quit());
});
