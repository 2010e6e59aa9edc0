// Refusals that offer the next step: an error thrown by a handler with the commands that get the person
// past it. registerCommand shows the message with one button per step and runs the one chosen, so no
// empty state or refusal is a dead end.

export interface NextStep {
  title: string;
  command: string;
  args?: unknown[];
}

export class NextStepError extends Error {
  constructor(message: string, readonly steps: readonly NextStep[]) {
    super(message);
    this.name = 'NextStepError';
  }
}

export const isNextStepError = (err: unknown): err is NextStepError =>
  err instanceof Error && Array.isArray((err as { steps?: unknown }).steps);
