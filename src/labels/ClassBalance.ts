import { countClasses, type ClassCounts } from './DirectionLabel.ts';

export interface ClassBalance extends ClassCounts {
  readonly total: number;
  readonly labelled: number;
  /** Fractions of the labelled samples (unlabeled excluded); all 0 when nothing is labelled. */
  readonly fractions: { readonly down: number; readonly stationary: number; readonly up: number };
}

/** Class counts and fractions of a label set, as reported next to every dataset. */
export function classBalance(labels: Uint8Array): ClassBalance {
  const c = countClasses(labels);
  const labelled = c.down + c.stationary + c.up;
  const f = (x: number): number => (labelled === 0 ? 0 : x / labelled);
  return {
    ...c,
    total: labels.length,
    labelled,
    fractions: { down: f(c.down), stationary: f(c.stationary), up: f(c.up) },
  };
}
