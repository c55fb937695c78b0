import { EventType } from '../data/EventType.ts';
import type { MarketTape } from './MarketTape.ts';

export interface CompanionOptions {
  /** The genuine order is placed at most this long after the fake order(s). */
  readonly placedWithinNs: number;
  /** An executed genuine order may have been placed at most this long before the fake order(s). */
  readonly leadNs: number;
}

/** How a companion was recognised (for reasons and scores). */
export type CompanionHow = 'placed' | 'executed';

/**
 * The genuine trade behind a spoof or a ladder: one order on the *other* side, whoever sent it.
 * 1. *placed*: the first other-side order added within `placedWithinNs` after the fake order(s) went in
 *    (event `addEv`) that joined or improved its side's best (the manipulator's order to be filled by the
 *    flow the deception attracts);
 * 2. otherwise *executed*: the order whose execution was the last one on the other side while the fake
 *    orders rested (events (addEv, endEv]), if it had been added at most `leadNs` before them (the
 *    manipulator pulls the fakes as soon as its order fills).
 * Returns the order incarnation and how it was found, or null.
 */
export function findCompanion(tape: MarketTape, otherSide: number, addEv: number, endEv: number, o: CompanionOptions): { order: number; how: CompanionHow } | null {
  const ev = tape.events;
  const t0 = ev.exchTs[addEv];
  for (let q = tape.firstOrderFrom(addEv + 1); q < tape.orders; q++) {
    const a = tape.oAddEv[q];
    if (a > endEv || ev.exchTs[a] - t0 > o.placedWithinNs) break;
    if (tape.oSide[q] === otherSide && tape.oDistTicks[q] <= 0) return { order: q, how: 'placed' };
  }
  const earliest = t0 - o.leadNs;
  for (let i = endEv; i > addEv; i--) {
    if (ev.type[i] !== EventType.ExecuteVisible || ev.side[i] !== otherSide) continue;
    const q = tape.eventOrder[i];
    return q >= 0 && ev.exchTs[tape.oAddEv[q]] >= earliest ? { order: q, how: 'executed' } : null;
  }
  return null;
}
