import { SeededRng } from '../../core/rng.ts';
import { EventBatch } from '../../data/EventBatch.ts';
import { EventFlag, EventType } from '../../data/EventType.ts';
import type { LobsterDay } from '../../data/lobster/LobsterDay.ts';
import type { GroundTruth } from '../../sim/GroundTruth.ts';
import { ManipulationKind } from '../ManipulationKind.ts';
import { MarketTape } from '../MarketTape.ts';

/**
 * Writes manipulative patterns with known order ids into a day of L3 events (a real LOBSTER day or a
 * simulated one), so that detectors can be scored where no one labelled the manipulation: the test
 * harness's stand-in for the agent-based simulator's manipulators.
 *
 * Each episode is placed against the book the day really had at that time (read from a replay of the
 * original events) and only where its resting orders stay clear of the other side for their whole life,
 * so the merged day stays a consistent book. Every order of an episode is labelled with its kind, as the
 * simulator labels every order a manipulator sends: the spoofer's and layerer's real trade on the other
 * side too. Aggressive orders that fill at once have no events of their own in L3 data, so they are not
 * written (the wash trader's taking account, the spoofer's own aggression); their fills are.
 *
 * Patterns (ticks = the instrument's tick; "median" = the day's median add size):
 * - spoof: 10–29 × median, 2–4 ticks behind its side's best; 5–50 ms later an order joins the other
 *   side's best and is executed in full 20–300 ms later; the spoof is cancelled 5–150 ms after that.
 * - layer: 3–6 orders of 2–5 × median on consecutive ticks from 1–2 ticks behind the best, 0.1–1 ms
 *   apart; an order on the other side executes as for spoof; all cancelled within ~1 ms.
 * - wash: 3–6 trades at one price strictly inside the spread, 0.5–8 s apart, alternating sides: an add of
 *   a round size (200…2 000) taken whole 0.2–5 ms later.
 * - stuff: 50–149 orders of 100 at 0–2 ticks behind the best within 5–10 ms, each cancelled 20–600 µs
 *   after it was added.
 * - bad data (one finding per episode, in turn): a zero-size trade, a trade stamped 200 ms before the event it follows,
 *   a trade print 3 % off the last price just before the next real print, a bid added through the ask
 *   and deleted 0.5 ms later (a crossed book).
 * Momentum ignition is not injected: it needs the real flow to react, which a recorded day cannot.
 */
export interface InjectionPlan {
  readonly seed: number;
  readonly spoof?: number;
  readonly layer?: number;
  readonly wash?: number;
  readonly stuff?: number;
  readonly badData?: number;
}

export interface InjectedDay {
  /** The merged events (original and injected, in time order; injected seqs follow the original maximum). */
  readonly events: EventBatch;
  /** The merged LOBSTER day (orderbook rows include the injected orders), when the input was one. */
  readonly day?: LobsterDay;
  /** Injected orders with their kinds (every other order id is honest). */
  readonly truth: GroundTruth;
  /** Episodes injected per kind. */
  readonly episodes: Partial<Record<ManipulationKind, number>>;
}

interface Injected {
  /** Exchange time written. */
  t: number;
  /** Time that decides its place in the stream (differs from t only for the out-of-order finding). */
  at: number;
  type: number;
  side: number;
  price: number;
  size: number;
  id: number;
}

interface Episode {
  events: Injected[];
  labels: { id: number; kind: ManipulationKind }[];
}

/** Injects into a LOBSTER day; the merged day's orderbook rows are the real rows with the injected orders added. */
export function injectIntoLobsterDay(day: LobsterDay, plan: InjectionPlan): InjectedDay {
  const ref = MarketTape.fromLobsterDay(day);
  const r = inject(day.events, ref, plan);
  return { ...r, day: mergeRows(day, r.events, r.baseIndex) };
}

/** Injects into events that start from an empty book (a simulated day). */
export function injectIntoEvents(events: EventBatch, plan: InjectionPlan): InjectedDay {
  const ref = MarketTape.fromEvents(events);
  const r = inject(events, ref, plan);
  return { events: r.events, truth: r.truth, episodes: r.episodes };
}

