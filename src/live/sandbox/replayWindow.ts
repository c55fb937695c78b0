import type { EventBatch } from '../../data/EventBatch.ts';

/** The part of a replayed day a run covers (exchange times in ns since the day's origin). */
export interface ReplayWindow {
  /** First message published (the ones before it are the initial book). */
  readonly firstIndex: number;
  /** Start of the warm-up (the first published message's time). */
  readonly warmupFromNs: number;
  /** Start of the measured part: messages before it go out as fast as possible (features warm up). */
  readonly fromNs: number;
  /** End of the run (exclusive). */
  readonly endNs: number;
  /** Messages in [fromNs, endNs). */
  readonly messages: number;
}

/** The busiest `windowNs` of the day: [start, start + windowNs) holding the most messages. */
export function peakWindow(events: EventBatch, windowNs: number): { startNs: number; messages: number } {
  const t = events.exchTs;
  let best = 0;
  let bestStart = events.length > 0 ? t[0] : 0;
  let j = 0;
  for (let i = 0; i < events.length; i++) {
    while (t[i] - t[j] >= windowNs) j++;
    if (i - j + 1 > best) {
      best = i - j + 1;
      bestStart = t[j];
    }
  }
  return { startNs: bestStart, messages: best };
}

/** First index with exchange time ≥ ns. */
export function indexAt(events: EventBatch, ns: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (events.exchTs[mid] < ns) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Resolves a run's window. `from`: `peak` (the busiest `durationNs` of the day), `start`, a New York
 * time `HH:MM[:SS]`, or a fraction of the day's messages in [0, 1). `warmupNs` before it is replayed
 * fast so that features are warm when the measured part starts.
 */
export function replayWindow(events: EventBatch, from: string, durationNs: number, warmupNs: number): ReplayWindow {
  if (events.length === 0) throw new RangeError('the replayed day has no messages');
  const first = events.exchTs[0];
  let fromNs: number;
  if (from === 'peak') fromNs = peakWindow(events, durationNs).startNs;
  else if (from === 'start') fromNs = first;
  else {
    const f = Number(from);
    const m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(from);
    if (m) fromNs = ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3] ?? 0)) * 1e9;
    else if (Number.isFinite(f) && f >= 0 && f < 1) fromNs = events.exchTs[Math.floor(f * events.length)];
    else throw new RangeError(`--from "${from}": expected peak, start, a New York time HH:MM[:SS] or a fraction of the day in [0, 1)`);
  }
  const warmupFromNs = Math.max(first, fromNs - warmupNs);
  const firstIndex = indexAt(events, warmupFromNs);
  const endNs = fromNs + durationNs;
  return { firstIndex, warmupFromNs: events.exchTs[Math.min(firstIndex, events.length - 1)], fromNs, endNs, messages: indexAt(events, endNs) - indexAt(events, fromNs) };
}
