// Pure security rules of the Electron shell (no 'electron' import, unit-tested): what the window may
// load, and the web preferences every window gets.

/** The renderer is loaded from the built files (file://) or, in development, from electron-vite's dev server. */
export function isAllowedRendererUrl(url: string, devServerUrl?: string): boolean {
  if (url.startsWith('file://')) return true;
  if (url.startsWith('devtools://')) return true;
  if (devServerUrl) {
    try {
      const dev = new URL(devServerUrl);
      const u = new URL(url);
      return (u.protocol === 'http:' || u.protocol === 'ws:') && u.host === dev.host && (u.hostname === 'localhost' || u.hostname === '127.0.0.1');
    } catch {
      return false;
    }
  }
  return false;
}

export const SECURE_WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  spellcheck: false,
  navigateOnDragDrop: false,
} as const;
