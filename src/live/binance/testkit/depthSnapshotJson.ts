import { formatDecimalUnits } from '../../../core/decimal.ts';
import type { L2Ladder } from '../../../book/L2Ladder.ts';
import { decimalsOfScale, type BinanceInstrument } from '../../../data/binance/BinanceInstrument.ts';

/**
 * An L2 book as the body of Binance's REST depth snapshot: `{"lastUpdateId":…,("E":…,"T":…,)"bids":
 * [["price","qty"],…],"asks":[…]}`, best first, at most `limit` levels per side, decimals as the
 * instrument's scales give them (spot's 8-decimal padding is not reproduced; the decoder does not need it).
 * Futures snapshots carry `E` and `T` (message and transaction time, ms); pass them for USD-M/COIN-M.
 */
export function depthSnapshotJson(
  book: L2Ladder,
  lastUpdateId: number,
  instrument: BinanceInstrument,
  limit: number,
  times?: { eventTimeMs: number; transactionTimeMs: number },
): Buffer {
  const pd = decimalsOfScale(instrument.priceScale, 'priceScale');
  const sd = decimalsOfScale(instrument.sizeScale, 'sizeScale');
  const side = (ladder: L2Ladder['bids']): string => {
    const n = Math.min(limit, ladder.count);
    const parts: string[] = new Array<string>(n);
    for (let r = 0; r < n; r++) parts[r] = `["${formatDecimalUnits(ladder.priceAt(r), pd)}","${formatDecimalUnits(ladder.valueAt(r), sd)}"]`;
    return `[${parts.join(',')}]`;
  };
  const t = times && times.eventTimeMs === times.eventTimeMs ? `"E":${times.eventTimeMs},"T":${times.transactionTimeMs},` : '';
  return Buffer.from(`{"lastUpdateId":${lastUpdateId},${t}"bids":${side(book.bids)},"asks":${side(book.asks)}}`, 'latin1');
}
