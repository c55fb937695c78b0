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
  /**
   * What it reads of the context, so the engine computes no more than its features need per event:
   * book levels per side read from ctx.bidPx/bidSz/askPx/askSz (0: only the mid and event fields), and
   * the indices into DECAY_TAUS_NS of the decay factors read from ctx.decay. Left out: all TOP_LEVELS
   * levels and every decay factor (always correct, never the cheapest). Reads past what is declared see
   * NaN; features.test.ts runs every feature alone against a reference engine that computes everything.
   */
  readonly bookLevels?: number;
  readonly decayTaus?: readonly number[];
  /** Called after each event has been applied to the book. */
  update(ctx: FeatureContext): void;
  /** Writes the current values into out[offset .. offset + columns.length). */
  write(ctx: FeatureContext, out: Float64Array, offset: number): void;
  /** Forgets all state (a new day, or a resync). */
  reset(): void;
}
