import type { SelfImprovementApi } from '../../engine/api';
import type { CodeImprovement } from '../../engine/types';

/**
 * The improvements one experiment proposed together (one per changed file), shown and reviewed as one
 * change set. Only groups of two or more are sets; a lone improvement stays a plain improvement.
 */
export interface ChangeSet {
  readonly kind: 'changeSet';
  /** A tree id that can never equal an improvement's numeric id. */
  readonly id: string;
  readonly experimentId: number;
  readonly experimentName: string;
  /** Oldest first: the order they were proposed, and the order Approve All applies them. */
  readonly improvements: CodeImprovement[];
}

export const isChangeSet = (x: unknown): x is ChangeSet =>
  !!x && typeof x === 'object' && (x as { kind?: unknown }).kind === 'changeSet';

function experimentName(engine: SelfImprovementApi, experimentId: number): string {
  try {
    return engine.getExperiment(experimentId).name;
  } catch {
    return ''; // the experiment was deleted; its proposals remain
  }
}

function makeSet(engine: SelfImprovementApi, experimentId: number, improvements: CodeImprovement[]): ChangeSet {
  return {
    kind: 'changeSet', id: `changeSet-${experimentId}`, experimentId, experimentName: experimentName(engine, experimentId),
    improvements: [...improvements].sort((a, b) => a.id - b.id),
  };
}

/** Splits improvements into change sets (2+ sharing an experimentId) and the remaining single improvements. */
export function groupChangeSets(engine: SelfImprovementApi, improvements: CodeImprovement[]): (CodeImprovement | ChangeSet)[] {
  const byExperiment = new Map<number, CodeImprovement[]>();
  for (const i of improvements) {
    if (i.experimentId !== null) byExperiment.set(i.experimentId, [...(byExperiment.get(i.experimentId) ?? []), i]);
  }
  const emitted = new Set<number>();
  const out: (CodeImprovement | ChangeSet)[] = [];
  // Keeps the caller's order: a set takes the place of its first member.
  for (const i of improvements) {
    const group = i.experimentId !== null ? byExperiment.get(i.experimentId) : undefined;
    if (!group || group.length < 2) out.push(i);
    else if (!emitted.has(i.experimentId!)) {
      emitted.add(i.experimentId!);
      out.push(makeSet(engine, i.experimentId!, group));
    }
  }
  return out;
}

/** The current change set of an experiment, read fresh from the engine (undefined when fewer than two files). */
export function changeSetOf(engine: SelfImprovementApi, experimentId: number): ChangeSet | undefined {
  const members = engine.listImprovements().filter((i) => i.experimentId === experimentId);
  return members.length >= 2 ? makeSet(engine, experimentId, members) : undefined;
}

/** Every change set the engine holds, newest experiment first. */
export function listChangeSets(engine: SelfImprovementApi): ChangeSet[] {
  return groupChangeSets(engine, engine.listImprovements()).filter(isChangeSet).sort((a, b) => b.experimentId - a.experimentId);
}
