import { L2Ladder } from '../book/L2Ladder.ts';
import type { EventBatch } from '../data/EventBatch.ts';
import { EventFlag, EventType } from '../data/EventType.ts';

const ADD = EventType.Add;
const REDUCE = EventType.Reduce;
const DELETE = EventType.Delete;
const EXECUTE = EventType.ExecuteVisible;
const END_OF_MESSAGE = EventFlag.EndOfMessage;

/** How a visible order left the book. */
export const OrderEnd = { Working: 0, Deleted: 1, Filled: 2 } as const;
export type OrderEnd = (typeof OrderEnd)[keyof typeof OrderEnd];

/**
 * The life of every order visible in an event stream (every id with an Add), as columns indexed by a
 * dense order index: when and where it was added, the best quotes just before its message, when and how it
 * ended, and how much of it traded. Built from the events alone (what a venue's L3 feed shows), so it
 * applies to simulated and real days; the simulator's tests use it to check what manipulators did.
 */
export interface OrderLifecycles {
  readonly count: number;
  /** Order id → index (ids that never rested are absent). */
  readonly indexOf: ReadonlyMap<number, number>;
  readonly orderId: Float64Array;
  readonly addTime: Float64Array;
  readonly side: Int8Array;
  readonly price: Float64Array;
  readonly size: Float64Array;
  /** Best bid and ask just before the message that added it (NaN for an empty side). */
  readonly bidAtAdd: Float64Array;
  readonly askAtAdd: Float64Array;
  /** Time it left the book (NaN while still working at the end). */
  readonly endTime: Float64Array;
  readonly end: Uint8Array;
  /** Size executed against it. */
  readonly executed: Float64Array;
  /** Messages (end-of-message events) whose book was crossed or locked: 0 on a sane book. */
  readonly crossedMessages: number;
}

export function orderLifecycles(events: EventBatch): OrderLifecycles {
  const n = events.length;
  let adds = 0;
  for (let i = 0; i < n; i++) if (events.type[i] === ADD) adds++;
  const orderId = new Float64Array(adds);
  const addTime = new Float64Array(adds);
  const side = new Int8Array(adds);
  const price = new Float64Array(adds);
  const size = new Float64Array(adds);
  const bidAtAdd = new Float64Array(adds);
  const askAtAdd = new Float64Array(adds);
  const endTime = new Float64Array(adds).fill(NaN);
  const end = new Uint8Array(adds);
  const executed = new Float64Array(adds);
  const open = new Float64Array(adds);
  const indexOf = new Map<number, number>();
  const book = new L2Ladder();
  let bid = NaN;
  let ask = NaN;
  let crossed = 0;
  let k = 0;
  for (let i = 0; i < n; i++) {
    const type = events.type[i];
    const id = events.orderId[i];
    const s = events.size[i];
    if (type === ADD) {
      indexOf.set(id, k);
      orderId[k] = id;
      addTime[k] = events.exchTs[i];
      side[k] = events.side[i];
      price[k] = events.price[i];
      size[k] = s;
      open[k] = s;
      bidAtAdd[k] = bid;
      askAtAdd[k] = ask;
      k++;
      book.addToLevel(events.side[i], events.price[i], s);
    } else if (type === DELETE || type === REDUCE || type === EXECUTE) {
      book.addToLevel(events.side[i], events.price[i], -s);
      const j = indexOf.get(id);
      if (j !== undefined) {
        open[j] -= s;
        if (type === EXECUTE) executed[j] += s;
        if (open[j] <= 0) {
          endTime[j] = events.exchTs[i];
          end[j] = type === EXECUTE ? OrderEnd.Filled : OrderEnd.Deleted;
        }
      }
    }
    if (events.flags[i] & END_OF_MESSAGE) {
      bid = book.bestBid();
      ask = book.bestAsk();
      if (bid === bid && ask === ask && ask <= bid) crossed++;
    }
  }
  return { count: adds, indexOf, orderId, addTime, side, price, size, bidAtAdd, askAtAdd, endTime, end, executed, crossedMessages: crossed };
}
