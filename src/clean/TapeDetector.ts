import type { Detector } from './Detector.ts';
import type { MarketTape } from './MarketTape.ts';
import type { OrderFlag } from './OrderFlag.ts';

/**
 * A detector that reads the shared replay (MarketTape) instead of replaying the events itself, so that
 * runDetectors replays a day once for all of them. `detect(events)` (the Detector contract) replays the
 * events from an empty book and calls `detectTape`; on a LOBSTER day, build the tape with
 * MarketTape.fromLobsterDay so that the book is seeded from the orderbook file.
 */
export interface TapeDetector extends Detector {
  detectTape(tape: MarketTape): OrderFlag[];
}
