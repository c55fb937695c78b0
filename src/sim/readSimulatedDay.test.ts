import { mkdtempSync } from 'node:fs';
import { writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NS_PER_SECOND } from '../core/time.ts';
import { EventStoreError } from '../data/store/EventStoreError.ts';
import { readSimulatedDay } from './readSimulatedDay.ts';
import { SIMULATED_MANIPULATIONS, simulateMarket } from './simulateMarket.ts';
import { writeSimulatedDay } from './writeSimulatedDay.ts';

describe('writeSimulatedDay / readSimulatedDay', () => {
  it('round-trips the events exactly and the ground truth through its code tables', async () => {
    const day = simulateMarket({ seed: 5, durationNs: 600 * NS_PER_SECOND, manipulators: SIMULATED_MANIPULATIONS });
    const dir = join(mkdtempSync(join(tmpdir(), 'tachyon-sim-')), 'day');
    const written = await writeSimulatedDay(dir, day, SIMULATED_MANIPULATIONS);
    expect(written.eventsBytes).toBeGreaterThan(0);
    const back = await readSimulatedDay(dir);

    const a = day.events;
    const b = back.events;
    expect(b.length).toBe(a.length);
    expect(b.originNs).toBe(a.originNs);
    expect(b.instruments[0]).toEqual(a.instruments[0]);
    for (const col of ['exchTs', 'localTs', 'type', 'side', 'flags', 'price', 'size', 'orderId', 'seq'] as const) {
      expect(Buffer.from(b[col].buffer, b[col].byteOffset, b.length * b[col].BYTES_PER_ELEMENT).equals(Buffer.from(a[col].buffer, a[col].byteOffset, a.length * a[col].BYTES_PER_ELEMENT))).toBe(true);
    }
    expect(Array.from(back.groundTruth.orderId)).toEqual(Array.from(day.groundTruth.orderId));
    expect(Array.from(back.groundTruth.agentId)).toEqual(Array.from(day.groundTruth.agentId));
    expect(back.groundTruth.agentType).toEqual(day.groundTruth.agentType);
    expect(back.groundTruth.kind).toEqual(day.groundTruth.kind);
    expect(Array.from(back.role)).toEqual(Array.from(day.role));
    expect(Array.from(back.visible)).toEqual(Array.from(day.visible));
    expect(Array.from(back.account)).toEqual(Array.from(day.account));
    expect(back.meta).toMatchObject({ seed: 5, orders: day.orders, trades: day.trades, manipulativeOrders: day.manipulativeOrders, events: a.length });
    expect(back.meta.kinds[0]).toBeNull();
    expect(back.meta.manipulators).toEqual([...SIMULATED_MANIPULATIONS]);
  });

  it('fails naming the file when a day is incomplete or not a simulated day', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tachyon-sim-'));
    await expect(readSimulatedDay(dir)).rejects.toThrow(/events\.parquet: cannot read: no such file/);
    const other = join(dir, 'x');
    await mkdir(other);
    await writeFile(join(other, 'events.parquet'), 'not parquet');
    await expect(readSimulatedDay(other)).rejects.toThrow(EventStoreError);
    await expect(readSimulatedDay(other)).rejects.toThrow(/labels\.parquet/);
  });
});
