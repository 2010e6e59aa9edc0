// Experiments running in this window, with the samples that have arrived so far: the runner feeds its
// progress events in (runExperiment's onProgress), the dashboard listens. The accumulation is the
// engine's (applyProgress); this only keeps one state per experiment and says when it changed.
import * as vscode from 'vscode';
import type { ExperimentProgress } from '../../engine/loop/runExperiment';
import type { LiveRun } from '../../engine/dashboard/liveSamples';
import { engineChunk } from '../../chunkLoader';

export class LiveRuns implements vscode.Disposable {
  private readonly runs = new Map<number, LiveRun>();
  private readonly changed = new vscode.EventEmitter<number>();
  readonly onDidChange = this.changed.event;

  get(experimentId: number): LiveRun | null { return this.runs.get(experimentId) ?? null; }

  report(experimentId: number, p: ExperimentProgress): void {
    const d = engineChunk().dashboard;
    const before = this.runs.get(experimentId) ?? d.emptyLiveRun();
    const after = d.applyProgress(before, p);
    this.runs.set(experimentId, after);
    if (after.target.baseline.length + after.target.candidate.length !== before.target.baseline.length + before.target.candidate.length
      || (after.confirmation?.baseline.length ?? 0) + (after.confirmation?.candidate.length ?? 0) !== (before.confirmation?.baseline.length ?? 0) + (before.confirmation?.candidate.length ?? 0)) {
      this.changed.fire(experimentId);
    }
  }

  /** The run ended (its evidence is stored now, or it failed). */
  end(experimentId: number): void {
    if (this.runs.delete(experimentId)) this.changed.fire(experimentId);
  }

  dispose(): void { this.runs.clear(); this.changed.dispose(); }
}

/** One per extension host: the runners (measure commands) and the dashboard share it. */
export const liveRuns = new LiveRuns();