function inject(base: EventBatch, ref: MarketTape, plan: InjectionPlan): InjectedDay & { baseIndex: Int32Array } {
  const rng = new SeededRng(plan.seed);
  let nextId = 1;
  for (let i = 0; i < base.length; i++) if (base.orderId[i] >= nextId) nextId = base.orderId[i] + 1;
  nextId = Math.max(nextId, 1e9); // far from the day's own ids
  const newId = () => nextId++;
  const kinds: ManipulationKind[] = [];
  const push = (k: ManipulationKind, n = 0) => {
    for (let j = 0; j < n; j++) kinds.push(k);
  };
  push(ManipulationKind.Spoof, plan.spoof);
  push(ManipulationKind.Layer, plan.layer);
  push(ManipulationKind.Wash, plan.wash);
  push(ManipulationKind.Stuff, plan.stuff);
  push(ManipulationKind.BadData, plan.badData);
  // Shuffle so kinds spread over the day.
  for (let j = kinds.length - 1; j > 0; j--) {
    const m = rng.nextInt(j + 1);
    [kinds[j], kinds[m]] = [kinds[m], kinds[j]];
  }
  const ts = base.exchTs;
  const t0 = ts[0];
  const t1 = ts[base.length - 1];
  const from = t0 + 0.02 * (t1 - t0);
  const slot = (0.96 * (t1 - t0)) / Math.max(kinds.length, 1);
  const g = new Generators(ref, rng, newId);
  const injected: Injected[] = [];
  const labels: { id: number; kind: ManipulationKind }[] = [];
  const episodes: Partial<Record<ManipulationKind, number>> = {};
  let badCycle = 0;
  for (let e = 0; e < kinds.length; e++) {
    const kind = kinds[e];
    let placed: Episode | null = null;
    for (let attempt = 0; attempt < 40 && !placed; attempt++) {
      const t = Math.round(from + e * slot + attempt * Math.min(slot / 40, 5e9) + rng.nextFloat() * 1e6);
      placed = g.episode(kind, t, badCycle);
    }
    if (!placed) continue;
    if (kind === ManipulationKind.BadData) badCycle++;
    injected.push(...placed.events);
    labels.push(...placed.labels);
    episodes[kind] = (episodes[kind] ?? 0) + 1;
  }
  injected.sort((a, b) => a.at - b.at);
  // Merge: an injected event goes after every original event at or before its place in time.
  const n = base.length + injected.length;
  const out = new EventBatch(n, base.originNs, base.instruments);
  const baseIndex = new Int32Array(n);
  let seq = 0;
  for (let i = 0; i < base.length; i++) if (base.seq[i] > seq) seq = base.seq[i];
  let j = 0;
  for (let i = 0; i <= base.length; i++) {
    while (j < injected.length && (i === base.length || injected[j].at < ts[i])) {
      const x = injected[j++];
      baseIndex[out.length] = i - 1;
      out.push(x.t, x.t, x.type, x.side, x.price, x.size, x.id, ++seq, EventFlag.EndOfMessage, 0);
    }
    if (i < base.length) {
      baseIndex[out.length] = i;
      out.pushRow(base, i);
    }
  }
  const truth: GroundTruth = {
    orderId: Float64Array.from(labels.map((l) => l.id)),
    agentId: Int32Array.from(labels.map(() => -1)),
    agentType: labels.map((l) => `injected-${l.kind}`),
    kind: labels.map((l) => l.kind),
  };
  return { events: out, truth, episodes, baseIndex };
}

class Generators {
  private readonly tick: number;
  private readonly lot: number;

  constructor(
    private readonly ref: MarketTape,
    private readonly rng: SeededRng,
    private readonly newId: () => number,
  ) {
    this.tick = ref.tick;
    this.lot = Math.max(1, ref.medianAddSize);
  }

