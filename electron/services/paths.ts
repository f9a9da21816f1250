import { homedir } from 'node:os';
import { join } from 'node:path';

export const APP_NAME = 'Agent Workstation';

/**
 * The workstation's data folder: AGENT_WORKSTATION_DATA when set, otherwise the folder Electron's
 * app.getPath('userData') names for this app on each OS, so the CLI tools and the app share one database.
 */
export function defaultDataDir(): string {
  if (process.env.AGENT_WORKSTATION_DATA) return process.env.AGENT_WORKSTATION_DATA;
  const home = homedir();
  if (process.platform === 'win32') return join(process.env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_NAME);
  if (process.platform === 'darwin') return join(home, 'Library', 'Application Support', APP_NAME);
  return join(process.env.XDG_CONFIG_HOME ?? join(home, '.config'), APP_NAME);
}
