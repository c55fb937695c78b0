import type { FeatureContext } from './FeatureContext.ts';

/** One output column of a feature: its name in datasets and its unit, for humans and model cards. */
export interface FeatureColumn {
  readonly name: string;
  readonly unit: string;
}

/**
 * A streaming feature: updated after every event (O(1) or O(levels), no allocation), read whenever a
 * sample is taken. The same object runs in the dataset builder and in the live engine, so research and
 * trading compute the very same numbers.
 *
 * A feature sees only the event just applied and the book after it: nothing from the future can reach it.
 */
export interface Feature {
  /** Group name, as used in `--features` lists. */
  readonly name: string;
  readonly columns: readonly FeatureColumn[];
  /** Events needed before the values mean what they say. */
  readonly warmUpEvents: number;
  /** Exchange time needed before the values mean what they say (decaying windows: 3 time constants). */
  readonly warmUpNs: number;
  /** Called after each event has been applied to the book. */
  update(ctx: FeatureContext): void;
  /** Writes the current values into out[offset .. offset + columns.length). */
  write(ctx: FeatureContext, out: Float64Array, offset: number): void;
  /** Forgets all state (a new day, or a resync). */
  reset(): void;
}
