// What a folder tells us to measure: capabilities (with probes that run) proposed from what is there.
// The one detection engine behind both the extension's Set Up command and the CLI's `init`.
import { accessSync, constants } from 'node:fs';
import * as path from 'node:path';
import { detectCargo, detectGo, detectMake, detectPytest } from './ecosystems';
import { detectNpm } from './npmScripts';
import type { Detection, DetectOptions, ProposedCapability } from './types';

export type { Detection, DetectOptions, ProposedCapability } from './types';

/** True when `name` is an executable on PATH (no shell, no spawn). */
export function toolOnPath(name: string, envPath = process.env.PATH ?? ''): boolean {
  const exts = process.platform === 'win32' ? ['.exe', '.cmd', ''] : [''];
  for (const dir of envPath.split(path.delimiter).filter(Boolean)) {
    for (const ext of exts) {
      try { accessSync(path.join(dir, name + ext), constants.X_OK); return true; } catch { /* next */ }
    }
  }
  return false;
}

export async function detectCapabilities(folder: string, options: DetectOptions = { hasTool: (n) => toolOnPath(n) }): Promise<Detection> {
  const looked: string[] = [];
  const proposals: ProposedCapability[] = [
    ...await detectNpm(folder, options, looked),
    ...await detectPytest(folder, options, looked),
    ...await detectGo(folder, options, looked),
    ...await detectCargo(folder, options, looked),
  ];
  const haveTests = proposals.some((p) => p.unit === 'ratio');
  proposals.push(...await detectMake(folder, options, looked, haveTests));
  // Names must be unique in the config file; a later detector's clash gets its source as a prefix.
  const seen = new Set<string>();
  for (const p of proposals) {
    if (seen.has(p.name)) p.name = `${p.source}-${p.name}`;
    seen.add(p.name);
  }
  return { folder, proposals, looked };
}
