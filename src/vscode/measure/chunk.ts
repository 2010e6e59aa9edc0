// The engine chunk (dist/engine.js), required on first use like EngineHost does, so the loop, probes and
// statistics stay out of the activation bundle.
import * as path from 'path';
import type { MeasurementLoop } from '../../engine/engine';

let loaded: MeasurementLoop | undefined;

export function measurementLoop(): MeasurementLoop {
  loaded ??= (require(path.join(__dirname, 'engine.js')) as typeof import('../../engine/engine')).measurementLoop();
  return loaded;
}
