import { describe, expect, it } from 'vitest';
import { L3OrderBook } from '../book/L3OrderBook.ts';
import { L3Replayer } from '../book/L3Replayer.ts';
import { ManipulationKind } from '../clean/ManipulationKind.ts';
import { NS_PER_MS, NS_PER_SECOND, newYorkMidnightNs } from '../core/time.ts';
import type { EventBatch } from '../data/EventBatch.ts';
import { EventType } from '../data/EventType.ts';
import { OrderRole } from './OrderRole.ts';
import { AgentType } from './agents/AgentType.ts';
import { OrderEnd, orderLifecycles, type OrderLifecycles } from './orderLifecycles.ts';
import { CLOSE_SNAPSHOT_LEVELS, SIMULATED_MANIPULATIONS, simulateMarket, type SimulatedMarket } from './simulateMarket.ts';

const HOUR = 3600 * NS_PER_SECOND;
const TICK = 100;

function columns(b: EventBatch): Buffer[] {
  const cols = [b.exchTs, b.localTs, b.type, b.side, b.flags, b.instrument, b.price, b.size, b.orderId, b.seq];
  return cols.map((c) => Buffer.from(c.buffer, c.byteOffset, b.length * c.BYTES_PER_ELEMENT));
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Ground-truth row of each order id. */
function rowsById(day: SimulatedMarket): Map<number, number> {
  const m = new Map<number, number>();
  day.groundTruth.orderId.forEach((id, i) => m.set(id, i));
  return m;
}

/** Lifecycle indices of the visible orders with this kind and role. */
function visibleOrders(day: SimulatedMarket, lc: OrderLifecycles, kind: ManipulationKind, role: number): number[] {
  const rows = rowsById(day);
  const out: number[] = [];
  for (let j = 0; j < lc.count; j++) {
    const r = rows.get(lc.orderId[j]) as number;
    if (day.groundTruth.kind[r] === kind && day.role[r] === role) out.push(j);
  }
  return out;
}

/** Splits time-ordered lifecycle indices into groups separated by more than `gapNs`. */
function episodes(lc: OrderLifecycles, idx: number[], gapNs: number): number[][] {
  const sorted = [...idx].sort((a, b) => lc.addTime[a] - lc.addTime[b]);
  const out: number[][] = [];
  let last = -Infinity;
  for (const j of sorted) {
    if (lc.addTime[j] - last > gapNs) out.push([]);
    out[out.length - 1].push(j);
    last = lc.addTime[j];
  }
  return out;
}

/** Ticks between an order's price and its side's best quote when it was added (≥ 0: behind the touch). */
function ticksBehindTouch(lc: OrderLifecycles, j: number): number {
  return lc.side[j] > 0 ? (lc.bidAtAdd[j] - lc.price[j]) / TICK : (lc.price[j] - lc.askAtAdd[j]) / TICK;
}

describe('simulateMarket: an agent-based day with manipulators', () => {
  const t0 = performance.now();
  const day = simulateMarket({ seed: 42, durationNs: HOUR, manipulators: SIMULATED_MANIPULATIONS });
  const hourSeconds = (performance.now() - t0) / 1000;
  const lc = orderLifecycles(day.events);

  it('is deterministic: same seed → byte-identical events and ground truth; another seed differs', () => {
    const again = simulateMarket({ seed: 42, durationNs: HOUR, manipulators: SIMULATED_MANIPULATIONS });
    expect(again.events.length).toBe(day.events.length);
    const a = columns(day.events);
    const b = columns(again.events);
    for (let i = 0; i < a.length; i++) expect(a[i].equals(b[i])).toBe(true);
    expect(Buffer.from(again.groundTruth.orderId.buffer).equals(Buffer.from(day.groundTruth.orderId.buffer))).toBe(true);
    expect(Buffer.from(again.groundTruth.agentId.buffer).equals(Buffer.from(day.groundTruth.agentId.buffer))).toBe(true);
    expect(again.groundTruth.kind).toEqual(day.groundTruth.kind);
    expect(Buffer.from(again.role.buffer).equals(Buffer.from(day.role.buffer))).toBe(true);
    const other = simulateMarket({ seed: 43, durationNs: HOUR, manipulators: SIMULATED_MANIPULATIONS });
    const c = columns(other.events);
    expect(c[0].equals(a[0]) && c[6].equals(a[6])).toBe(false);
  });

  it('simulates a 1 h day well within a time bound, a few hundred thousand events per 6.5 h', () => {
    // Typically 0.2–0.4 s on a 2-core machine (JIT warm-up included); the bound leaves room for a loaded CI.
    expect(hourSeconds).toBeLessThan(10);
    const perHour = day.events.length;
    expect(perHour * 6.5).toBeGreaterThan(150_000);
    expect(perHour * 6.5).toBeLessThan(700_000);
  });

  it('gives every order in the events a ground-truth entry, and marks exactly those as visible', () => {
    const rows = rowsById(day);
    const e = day.events;
    let missing = 0;
    const seen = new Set<number>();
    for (let i = 0; i < e.length; i++) {
      if (!rows.has(e.orderId[i])) missing++;
      seen.add(e.orderId[i]);
    }
    expect(missing).toBe(0);
    const gt = day.groundTruth;
    expect(gt.agentId.length).toBe(gt.orderId.length);
    expect(gt.agentType.length).toBe(gt.orderId.length);
    expect(gt.kind.length).toBe(gt.orderId.length);
    let visibleMismatch = 0;
    for (let r = 0; r < gt.orderId.length; r++) if ((day.visible[r] === 1) !== seen.has(gt.orderId[r])) visibleMismatch++;
    expect(visibleMismatch).toBe(0);
    // Ids are 1, 2, 3, … in decision order: increasing rows.
    for (let r = 1; r < gt.orderId.length; r++) expect(gt.orderId[r]).toBeGreaterThan(gt.orderId[r - 1]);
    // Labels agree with the agents: a kind only on manipulators' orders, each agent one type and kind.
    const agentOf = new Map(day.agents.map((a) => [a.id, a]));
    let inconsistent = 0;
    for (let r = 0; r < gt.orderId.length; r++) {
      const a = agentOf.get(gt.agentId[r]);
      if (!a || a.type !== gt.agentType[r] || a.kind !== gt.kind[r]) inconsistent++;
      if ((gt.kind[r] === null) !== (day.role[r] === OrderRole.Honest)) inconsistent++;
    }
    expect(inconsistent).toBe(0);
    expect(day.orders).toBe(gt.orderId.length);
  });

  it('keeps a sane book: LOBSTER-like events in time order, never crossed at the end of a message, replayable exactly', () => {
    const e = day.events;
    expect(e.originNs).toBe(newYorkMidnightNs('2012-06-21'));
    expect(e.instruments[0].priceScale).toBe(10_000);
    const bad: string[] = [];
    let executions = 0;
    for (let i = 0; i < e.length && bad.length < 10; i++) {
      const t = e.type[i];
      if (t !== EventType.Add && t !== EventType.Delete && t !== EventType.ExecuteVisible && t !== EventType.Reduce) bad.push(`type ${t} at ${i}`);
      if (t === EventType.ExecuteVisible) executions++;
      if (e.price[i] % TICK !== 0 || e.price[i] <= 0) bad.push(`price ${e.price[i]} at ${i}`);
      if (!(e.size[i] > 0) || !Number.isInteger(e.size[i])) bad.push(`size ${e.size[i]} at ${i}`);
      if (i > 0 && e.exchTs[i] < e.exchTs[i - 1]) bad.push(`time goes back at ${i}`);
      if (e.exchTs[i] < day.openNs || e.exchTs[i] > day.closeNs) bad.push(`outside the session at ${i}`);
      if (e.seq[i] !== i + 1) bad.push(`seq ${e.seq[i]} at ${i}`);
    }
    expect(bad).toEqual([]);
    expect(executions).toBe(day.trades);
    expect(lc.crossedMessages).toBe(0);
    // The L3 book rebuilt from the events alone ends equal to the engine's book.
    const book = new L3OrderBook(1 << 14, 1 << 10);
    const replayer = new L3Replayer(book);
    replayer.applyBatch(e);
    expect(replayer.unexplained).toBe(0);
    const snap = new Float64Array(CLOSE_SNAPSHOT_LEVELS * 4);
    book.snapshot(CLOSE_SNAPSHOT_LEVELS, snap);
    expect(Array.from(snap)).toEqual(Array.from(day.closeSnapshot));
    expect(day.closeBestBid).toBeLessThan(day.closeBestAsk);
  });

  it('looks roughly like a liquid NASDAQ stock: ~$580, spreads of cents to tens of cents, NASDAQ-like sizes, price follows the latent value', () => {
    const spreads: number[] = [];
    for (let j = 0; j < lc.count; j++) if (lc.askAtAdd[j] === lc.askAtAdd[j] && lc.bidAtAdd[j] === lc.bidAtAdd[j]) spreads.push((lc.askAtAdd[j] - lc.bidAtAdd[j]) / TICK);
    const p50 = median(spreads);
    expect(p50).toBeGreaterThanOrEqual(2);
    expect(p50).toBeLessThanOrEqual(30);
    let addSize = 0;
    for (let j = 0; j < lc.count; j++) addSize += lc.size[j];
    const meanAdd = addSize / lc.count;
    expect(meanAdd).toBeGreaterThan(30);
    expect(meanAdd).toBeLessThan(200);
    const mid = (day.closeBestBid + day.closeBestAsk) / 2;
    expect(Math.abs(mid - 5_800_000)).toBeLessThan(500_000);
    // The price tracks the latent value: sample every minute.
    const e = day.events;
    let dev = 0;
    let n = 0;
    let next = day.openNs + 5 * 60 * NS_PER_SECOND;
    for (let j = 0; j < lc.count; j++) {
      if (lc.addTime[j] < next || !(lc.askAtAdd[j] > 0 && lc.bidAtAdd[j] > 0)) continue;
      dev += Math.abs((lc.askAtAdd[j] + lc.bidAtAdd[j]) / 2 - day.latentValue.at(lc.addTime[j]));
      n++;
      next += 60 * NS_PER_SECOND;
    }
    expect(n).toBeGreaterThan(30);
    expect(dev / n / TICK).toBeLessThan(60);
    expect(e.length).toBeGreaterThan(0);
  });

  it('keeps manipulation a minority of the flow, and every kind asked for present', () => {
    expect(day.manipulativeOrders).toBeGreaterThan(0);
    expect(day.manipulativeOrders / day.orders).toBeLessThan(0.1);
    for (const k of SIMULATED_MANIPULATIONS) expect(day.manipulativeOrdersByKind[k] ?? 0).toBeGreaterThan(10);
    const clean = simulateMarket({ seed: 42, durationNs: HOUR / 6 });
    expect(clean.manipulativeOrders).toBe(0);
    expect(clean.groundTruth.kind.every((k) => k === null)).toBe(true);
    expect(clean.agents.every((a) => a.kind === null)).toBe(true);
  });

  it('spoofer: large orders a few ticks behind the touch, cancelled within tens to hundreds of ms, genuine orders on the other side', () => {
    const spoofs = visibleOrders(day, lc, ManipulationKind.Spoof, OrderRole.Deceptive);
    expect(spoofs.length).toBeGreaterThan(30);
    const lifetimes: number[] = [];
    let cancelledUntraded = 0;
    let away = 0;
    for (const j of spoofs) {
      if (lc.end[j] === OrderEnd.Deleted && lc.executed[j] === 0) {
        cancelledUntraded++;
        lifetimes.push((lc.endTime[j] - lc.addTime[j]) / NS_PER_MS);
      }
      if (ticksBehindTouch(lc, j) >= 1) away++;
      expect(lc.size[j]).toBeGreaterThanOrEqual(500);
    }
    expect(cancelledUntraded / spoofs.length).toBeGreaterThan(0.9);
    const med = median(lifetimes);
    expect(med).toBeGreaterThan(10);
    expect(med).toBeLessThan(1000);
    expect(away / spoofs.length).toBeGreaterThan(0.8);
    // The resting genuine orders sit on the side opposite to the spoof they follow.
    const genuine = visibleOrders(day, lc, ManipulationKind.Spoof, OrderRole.Genuine);
    expect(genuine.length).toBeGreaterThan(5);
    let opposite = 0;
    for (const g of genuine) {
      let last = -1;
      for (const s of spoofs) if (lc.addTime[s] <= lc.addTime[g] && (last < 0 || lc.addTime[s] > lc.addTime[last])) last = s;
      if (last >= 0 && lc.side[last] === -lc.side[g]) opposite++;
    }
    expect(opposite / genuine.length).toBeGreaterThan(0.9);
  });

  it('layerer: orders on consecutive levels placed within milliseconds, cancelled together', () => {
    const layers = visibleOrders(day, lc, ManipulationKind.Layer, OrderRole.Deceptive);
    const eps = episodes(lc, layers, 50 * NS_PER_MS);
    expect(eps.length).toBeGreaterThan(10);
    let good = 0;
    for (const ep of eps) {
      const prices = ep.map((j) => lc.price[j]).sort((a, b) => a - b);
      const consecutive = prices.every((p, i) => i === 0 || p - prices[i - 1] === TICK);
      const sameSide = ep.every((j) => lc.side[j] === lc.side[ep[0]]);
      const placed = lc.addTime[ep[ep.length - 1]] - lc.addTime[ep[0]];
      const deletes = ep.filter((j) => lc.end[j] === OrderEnd.Deleted).map((j) => lc.endTime[j]);
      const together = deletes.length === ep.length && Math.max(...deletes) - Math.min(...deletes) <= NS_PER_MS;
      if (ep.length >= 3 && consecutive && sameSide && placed <= 15 * NS_PER_MS && together) good++;
    }
    expect(good / eps.length).toBeGreaterThan(0.85);
  });

  it('wash trader: two accounts of one owner trade with each other, equal round sizes, back and forth', () => {
    const rows = rowsById(day);
    const gt = day.groundTruth;
    const f = day.fills;
    let washAggressorFills = 0;
    let betweenOwnAccounts = 0;
    let roundSize = 0;
    const buyerAccounts = new Set<number>();
    for (let i = 0; i < f.length; i++) {
      const ra = rows.get(f.aggressorId[i]) as number;
      if (gt.kind[ra] !== ManipulationKind.Wash) continue;
      washAggressorFills++;
      const rr = rows.get(f.restingId[i]) as number;
      if (gt.agentId[rr] === gt.agentId[ra] && gt.kind[rr] === ManipulationKind.Wash && f.aggressorOwner[i] !== f.restingOwner[i]) {
        betweenOwnAccounts++;
        expect(day.account[rr]).toBe(f.restingOwner[i]);
        expect(day.account[ra]).toBe(f.aggressorOwner[i]);
        buyerAccounts.add(f.aggressorSide[i] > 0 ? f.aggressorOwner[i] : f.restingOwner[i]);
      }
      if (f.size[i] % 100 === 0) roundSize++;
    }
    expect(washAggressorFills).toBeGreaterThan(20);
    expect(betweenOwnAccounts / washAggressorFills).toBeGreaterThan(0.8);
    expect(roundSize / washAggressorFills).toBeGreaterThan(0.8);
    // Back and forth: each account is the buyer sometimes.
    expect(buyerAccounts.size).toBe(2);
    // The resting wash orders are taken whole, soon after they rest.
    const rests = visibleOrders(day, lc, ManipulationKind.Wash, OrderRole.Deceptive);
    const takenWhole = rests.filter((j) => lc.end[j] === OrderEnd.Filled && lc.executed[j] === lc.size[j] && lc.endTime[j] - lc.addTime[j] < 100 * NS_PER_MS);
    expect(takenWhole.length / rests.length).toBeGreaterThan(0.8);
  });

  it('quote stuffer: bursts of tens of adds and cancels within milliseconds', () => {
    const stuff = visibleOrders(day, lc, ManipulationKind.Stuff, OrderRole.Deceptive);
    const bursts = episodes(lc, stuff, 100 * NS_PER_MS);
    expect(bursts.length).toBeGreaterThan(0);
    for (const b of bursts) {
      expect(b.length).toBeGreaterThanOrEqual(20);
      expect(lc.addTime[b[b.length - 1]] - lc.addTime[b[0]]).toBeLessThan(25 * NS_PER_MS);
    }
    const deleted = stuff.filter((j) => lc.end[j] === OrderEnd.Deleted);
    expect(deleted.length / stuff.length).toBeGreaterThan(0.95);
    expect(median(deleted.map((j) => lc.endTime[j] - lc.addTime[j]))).toBeLessThan(2 * NS_PER_MS);
  });

  it('momentum igniter: aggressive runs that momentum traders follow, then an unwind back to flat', () => {
    const full = simulateMarket({ seed: 7, manipulators: [ManipulationKind.Ignite] });
    const rows = rowsById(full);
    const gt = full.groundTruth;
    const f = full.fills;
    const runs: { end: number; dir: number }[] = [];
    const momentum: { t: number; dir: number }[] = [];
    const momentumSeen = new Set<number>();
    let last = -Infinity;
    for (let i = 0; i < f.length; i++) {
      const r = rows.get(f.aggressorId[i]) as number;
      if (gt.kind[r] === ManipulationKind.Ignite && full.role[r] === OrderRole.Deceptive) {
        if (f.tsNs[i] - last > 5 * NS_PER_SECOND) runs.push({ end: f.tsNs[i], dir: f.aggressorSide[i] });
        else runs[runs.length - 1].end = f.tsNs[i];
        last = f.tsNs[i];
      } else if (gt.agentType[r] === AgentType.Momentum && !momentumSeen.has(f.aggressorId[i])) {
        momentumSeen.add(f.aggressorId[i]);
        momentum.push({ t: f.tsNs[i], dir: f.aggressorSide[i] });
      }
    }
    expect(runs.length).toBeGreaterThan(15);
    let same = 0;
    let opposite = 0;
    for (const run of runs) {
      for (const m of momentum) {
        if (m.t > run.end - NS_PER_SECOND && m.t <= run.end + 5 * NS_PER_SECOND) {
          if (m.dir === run.dir) same++;
          else opposite++;
        }
      }
    }
    expect(same).toBeGreaterThan(1.5 * opposite);
    // Run orders are market orders (never visible); the unwind rests, then ends flat.
    let runVisible = 0;
    for (let r = 0; r < gt.orderId.length; r++) if (gt.kind[r] === ManipulationKind.Ignite && full.role[r] === OrderRole.Deceptive && full.visible[r]) runVisible++;
    expect(runVisible).toBe(0);
    const igniter = full.agents.find((a) => a.kind === ManipulationKind.Ignite);
    expect(Math.abs(igniter?.position ?? Infinity)).toBeLessThanOrEqual(6000);
  });

  it('rejects what it cannot simulate', () => {
    expect(() => simulateMarket({ seed: 1, durationNs: HOUR, manipulators: [ManipulationKind.BadData] })).toThrow(/cannot simulate/);
    expect(() => simulateMarket({ seed: 1, durationNs: 0 })).toThrow(RangeError);
    expect(() => simulateMarket({ seed: 1, durationNs: HOUR, openingPrice: 5_800_050 })).toThrow(/tick/);
  });
});
