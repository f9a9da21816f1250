import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Finds the project's resources/ folder from wherever the code runs (tsx from source, bundled main, packaged app).
 * AGENT_WORKSTATION_RESOURCES overrides it (the packaged app sets it to its extraResources folder).
 */
export function resourcesDir(): string {
  const fromEnv = process.env.AGENT_WORKSTATION_RESOURCES;
  if (fromEnv) return fromEnv;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'resources');
    if (existsSync(join(candidate, 'demo'))) return candidate;
    dir = resolve(dir, '..');
  }
  return resolve(process.cwd(), 'resources');
}

export const resourcePath = (...parts: string[]) => join(resourcesDir(), ...parts);
