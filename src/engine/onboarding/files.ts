// Small, failure-tolerant reads for the detectors: a missing or unreadable file is "not there".
import { readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';

export async function readText(folder: string, file: string): Promise<string | null> {
  try { return await readFile(path.join(folder, file), 'utf8'); } catch { return null; }
}

export async function readJsonObject(folder: string, file: string): Promise<Record<string, unknown> | null> {
  const text = await readText(folder, file);
  if (text === null) return null;
  try {
    const parsed = JSON.parse(text) as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed as Record<string, unknown> : null;
  } catch {
    return null;
  }
}

export async function exists(folder: string, file: string): Promise<boolean> {
  try { await stat(path.join(folder, file)); return true; } catch { return false; }
}
