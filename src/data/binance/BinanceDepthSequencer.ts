import type { BinanceMarket } from './BinanceInstrument.ts';

/**
 * Binance's rules for keeping a local book from a REST snapshot plus diff-depth events:
 * - buffer diffs until the snapshot arrives;
 * - drop diffs already contained in the snapshot (spot: u <= lastUpdateId; futures: u < lastUpdateId);
 * - the first applied diff must bridge the snapshot (spot: U <= lastUpdateId+1 <= u;
 *   USD-M / COIN-M: U <= lastUpdateId <= u);
 * - every next diff continues the previous one (spot: U == prev_u + 1; futures: pu == prev_u).
 * Anything else is a gap: the book is invalid until a new snapshot (never applied silently).
 */
export const DiffAction = {
  /** No snapshot yet (or resyncing after a gap): keep the diff for when one arrives. */
  Buffer: 0,
  /** Already contained in the book: skip it. */
  Stale: 1,
  /** Continues the book: apply it. */
  Apply: 2,
  /** Continuity broken: see `lastGap`; the sequencer now awaits a new snapshot. */
  Gap: 3,
} as const;
export type DiffAction = (typeof DiffAction)[keyof typeof DiffAction];

export const SequencerState = {
  AwaitingSnapshot: 0,
  /** Snapshot applied; the next non-stale diff must bridge it. */
  AwaitingFirstDiff: 1,
  Synced: 2,
} as const;
export type SequencerState = (typeof SequencerState)[keyof typeof SequencerState];

/** Which rule a gap broke, and the sequence numbers it expected and received. */
export interface SequenceBreak {
  /** `U` (spot) or `pu` (futures) value the rule required (for a first diff: the bound it missed). */
  readonly expected: number;
  /** The value that arrived instead. */
  readonly received: number;
  readonly rule: string;
}

export class BinanceDepthSequencer {
  state: SequencerState = SequencerState.AwaitingSnapshot;
  /** `lastUpdateId` of the snapshot in use, NaN before the first. */
  snapshotUpdateId = NaN;
  /** `u` of the last applied diff (or the snapshot's lastUpdateId right after it). */
  lastAppliedUpdateId = NaN;
  /** Set when check() returns Gap. */
  lastGap: SequenceBreak | null = null;

  constructor(public market: BinanceMarket | undefined = undefined) {}

  get futures(): boolean {
    return this.market === 'usdm' || this.market === 'coinm';
  }

  onSnapshot(lastUpdateId: number): void {
    this.snapshotUpdateId = lastUpdateId;
    this.lastAppliedUpdateId = lastUpdateId;
    this.state = SequencerState.AwaitingFirstDiff;
  }

  /** Decides what to do with a diff (U, u, pu); pu is NaN on spot. Updates the state for Apply and Gap. */
  check(U: number, u: number, pu: number): DiffAction {
    if (this.market === undefined) throw new Error('BinanceDepthSequencer: market unknown (set it before the first diff)');
    const state = this.state;
    if (state === SequencerState.AwaitingSnapshot) return DiffAction.Buffer;
    const futures = this.futures;
    if (state === SequencerState.AwaitingFirstDiff) {
      const L = this.snapshotUpdateId;
      if (futures ? u < L : u <= L) return DiffAction.Stale;
      const bridges = futures ? U <= L : U <= L + 1;
      if (!bridges) {
        return this.gap(futures ? L : L + 1, U, futures ? 'first diff: U <= lastUpdateId <= u' : 'first diff: U <= lastUpdateId+1 <= u');
      }
      this.lastAppliedUpdateId = u;
      this.state = SequencerState.Synced;
      return DiffAction.Apply;
    }
    const prev = this.lastAppliedUpdateId;
    // An older or repeated diff (u <= prev) adds nothing; applying it would roll levels back.
    if (u <= prev) return DiffAction.Stale;
    if (futures) {
      if (pu !== prev) return this.gap(prev, pu, 'pu == prev_u');
    } else if (U !== prev + 1) {
      return this.gap(prev + 1, U, 'U == prev_u + 1');
    }
    this.lastAppliedUpdateId = u;
    return DiffAction.Apply;
  }

  private gap(expected: number, received: number, rule: string): DiffAction {
    this.lastGap = { expected, received, rule };
    this.state = SequencerState.AwaitingSnapshot;
    return DiffAction.Gap;
  }
}
