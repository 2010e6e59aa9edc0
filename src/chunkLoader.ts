// The one memoized loader of the engine chunk. Thin bundles (extension, MCP server, CLI) import engine
// *types* freely but engine *values* only through engineChunk(), so esbuild leaves the engine out of them
// and they share dist/engine.js. Source builds (unit tests) set ENGINE_CHUNK_INLINE and bundle it in.
import * as path from 'path';

export type EngineChunk = typeof import('./chunk');

declare const ENGINE_CHUNK_INLINE: boolean | undefined;

let loaded: EngineChunk | undefined;
const onLoad: ((chunk: EngineChunk) => void)[] = [];

/** Runs `fn` with the chunk once it is loaded (now, if it is), without loading it: activation stays light. */
export function whenChunkLoaded(fn: (chunk: EngineChunk) => void): void {
  if (loaded) fn(loaded); else onLoad.push(fn);
}

export function engineChunk(): EngineChunk {
  if (!loaded) {
    loaded = typeof ENGINE_CHUNK_INLINE !== 'undefined' && ENGINE_CHUNK_INLINE
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      ? require('./chunk') as EngineChunk
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      : require(path.join(__dirname, 'engine.js')) as EngineChunk;
    for (const fn of onLoad.splice(0)) fn(loaded);
  }
  return loaded;
}
