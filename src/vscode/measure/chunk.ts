// The engine chunk (dist/engine.js), required on first use like EngineHost does, so the loop, probes and
// statistics stay out of the activation bundle.
import * as path from 'path';

export type EngineChunk = typeof import('../../engine/engine');

let chunk: EngineChunk | undefined;

export function engineChunk(): EngineChunk {
  chunk ??= require(path.join(__dirname, 'engine.js')) as EngineChunk;
  return chunk;
}
