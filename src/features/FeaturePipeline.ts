import type { EventBatch } from '../data/EventBatch.ts';
import { EventFlag } from '../data/EventType.ts';
import type { BookView } from './BookView.ts';
import type { Feature } from './Feature.ts';
import { FeatureEngine } from './FeatureEngine.ts';
import type { Sampler } from './Sampler.ts';

/**
 * The per-event unit shared by the dataset builder and the live engine: after an event has been applied
 * to the book, update every feature; when the venue message is complete, the features are warm and the
 * sampler says so, write one row of values into `row`. Nothing here knows whether the events come from a
 * file or a socket.
 */
export class FeaturePipeline {
  readonly engine: FeatureEngine;
  readonly row: Float64Array;

  constructor(
    features: readonly Feature[],
    book: BookView,
    tickSize: number,
    priceScale: number,
    readonly sampler: Sampler,
  ) {
    this.engine = new FeatureEngine(features, book, tickSize, priceScale);
    this.row = new Float64Array(this.engine.width);
  }

  /** Returns true when a sample was taken (its values are in `row`). */
  onEvent(batch: EventBatch, i: number): boolean {
    const engine = this.engine;
    engine.onEvent(batch, i);
    // Mid-message the book is not a state the venue ever showed (Binance diffs, multi-fill orders).
    if ((batch.flags[i] & EventFlag.EndOfMessage) === 0 || !engine.warm) return false;
    if (!this.sampler.shouldSample(engine.ctx)) return false;
    engine.write(this.row);
    return true;
  }

  reset(): void {
    this.engine.reset();
    this.sampler.reset();
  }
}
