import { OrderBook, Side } from 'nodejs-order-book';
import { GOOG10, measure, report, round, sharedData } from './harness.ts';
import { readLobsterMessages, readLobsterOrderbook } from '../src/data/lobster/readLobster.ts';
import { concatBatches, type EventBatch } from '../src/data/EventBatch.ts';
import { EventType } from '../src/data/EventType.ts';
import { L3OrderBook } from '../src/book/L3OrderBook.ts';
import { L3Replayer } from '../src/book/L3Replayer.ts';

/**
 * L3 replay of the GOOG level-10 day, events already decoded in memory.
 *
 * 1. Tachyon's full replay: every event of the day through L3Replayer into a book seeded from orderbook
 *    row 0 (pre-existing liquidity included): the figure for "events/s with full book maintenance".
 * 2. The same operation stream on Tachyon's L3OrderBook and on the npm peer `nodejs-order-book`
 *    (formerly hft-limit-order-book), for a like-for-like ratio. The peer only knows orders it was given,
 *    so the shared stream keeps the adds, partial cancels, executions and deletes of orders added in the
 *    file (events about orders resting before 09:30 are left out of both). A level-10 file does not
 *    show cancels that happened more than 10 levels from the touch, so a few orders in that stream
 *    outlive their real deletion; where one would cross a new order, the stream deletes it first, so
 *    that the peer (a matching engine) never matches and both books do exactly the same work.
 *    Ids are turned into the peer's string ids before timing.
 */
const OP_ADD = 0;
const OP_REDUCE = 1;
const OP_DELETE = 2;