  episode(kind: ManipulationKind, t: number, badCycle: number): Episode | null {
    switch (kind) {
      case ManipulationKind.Spoof:
        return this.spoof(t);
      case ManipulationKind.Layer:
        return this.layer(t);
      case ManipulationKind.Wash:
        return this.wash(t);
      case ManipulationKind.Stuff:
        return this.stuff(t);
      case ManipulationKind.BadData:
        return this.badData(t, badCycle % 4);
      default:
        return null;
    }
  }

  /** Last event before time t (−1 when none). */
  private before(t: number): number {
    return this.ref.firstAtOrAfter(t) - 1;
  }

  private book(t: number): { bid: number; ask: number } | null {
    const i = this.before(t);
    if (i < 0) return null;
    const bid = this.ref.bid[i];
    const ask = this.ref.ask[i];
    return bid > 0 && ask > 0 && ask > bid ? { bid, ask } : null;
  }

  /** True when a resting order at `price` on `side` never meets or crosses the other side during [a, b]. */
  private clear(side: number, price: number, a: number, b: number): boolean {
    const from = Math.max(0, this.before(a));
    const to = this.ref.firstAtOrAfter(b);
    for (let i = from; i < to && i < this.ref.n; i++) {
      if (side > 0 ? !(price < this.ref.ask[i]) : !(price > this.ref.bid[i])) return false;
    }
    return true;
  }

  private uniform(lo: number, hi: number): number {
    return lo + this.rng.nextFloat() * (hi - lo);
  }

  private lots(multiple: number): number {
    return Math.max(100, Math.round((multiple * this.lot) / 100) * 100);
  }

  private side(): number {
    return this.rng.nextFloat() < 0.5 ? 1 : -1;
  }

  /** The real trade on the other side: an order joining the other best, executed in full later. */
  private companion(side: number, addT: number, execT: number): Injected[] | null {
    const b = this.book(addT);
    if (!b) return null;
    const price = side > 0 ? b.bid : b.ask;
    if (!this.clear(side, price, addT, execT)) return null;
    const id = this.newId();
    const size = this.lots(this.uniform(1, 3));
    return [
      { t: addT, at: addT, type: EventType.Add, side, price, size, id },
      { t: execT, at: execT, type: EventType.ExecuteVisible, side, price, size, id },
    ];
  }

  private spoof(t: number): Episode | null {
    const b = this.book(t);
    if (!b) return null;
    const s = this.side();
    const d = 2 + this.rng.nextInt(3);
    const price = (s > 0 ? b.bid : b.ask) - s * d * this.tick;
    const size = this.lots(10 + this.rng.nextInt(20));
    const compAdd = t + this.uniform(5e6, 50e6);
    const exec = compAdd + this.uniform(20e6, 300e6);
    const cancel = Math.round(exec + this.uniform(5e6, 150e6));
    if (!this.clear(s, price, t, cancel)) return null;
    const comp = this.companion(-s, Math.round(compAdd), Math.round(exec));
    if (!comp) return null;
    const id = this.newId();
    return {
      events: [{ t, at: t, type: EventType.Add, side: s, price, size, id }, ...comp, { t: cancel, at: cancel, type: EventType.Delete, side: s, price, size, id }],
      labels: [
        { id, kind: ManipulationKind.Spoof },
        { id: comp[0].id, kind: ManipulationKind.Spoof },
      ],
    };
  }

  private layer(t: number): Episode | null {
    const b = this.book(t);
    if (!b) return null;
    const s = this.side();
    const levels = 3 + this.rng.nextInt(4);
    const d0 = 1 + this.rng.nextInt(2);
    const own = s > 0 ? b.bid : b.ask;
    const events: Injected[] = [];
    const labels: Episode['labels'] = [];
    let at = t;
    const ids: number[] = [];
    for (let j = 0; j < levels; j++) {
      const id = this.newId();
      ids.push(id);
      events.push({ t: Math.round(at), at: Math.round(at), type: EventType.Add, side: s, price: own - s * (d0 + j) * this.tick, size: this.lots(this.uniform(2, 5)), id });
      labels.push({ id, kind: ManipulationKind.Layer });
      at += this.uniform(0.1e6, 1e6);
    }
    const compAdd = at + this.uniform(5e6, 50e6);
    const exec = compAdd + this.uniform(20e6, 300e6);
    let cancel = exec + this.uniform(5e6, 150e6);
    if (!this.clear(s, events[0].price, t, cancel + 2e6)) return null;
    const comp = this.companion(-s, Math.round(compAdd), Math.round(exec));
    if (!comp) return null;
    events.push(...comp);
    labels.push({ id: comp[0].id, kind: ManipulationKind.Layer });
    for (let j = 0; j < levels; j++) {
      const c = Math.round(cancel);
      events.push({ t: c, at: c, type: EventType.Delete, side: s, price: events[j].price, size: events[j].size, id: ids[j] });
      cancel += this.uniform(20e3, 300e3);
    }
    return { events, labels };
  }

