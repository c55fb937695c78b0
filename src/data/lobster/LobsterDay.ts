import { concatBatches, type EventBatch } from '../EventBatch.ts';
import type { Instrument } from '../Instrument.ts';
import { forEachLobsterRow } from './forEachLobsterRow.ts';
import { lobsterOriginNs } from './lobsterOrigin.ts';

/**
 * A LOBSTER day decoded into memory: every message as one event batch, and the orderbook rows as one
 * array (4 × levels numbers per row). Backtests run over it many times (experiments, benchmarks) without
 * reading the files again, and their speed is measured without the parsing. A level-10 day of a liquid
 * stock is a few hundred MB here; the streaming readers remain for anything bigger.
 */
export interface LobsterDay {
  readonly messagesPath: string;
  readonly orderbookPath: string;
  readonly events: EventBatch;
  readonly book: Float64Array;
  readonly levels: number;
  readonly originNs: bigint;
  readonly instrument: Instrument;
}

export async function loadLobsterDay(messagesPath: string, orderbookPath: string, options: { lenient?: boolean } = {}): Promise<LobsterDay> {
  const parts: EventBatch[] = [];
  let book = new Float64Array(1 << 20);
  let used = 0;
  let levels = 0;
  await forEachLobsterRow(
    messagesPath,
    orderbookPath,
    (batch, i, data, base, lv) => {
      levels = lv;
      const w = lv * 4;
      if (used + w > book.length) {
        const bigger = new Float64Array(book.length * 2);
        bigger.set(book);
        book = bigger;
      }
      book.set(data.subarray(base, base + w), used);
      used += w;
      // Readers may reuse a batch: keep a copy of each as it completes.
      if (i === batch.length - 1) parts.push(concatBatches([batch]));
    },
    options,
  );
  const events = concatBatches(parts);
  if (events.length * levels * 4 !== used) throw new Error(`${messagesPath}: ${events.length} messages but ${used / (4 * levels)} orderbook rows were kept`);
  return { messagesPath, orderbookPath, events, book: book.slice(0, used), levels, originNs: lobsterOriginNs(messagesPath), instrument: events.instruments[0] };
}

/** Feeds every message of the day, with its orderbook row, to `visit` (the shape of forEachLobsterRow). */
export function forEachDayRow(day: LobsterDay, visit: (batch: EventBatch, i: number, data: Float64Array, base: number, levels: number) => void): void {
  const w = day.levels * 4;
  const n = day.events.length;
  for (let i = 0; i < n; i++) visit(day.events, i, day.book, i * w, day.levels);
}
