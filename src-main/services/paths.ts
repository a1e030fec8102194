// Where the workstation keeps its own files on this machine: the default project, created on first run.
// Linux: $XDG_DATA_HOME/emotion-workstation (default ~/.local/share/…); macOS: ~/Library/Application
// Support/emotion-workstation; Windows: %APPDATA%\emotion-workstation. EW_DATA_DIR overrides (tests).
import { homedir } from 'node:os';
import { join } from 'node:path';

export function userDataDir(): string {
  if (process.env.EW_DATA_DIR) return process.env.EW_DATA_DIR;
  if (process.platform === 'win32') return join(process.env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'emotion-workstation');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'emotion-workstation');
  return join(process.env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'emotion-workstation');
}

export function defaultProjectPath(): string {
  return join(userDataDir(), 'default.sqlite');
}
