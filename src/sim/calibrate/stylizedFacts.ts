import { L3OrderBook } from '../../book/L3OrderBook.ts';
import { L3Replayer } from '../../book/L3Replayer.ts';
import type { EventBatch } from '../../data/EventBatch.ts';
import { EventType } from '../../data/EventType.ts';
import { forEachLobsterRow } from '../../data/lobster/forEachLobsterRow.ts';
import { forEachDayRow, type LobsterDay } from '../../data/lobster/LobsterDay.ts';
import type { StylizedFacts } from './StylizedFactSheet.ts';
import { StylizedFactsCollector } from './StylizedFactsCollector.ts';

const ADD = EventType.Add;
const REDUCE = EventType.Reduce;
const DELETE = EventType.Delete;
const EXEC_VISIBLE = EventType.ExecuteVisible;

export interface FactsOptions {
  /** Count only events at or after this time (ns since the origin); earlier ones only build the book. */
  readonly startNs?: number;
  /** Instead of startNs: count from this long after the first event. */
  readonly warmUpNs?: number;
  /** Count only events before this time. */
  readonly endNs?: number;
}

/**
 * The stylized facts of a LOBSTER day in memory. The book after each message is LOBSTER's own orderbook
 * row (what LobsterWindowedReplay reproduces exactly); only the best level of each side is read.
 */
export function stylizedFactsOfLobsterDay(day: LobsterDay, options: FactsOptions = {}): StylizedFacts {
  const collector = new StylizedFactsCollector({ tickSize: day.instrument.tickSize, startNs: options.startNs, warmUpNs: options.warmUpNs });
  const end = options.endNs ?? Infinity;
  forEachDayRow(day, (batch, i, data, base) => {
    const t = batch.exchTs[i];
    if (t < end) collector.onEvent(t, batch.type[i], batch.side[i], batch.size[i], data[base], data[base + 1], data[base + 2], data[base + 3]);
  });
  return collector.finish();
}

/** The same, streaming a LOBSTER message file and its orderbook file (constant memory). */
export async function stylizedFactsOfLobsterFiles(
  messagesPath: string,
  orderbookPath: string,
  options: FactsOptions & { readonly onProgress?: (rows: number) => void } = {},
): Promise<{ facts: StylizedFacts; tickSize: number; firstMid: number; levels: number }> {
  let collector: StylizedFactsCollector | undefined;
  let tickSize = 0;
  let firstMid = NaN;
  const end = options.endNs ?? Infinity;
  const { levels } = await forEachLobsterRow(
    messagesPath,
    orderbookPath,
    (batch, i, data, base) => {
      if (!collector) {
        tickSize = batch.instruments[batch.instrument[i]].tickSize;
        collector = new StylizedFactsCollector({ tickSize, startNs: options.startNs, warmUpNs: options.warmUpNs });
      }
      if (firstMid !== firstMid && data[base] === data[base] && data[base + 2] === data[base + 2]) firstMid = (data[base] + data[base + 2]) / 2;
      const t = batch.exchTs[i];
      if (t < end) collector.onEvent(t, batch.type[i], batch.side[i], batch.size[i], data[base], data[base + 1], data[base + 2], data[base + 3]);
    },
    { onProgress: options.onProgress },
  );
  if (!collector) throw new Error(`${messagesPath}: no messages`);
  return { facts: collector.finish(), tickSize, firstMid, levels };
}

export interface SimulatedFactsOptions extends FactsOptions {
  readonly tickSize: number;
  /**
   * Measure the day as a LOBSTER file with this many levels would show it: only events at prices within
   * the best `levels` levels of their side are counted (an add: after it rests; a cancel or execution:
   * before it). Default 10 (the level of the real day it is compared with); Infinity counts every event.
   */
  readonly levels?: number;
}

/**
 * The stylized facts of order-level events that start from an empty book (a simulated day): the events
 * are replayed into an L3 book (L3Replayer) to know the book after each one.
 */
export function stylizedFactsOfEvents(events: EventBatch, options: SimulatedFactsOptions): StylizedFacts {
  const levels = options.levels ?? 10;
  if (!(levels >= 1)) throw new RangeError(`stylizedFactsOfEvents: levels must be at least 1 (${levels})`);
  const collector = new StylizedFactsCollector({ tickSize: options.tickSize, startNs: options.startNs, warmUpNs: options.warmUpNs });
  const end = options.endNs ?? Infinity;
  const book = new L3OrderBook(1 << 14, 1 << 10);
  const replayer = new L3Replayer(book);
  const { exchTs, type, side, price, size } = events;
  for (let i = 0; i < events.length; i++) {
    const t = type[i];
    const s = side[i];
    const p = price[i];
    let shown = true;
    if (t === REDUCE || t === DELETE || t === EXEC_VISIBLE) shown = withinTopLevels(book, s, p, levels);
    replayer.apply(events, i);
    if (t === ADD) shown = withinTopLevels(book, s, p, levels);
    if (shown && exchTs[i] < end) {
      collector.onEvent(exchTs[i], t, s, size[i], book.bestAsk(), book.bestAskSize(), book.bestBid(), book.bestBidSize());
    }
  }
  if (replayer.unexplained > 0) throw new Error(`stylizedFactsOfEvents: ${replayer.unexplained} events refer to orders never added (the events must start from an empty book)`);
  return collector.finish();
}

/** True when `price` is among the best `levels` price levels on `side` of the book (or the side is shallower). */
export function withinTopLevels(book: L3OrderBook, side: number, price: number, levels: number): boolean {
  if (book.depth(side) <= levels) return true;
  const edge = book.priceAt(side, levels - 1);
  return side > 0 ? price >= edge : price <= edge;
}
