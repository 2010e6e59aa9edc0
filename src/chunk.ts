// The one engine chunk (dist/engine.js): the engine, its loop and parsers, and the agents layer. The
// extension, the MCP server and the CLI are thin bundles that load it once, on first use, through
// chunkLoader.ts — so the package holds a single copy of the engine (scripts/build.mjs checks this).
export * from './engine';
export * as agents from './agents';
