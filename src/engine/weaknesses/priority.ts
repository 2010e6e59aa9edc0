// Priority = impact × severity weight. Weights 4/3/2/1 make severity dominate ties of impact while a
// high-impact "high" (0.9 × 3 = 2.7) can still outrank a low-impact "critical" (0.5 × 4 = 2.0).
import type { Severity, WeaknessType } from '../types';

export const SEVERITY_WEIGHT: Readonly<Record<Severity, number>> = { critical: 4, high: 3, medium: 2, low: 1 };
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low'];
/** The impact a weakness of each severity has unless told otherwise (a measured gap's band; the default offered when identifying one by hand). */
export const SEVERITY_IMPACT: Readonly<Record<Severity, number>> = { critical: 0.9, high: 0.7, medium: 0.5, low: 0.3 };
export const WEAKNESS_TYPES: readonly WeaknessType[] = ['capability_gap', 'reliability', 'efficiency', 'output_quality'];

export function priorityOf(impact: number, severity: Severity): number {
  return Math.round(impact * SEVERITY_WEIGHT[severity] * 1e6) / 1e6;
}

/** A capability's free-form type becomes a weakness type when it names one; otherwise it is a capability gap. */
export function weaknessTypeFor(capabilityType: string): WeaknessType {
  return (WEAKNESS_TYPES as readonly string[]).includes(capabilityType) ? capabilityType as WeaknessType : 'capability_gap';
}
