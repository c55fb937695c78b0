import { type MarketTape, OrderEnd } from './MarketTape.ts';

/** Replace links between order incarnations: next[k] is the order that replaced k, prev[k] the one k replaced (-1: none). */
export interface ReplaceChains {
  readonly next: Int32Array;
  readonly prev: Int32Array;
}

/**
 * Links each cancelled order to an order added on the same side within `gapNs` after its cancel (the
 * first such add not already linked): one participant moving one order, whoever it is.
 */
export function replaceChains(tape: MarketTape, gapNs: number): ReplaceChains {
  const next = new Int32Array(tape.orders).fill(-1);
  const prev = new Int32Array(tape.orders).fill(-1);
  const ts = tape.events.exchTs;
  for (let k = 0; k < tape.orders; k++) {
    if (tape.oEnd[k] !== OrderEnd.Cancelled) continue;
    const tCancel = ts[tape.oEndEv[k]];
    for (let q = tape.firstOrderFrom(tape.oEndEv[k]); q < tape.orders; q++) {
      const t = ts[tape.oAddEv[q]];
      if (t - tCancel > gapNs) break;
      if (tape.oSide[q] === tape.oSide[k] && prev[q] < 0 && q !== k) {
        next[k] = q;
        prev[q] = k;
        break;
      }
    }
  }
  return { next, prev };
}
