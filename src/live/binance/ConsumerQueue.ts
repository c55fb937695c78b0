import { EventBatch } from '../../data/EventBatch.ts';
import { EventFlag, EventType, Side } from '../../data/EventType.ts';
import type { Instrument } from '../../data/Instrument.ts';

/**
 * The bounded queue between a gateway and its consumer. The gateway decodes and keeps its book on the
 * socket's turn, whatever the consumer does; events go to the consumer through this queue.
 *
 * - A consumer that returns nothing (synchronous) gets each message's events at once: the queue never
 *   holds more than one message.
 * - A consumer that returns a promise is busy until it settles; events meanwhile accumulate here and are
 *   delivered as one batch when it settles (double-buffered: the batch it holds is not written to).
 * - **Overflow policy: drop and resync, never grow.** When more than `maxEvents` events wait, they are
 *   all discarded (counted), a Gap is queued in their place, and everything arriving while the consumer
 *   is still busy is discarded too (counted). When the consumer settles, `recover` writes a snapshot of
 *   the gateway's current book behind the Gap, so the consumer's book is rebuilt without a REST request
 *   (the gateway's own book never lost a message). Trades and quotes of the shed stretch are lost, which
 *   the counters and `onOverflow` report. Memory is bounded by `maxEvents` plus one message's events.
 *
 * Batches are valid during the consumer call (and, for an async consumer, until its promise settles);
 * a consumer that keeps events copies them (EventBatch.pushRow).
 */
export type EventConsumer = (batch: EventBatch) => void | PromiseLike<void>;

export interface OverflowReport {
  /** Overflows so far, this one included. */
  readonly overflows: number;
  /** Events discarded by this overflow (those queued). */
  readonly discarded: number;
  /** Local time (ns from origin) of the overflow. */
  readonly localTs: number;
}

export interface ConsumerQueueStats {
  /** Batches handed to the consumer. */
  batches: number;
  /** Events handed to the consumer. */
  events: number;
  /** Times the queue exceeded maxEvents. */
  overflows: number;
  /** Events discarded by overflows, and while shedding after one. */
  droppedEvents: number;
  /** Most events ever waiting at once (the memory bound actually reached). */
  highWater: number;
  /** Consumer calls that threw or rejected. */
  consumerErrors: number;
}

export interface ConsumerQueueOptions {
  originNs: bigint;
  instruments: readonly Instrument[];
  /** Events allowed to wait for a busy consumer before the overflow policy applies. Default 65536. */
  maxEvents?: number;
  onOverflow?: (report: OverflowReport) => void;
  /** Consumer exceptions and rejections. Without it they are rethrown on a fresh turn (uncaught). */
  onError?: (error: unknown) => void;
}

export class ConsumerQueue {
  readonly stats: ConsumerQueueStats = { batches: 0, events: 0, overflows: 0, droppedEvents: 0, highWater: 0, consumerErrors: 0 };
  readonly maxEvents: number;
  /**
   * Writes the gateway's book into the batch after a shed stretch (returns false when it has no valid
   * book: the consumer then waits for the gateway's next snapshot). Set by the gateway.
   */
  recover: (out: EventBatch) => boolean = () => false;
  /** Local time source for the Gap written on overflow. Set by the gateway. */
  nowNs: () => number = () => NaN;

  private pending: EventBatch;
  private spare: EventBatch;
  /** Receives events while shedding; cleared after every message. */
  private readonly sink: EventBatch;
  private busy = false;
  private shedding = false;
  private readonly settled: () => void;
  private readonly failed: (e: unknown) => void;

  constructor(
    private readonly consumer: EventConsumer,
    private readonly options: ConsumerQueueOptions,
  ) {
    this.maxEvents = Math.max(1, options.maxEvents ?? 65536);
    const initial = Math.min(this.maxEvents, 4096) + 64;
    this.pending = new EventBatch(initial, options.originNs, options.instruments);
    this.spare = new EventBatch(initial, options.originNs, options.instruments);
    this.sink = new EventBatch(256, options.originNs, options.instruments);
    this.settled = () => this.onSettled();
    this.failed = (e: unknown) => {
      this.reportError(e);
      this.onSettled();
    };
  }

  /** Whether the consumer is still working on a batch (async consumers only). */
  get consumerBusy(): boolean {
    return this.busy;
  }

  /** Whether events are being discarded until the consumer settles (after an overflow). */
  get isShedding(): boolean {
    return this.shedding;
  }

  /** Events waiting for the consumer. */
  get depth(): number {
    return this.pending.length;
  }

  /** The batch to append one message's events to; then call commit(). */
  input(): EventBatch {
    return this.shedding ? this.sink : this.pending;
  }

  /** After a message's events were appended to input(): enforce the bound, deliver if the consumer is free. */
  commit(): void {
    if (this.shedding) {
      this.stats.droppedEvents += this.sink.length;
      this.sink.clear();
      return;
    }
    const n = this.pending.length;
    if (n === 0) return;
    if (n > this.stats.highWater) this.stats.highWater = n;
    if (!this.busy) {
      this.deliver();
      return;
    }
    if (n > this.maxEvents) this.overflow(n);
  }

  private overflow(n: number): void {
    this.stats.overflows++;
    this.stats.droppedEvents += n;
    this.pending.clear();
    const now = this.nowNs();
    this.pending.push(NaN, now, EventType.Gap, Side.None, 0, 0, -1, -1, EventFlag.EndOfMessage);
    this.shedding = true;
    this.options.onOverflow?.({ overflows: this.stats.overflows, discarded: n, localTs: now });
  }

  private deliver(): void {
    const batch = this.pending;
    this.pending = this.spare;
    this.spare = batch;
    this.busy = true;
    this.stats.batches++;
    this.stats.events += batch.length;
    let result: void | PromiseLike<void>;
    try {
      result = this.consumer(batch);
    } catch (e) {
      this.reportError(e);
      this.onSettled();
      return;
    }
    if (result !== undefined && result !== null && typeof (result as PromiseLike<void>).then === 'function') {
      (result as PromiseLike<void>).then(this.settled, this.failed);
    } else {
      this.onSettled();
    }
  }

  private onSettled(): void {
    this.spare.clear();
    this.busy = false;
    if (this.shedding) {
      this.shedding = false;
      this.recover(this.pending);
    }
    if (this.pending.length > 0) this.deliver();
  }

  private reportError(e: unknown): void {
    this.stats.consumerErrors++;
    const onError = this.options.onError;
    if (onError) onError(e);
    else
      setImmediate(() => {
        throw e;
      });
  }
}
