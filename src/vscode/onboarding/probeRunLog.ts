// The engine's probe-run log port → Output › Self-Improvement: one line per run (command, folder, exit
// code, duration, value), a warning with the output's first lines when the run gave no value.
import type * as vscode from 'vscode';
import type { EngineChunk } from '../../chunkLoader';

export function logProbeRuns(chunk: EngineChunk, log: vscode.LogOutputChannel): vscode.Disposable {
  const restore = chunk.setProbeRunLogger((record) => {
    const line = chunk.formatProbeRun(record);
    if (record.error) log.warn(line); else log.info(line);
  });
  return { dispose: restore };
}
