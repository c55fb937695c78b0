import { describe, expect, it } from 'vitest';
import { EventBatch } from '../data/EventBatch.ts';
import { EventType } from '../data/EventType.ts';
import type { GroundTruth } from '../sim/GroundTruth.ts';
import { flagCsvRow, FLAGS_CSV_HEADER, parseFlagsCsv, writeFlagsCsv } from './flagsCsv.ts';
import type { ManipulationKind } from './ManipulationKind.ts';
import type { OrderFlag } from './OrderFlag.ts';
import { scoreFlags } from './scoreFlags.ts';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const truth = (rows: [number, ManipulationKind | null][]): GroundTruth => ({
  orderId: Float64Array.from(rows.map((r) => r[0])),
  agentId: new Int32Array(rows.length),
  agentType: rows.map(() => 'x'),
  kind: rows.map((r) => r[1]),
});
const flag = (orderId: number, kind: ManipulationKind): OrderFlag => ({ orderId, kind, score: 0.9, reason: 'because' });

describe('scoreFlags', () => {
  it('computes precision and recall per kind per order id, unlisted ids counting as honest', () => {
    const t = truth([
      [1, 'spoof'],
      [2, 'spoof'],
      [3, 'spoof'],
      [4, null],
      [5, 'wash'],
    ]);
    const s = scoreFlags([flag(1, 'spoof'), flag(2, 'spoof'), flag(4, 'spoof'), flag(99, 'spoof'), flag(5, 'layer'), flag(1, 'spoof')], t);
    expect(s.spoof).toEqual({ flagged: 4, truth: 3, truePositives: 2, precision: 0.5, recall: 2 / 3 });
    expect(s.layer).toEqual({ flagged: 1, truth: 0, truePositives: 0, precision: 0, recall: null });
    expect(s.wash).toEqual({ flagged: 0, truth: 1, truePositives: 0, precision: null, recall: 0 });
    expect(s.stuff).toEqual({ flagged: 0, truth: 0, truePositives: 0, precision: null, recall: null });
  });

  it('with events: leaves invisible orders out of recall and scores bad-data flags (event seqs) by the event\'s order', () => {
    const ev = new EventBatch(8, 0n, []);
    ev.push(1, 1, EventType.Add, 1, 100, 10, 7, 101);
    ev.push(2, 2, EventType.Add, 1, 100, 0, 8, 102); // bad: size 0
    const t = truth([
      [7, 'spoof'],
      [70, 'spoof'], // an aggressive order that filled at once: no event names it
      [8, 'bad-data'],
    ]);
    const s = scoreFlags([flag(7, 'spoof'), flag(102, 'bad-data')], t, { events: ev });
    expect(s.spoof).toMatchObject({ truth: 1, recall: 1, precision: 1 });
    expect(s['bad-data']).toMatchObject({ flagged: 1, truth: 1, truePositives: 1 });
    expect(scoreFlags([flag(7, 'spoof')], t).spoof.recall).toBe(0.5);
  });

  it('refuses ground truth that gives one order two kinds', () => {
    expect(() => scoreFlags([], truth([[1, 'spoof'], [1, 'wash']]))).toThrow(/both spoof and wash/);
  });
});

describe('flags CSV', () => {
  it('quotes reasons CSV-safely and reads back exactly', async () => {
    const flags: OrderFlag[] = [
      { orderId: 12, kind: 'spoof', score: 0.75, reason: 'bid 2000, "big", 3 ticks\nbehind' },
      { orderId: 13, kind: 'bad-data', score: 1, reason: 'plain' },
    ];
    expect(flagCsvRow(flags[0])).toBe('12,spoof,0.75,"bid 2000, ""big"", 3 ticks\nbehind"');
    const f = join(mkdtempSync(join(tmpdir(), 'flags-')), 'f.csv');
    await writeFlagsCsv(f, flags);
    const text = readFileSync(f, 'utf8');
    expect(text.split('\n')[0]).toBe(FLAGS_CSV_HEADER);
    expect(parseFlagsCsv(text)).toEqual(flags);
  });
});
