// Reads a folder's config file from disk (the CLI and tests; the extension reads through VS Code).
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { parseConfig } from './parseConfig';
import { CONFIG_FILE, type ConfigParseResult } from './types';

export async function readConfigFile(folder: string): Promise<(ConfigParseResult & { file: string; exists: true }) | { file: string; exists: false }> {
  const file = path.join(folder, CONFIG_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { file, exists: false };
    throw error;
  }
  return { file, exists: true, ...parseConfig(text) };
}
