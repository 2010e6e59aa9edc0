// The engine's entry point: pure TypeScript, no `vscode` import.
export * from './types';
export * from './errors';
export type { SelfImprovementApi } from './api';
export type { Clock, RandomSource, FilesPort, Disposable } from './ports';