  private wash(t: number): Episode | null {
    const b = this.book(t);
    if (!b) return null;
    const gap = Math.round((b.ask - b.bid) / this.tick);
    if (gap < 2) return null;
    const price = b.bid + Math.floor(gap / 2) * this.tick;
    const sizes = [200, 500, 1000, 1000, 2000];
    const size = sizes[this.rng.nextInt(sizes.length)];
    const trades = 3 + this.rng.nextInt(4);
    let side = this.side();
    const events: Injected[] = [];
    const labels: Episode['labels'] = [];
    let at = t;
    for (let j = 0; j < trades; j++) {
      const add = Math.round(at);
      const exec = Math.round(add + this.uniform(0.2e6, 5e6));
      const here = this.book(add);
      if (!here || !(here.bid < price && price < here.ask) || !this.clear(side, price, add, exec)) break;
      const id = this.newId();
      events.push({ t: add, at: add, type: EventType.Add, side, price, size, id });
      events.push({ t: exec, at: exec, type: EventType.ExecuteVisible, side, price, size, id });
      labels.push({ id, kind: ManipulationKind.Wash });
      // The taking account's order fills at once: no events of its own, but it is a wash order.
      labels.push({ id: this.newId(), kind: ManipulationKind.Wash });
      side = -side;
      at = exec + this.uniform(0.5e9, 8e9);
    }
    return labels.length >= 4 ? { events, labels } : null;
  }

  private stuff(t: number): Episode | null {
    const b = this.book(t);
    if (!b) return null;
    const count = 50 + this.rng.nextInt(100);
    const span = this.uniform(5e6, 10e6);
    const events: Injected[] = [];
    const labels: Episode['labels'] = [];
    for (let j = 0; j < count; j++) {
      const s = this.side();
      const price = (s > 0 ? b.bid : b.ask) - s * this.rng.nextInt(3) * this.tick;
      const add = Math.round(t + (span * j) / count);
      const del = Math.round(add + this.uniform(20e3, 600e3));
      if (!this.clear(s, price, add, del)) return null;
      const id = this.newId();
      events.push({ t: add, at: add, type: EventType.Add, side: s, price, size: 100, id });
      events.push({ t: del, at: del, type: EventType.Delete, side: s, price, size: 100, id });
      labels.push({ id, kind: ManipulationKind.Stuff });
    }
    return { events, labels };
  }

  private badData(t: number, which: number): Episode | null {
    const b = this.book(t);
    if (!b) return null;
    const id = this.newId();
    const label = [{ id, kind: ManipulationKind.BadData }];
    const ev = this.ref.events;
    switch (which) {
      case 0: // a trade of size 0
        return { events: [{ t, at: t, type: EventType.ExecuteHidden, side: 1, price: b.bid, size: 0, id }], labels: label };
      case 1: {
        // A trade stamped 200 ms before the event it follows.
        const prev = this.before(t);
        const stamped = Math.round(ev.exchTs[prev] - 200e6);
        return { events: [{ t: stamped, at: t, type: EventType.ExecuteHidden, side: 1, price: b.bid, size: 100, id }], labels: label };
      }
      case 2: {
        // A print 3 % off, just before the next real print (which is back where prints were).
        let next = this.ref.firstAtOrAfter(t);
        while (next < this.ref.n && ev.type[next] !== EventType.ExecuteVisible && ev.type[next] !== EventType.ExecuteHidden) next++;
        if (next >= this.ref.n || ev.exchTs[next] - t > 5e9) return null;
        const at = ev.exchTs[next] - 1;
        const price = Math.round((ev.price[next] * 1.03) / this.tick) * this.tick;
        return { events: [{ t: at, at, type: EventType.ExecuteHidden, side: -1, price, size: 100, id }], labels: label };
      }
      default: {
        // A bid through the ask, deleted 0.5 ms later: a crossed book at the end of a message.
        const price = b.ask + this.tick;
        const del = t + 500e3;
        return {
          events: [
            { t, at: t, type: EventType.Add, side: 1, price, size: 100, id },
            { t: del, at: del, type: EventType.Delete, side: 1, price, size: 100, id },
          ],
          labels: label,
        };
      }
    }
  }
}