export async function run(args: string[]): Promise<void> {
  const messages = args[0] ?? sharedData(...GOOG10.messages);
  const orderbook = args[1] ?? sharedData(...GOOG10.orderbook);
  const parts: EventBatch[] = [];
  for await (const b of readLobsterMessages(messages).batches) parts.push(b);
  const day = concatBatches(parts);
  const { blocks } = readLobsterOrderbook(orderbook);
  const first = (await blocks.next()).value;
  if (!first) throw new Error(`${orderbook} is empty`);
  const row0 = first.data.slice(0, first.levels * 4);
  const levels = first.levels;

  // --- 1. full replay -------------------------------------------------------------------------
  const book = new L3OrderBook(1 << 16, 1 << 12);
  const replayer = new L3Replayer(book);
  const full = await measure(() => {
    book.clear();
    for (let l = 0; l < levels; l++) {
      if (!Number.isNaN(row0[l * 4])) book.addAnonymous(-1, row0[l * 4], row0[l * 4 + 1]);
      if (!Number.isNaN(row0[l * 4 + 2])) book.addAnonymous(1, row0[l * 4 + 2], row0[l * 4 + 3]);
    }
    for (let i = 1; i < day.length; i++) replayer.apply(day, i);
  }, { warmup: 5, reps: 41 });

  // --- 2. shared operation stream --------------------------------------------------------------
  const known = new Map<number, number>(); // id -> remaining size
  const opKind: number[] = [];
  const opId: number[] = [];
  const opSide: number[] = [];
  const opPrice: number[] = [];
  const opSize: number[] = []; // add: size; reduce/delete: amount removed
  const opRemaining: number[] = []; // reduce: size left (what the peer's modify takes)
  const shadow = new L3OrderBook(1 << 16, 1 << 12);
  const push = (kind: number, id: number, side: number, price: number, size: number, left: number): void => {
    opKind.push(kind);
    opId.push(id);
    opSide.push(side);
    opPrice.push(price);
    opSize.push(size);
    opRemaining.push(left);
  };
  for (let i = 0; i < day.length; i++) {
    const t = day.type[i];
    const id = day.orderId[i];
    if (t === EventType.Add) {
      const side = day.side[i];
      const price = day.price[i];
      // Remove stale opposite orders that this add would cross.
      while (shadow.depth(-side) > 0 && (side > 0 ? shadow.bestAsk() <= price : shadow.bestBid() >= price)) {
        const stalePrice = shadow.priceAt(-side, 0);
        for (const staleId of shadow.queueAt(-side, stalePrice)) {
          const size = shadow.delete(staleId);
          known.delete(staleId);
          push(OP_DELETE, staleId, -side, stalePrice, size, 0);
        }
      }
    }
    let kind: number;
    let left = 0;
    if (t === EventType.Add) {
      known.set(id, day.size[i]);
      kind = OP_ADD;
    } else if ((t === EventType.Reduce || t === EventType.ExecuteVisible || t === EventType.Delete) && known.has(id)) {
      left = (known.get(id) as number) - day.size[i];
      kind = t === EventType.Delete || left <= 0 ? OP_DELETE : OP_REDUCE;
      if (kind === OP_DELETE) known.delete(id);
      else known.set(id, left);
    } else continue;
    if (kind === OP_ADD) shadow.add(id, day.side[i], day.price[i], day.size[i]);
    else if (kind === OP_REDUCE) shadow.reduce(id, day.size[i]);
    else shadow.delete(id);
    push(kind, id, day.side[i], day.price[i], day.size[i], left);
  }
  const n = opKind.length;
  const kinds = Int8Array.from(opKind);
  const ids = Float64Array.from(opId);
  const sides = Int8Array.from(opSide);
  const prices = Float64Array.from(opPrice);
  const sizes = Float64Array.from(opSize);
  const strIds = opId.map(String);
  const peerSides = opSide.map((s) => (s > 0 ? Side.BUY : Side.SELL));

  const ours = new L3OrderBook(1 << 16, 1 << 12);
  const tachyonOps = await measure(() => {
    ours.clear();
    for (let k = 0; k < n; k++) {
      const kind = kinds[k];
      if (kind === OP_ADD) ours.add(ids[k], sides[k], prices[k], sizes[k]);
      else if (kind === OP_REDUCE) ours.reduce(ids[k], sizes[k]);
      else ours.delete(ids[k]);
    }
  });
  const oursBid = ours.bestBid();
  const oursAsk = ours.bestAsk();

  let peer = new OrderBook();
  const peerOps = await measure(
    () => {
      peer = new OrderBook();
      for (let k = 0; k < n; k++) {
        const kind = kinds[k];
        if (kind === OP_ADD) peer.limit({ id: strIds[k], side: peerSides[k], size: sizes[k], price: prices[k] });
        else if (kind === OP_REDUCE) peer.modify(strIds[k], { size: opRemaining[k] });
        else peer.cancel(strIds[k]);
      }
    },
    { warmup: 2, reps: 7 },
  );
  // Same stream, same end state: the comparison is of equal work.
  const peerDepth = peer.depth() as unknown as [[number, number][], [number, number][]];
  const peerBestAsk = peerDepth[0].length ? Math.min(...peerDepth[0].map((l) => l[0])) : NaN;
  const peerBestBid = peerDepth[1].length ? Math.max(...peerDepth[1].map((l) => l[0])) : NaN;

  const tachyonOpsPerSecond = n / (tachyonOps.medianMs / 1000);
  const peerOpsPerSecond = n / (peerOps.medianMs / 1000);
  report({
    bench: 'book',
    input: 'GOOG 2012-06-21 level 10',
    events: day.length,
    eventsPerSecond: Math.round((day.length - 1) / (full.medianMs / 1000)),
    fullReplayMedianMs: round(full.medianMs, 3),
    fullReplayGcPauses: full.gcPauses,
    sharedOps: n,
    tachyonOpsPerSecond: Math.round(tachyonOpsPerSecond),
    peer: 'nodejs-order-book@10.1.1',
    peerOpsPerSecond: Math.round(peerOpsPerSecond),
    ratio: round(tachyonOpsPerSecond / peerOpsPerSecond, 2),
    sameEndState: oursBid === peerBestBid && oursAsk === peerBestAsk,
    goal: { eventsPerSecond: 10_000_000, ratio: 5 },
  });
}