/**
 * Orderbook rows of the merged day: after each merged event, the real row of the last original event at
 * or before it, with the injected orders resting at that moment added to their levels (top `levels`
 * kept). What an injected level pushes out of the window is dropped, as LOBSTER would.
 */
function mergeRows(day: LobsterDay, events: EventBatch, baseIndex: Int32Array): LobsterDay {
  const L = day.levels;
  const w = L * 4;
  const rows = new Float64Array(events.length * w);
  const injected = [new Map<number, number>(), new Map<number, number>()]; // [bids, asks]: price → size
  const live = new Map<number, { side: number; price: number; size: number }>();
  const baseIds = new Set<number>();
  for (let i = 0; i < day.events.length; i++) baseIds.add(day.events.orderId[i]);
  const firstInjectedId = 1e9;
  for (let m = 0; m < events.length; m++) {
    const id = events.orderId[m];
    if (id >= firstInjectedId && !baseIds.has(id)) applyInjected(events, m, live, injected);
    const bi = baseIndex[m];
    const base = bi >= 0 ? bi * w : -1;
    writeMergedRow(day.book, base, L, injected, rows, m * w);
  }
  return { ...day, messagesPath: `${day.messagesPath} (injected)`, events, book: rows };
}

function applyInjected(ev: EventBatch, m: number, live: Map<number, { side: number; price: number; size: number }>, injected: Map<number, number>[]): void {
  const id = ev.orderId[m];
  const type = ev.type[m];
  const change = (side: number, price: number, delta: number) => {
    const map = injected[side > 0 ? 0 : 1];
    const v = (map.get(price) ?? 0) + delta;
    if (v > 0) map.set(price, v);
    else map.delete(price);
  };
  if (type === EventType.Add) {
    live.set(id, { side: ev.side[m], price: ev.price[m], size: ev.size[m] });
    change(ev.side[m], ev.price[m], ev.size[m]);
    return;
  }
  const o = live.get(id);
  if (!o) return;
  if (type === EventType.Delete || type === EventType.Reduce || type === EventType.ExecuteVisible) {
    const take = type === EventType.Delete ? o.size : Math.min(o.size, ev.size[m]);
    o.size -= take;
    change(o.side, o.price, -take);
    if (o.size <= 0) live.delete(id);
  }
}

function writeMergedRow(book: Float64Array, base: number, L: number, injected: Map<number, number>[], out: Float64Array, at: number): void {
  for (const [k, sideSign] of [
    [0, -1],
    [2, 1],
  ] as const) {
    const levels = new Map<number, number>();
    if (base >= 0) {
      for (let l = 0; l < L; l++) {
        const p = book[base + l * 4 + k];
        if (!Number.isNaN(p)) levels.set(p, book[base + l * 4 + k + 1]);
      }
    }
    for (const [p, s] of injected[sideSign > 0 ? 0 : 1]) levels.set(p, (levels.get(p) ?? 0) + s);
    const prices = [...levels.keys()].sort((a, b) => (sideSign > 0 ? b - a : a - b));
    for (let l = 0; l < L; l++) {
      out[at + l * 4 + k] = l < prices.length ? prices[l] : NaN;
      out[at + l * 4 + k + 1] = l < prices.length ? (levels.get(prices[l]) ?? 0) : 0;
    }
  }
}
