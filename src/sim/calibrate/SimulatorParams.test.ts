import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SeededRng } from '../../core/rng.ts';
import { DEFAULT_ORDER_SIZE_SHAPE, drawOrderSize, drawShapedOrderSize } from '../agents/orderSizes.ts';
import { simulateMarket } from '../simulateMarket.ts';
import { initialKnobValues, knobsToParams } from './calibrationKnobs.ts';
import { parseSimulatorParams, readSimulatorParams, writeSimulatorParams } from './SimulatorParams.ts';

describe('simulator parameters (the file `sim calibrate` writes and `sim --params` reads)', () => {
  it('accepts partial sections and round-trips through a file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tachyon-params-'));
    const params = parseSimulatorParams(
      { date: '2012-06-21', openingPrice: 5_798_200, marketMakerHalfSpreadTicks: [20, 50], noise: { limitRatePerSecond: 0.3, orderSize: { roundLotShare: 0.4 } }, informed: { sizes: [100, 200] } },
      'inline',
    );
    writeSimulatorParams(join(dir, 'p.json'), params);
    expect(readSimulatorParams(join(dir, 'p.json'))).toEqual(params);
  });

  it('names the file and the field of anything wrong', () => {
    const bad = (json: unknown): string => {
      try {
        parseSimulatorParams(json, 'P.json');
      } catch (e) {
        expect(e).toBeInstanceOf(RangeError);
        return (e as Error).message;
      }
      return 'accepted';
    };
    expect(bad({ noise: { limitRate: 1 } })).toMatch(/^P\.json: field "noise\.limitRate": unknown parameter/);
    expect(bad({ noise: { limitRatePerSecond: 'fast' } })).toMatch(/field "noise\.limitRatePerSecond": must be a finite number/);
    expect(bad({ noise: { orderSize: { roundLots: 1 } } })).toMatch(/field "noise\.orderSize\.roundLots": unknown parameter/);
    expect(bad({ openingPrice: 58.1 })).toMatch(/field "openingPrice"/);
    expect(bad({ marketMakerHalfSpreadTicks: [9, 3] })).toMatch(/field "marketMakerHalfSpreadTicks"/);
    expect(bad({ informed: { sizes: [] } })).toMatch(/field "informed\.sizes"/);
    expect(bad({ seed: 3 })).toMatch(/field "seed": unknown parameter/);
    expect(bad([1, 2])).toMatch(/field "\(top level\)"/);
    const dir = mkdtempSync(join(tmpdir(), 'tachyon-params-'));
    writeFileSync(join(dir, 'broken.json'), '{"noise": ');
    expect(() => readSimulatorParams(join(dir, 'broken.json'))).toThrow(/broken\.json: not valid JSON/);
    expect(() => readSimulatorParams(join(dir, 'missing.json'))).toThrow(/missing\.json: cannot read/);
  });

  it('the knobs at their initial values stand for the simulator defaults (plus the noise traders’ explicit size shape)', () => {
    const params = knobsToParams(initialKnobValues(), { openingPrice: 5_800_000 });
    expect(params.marketMakerHalfSpreadTicks).toEqual([6, 16]);
    expect(params.noise?.orderSize).toEqual(DEFAULT_ORDER_SIZE_SHAPE);
    const withDefaults = simulateMarket({ seed: 4, durationNs: 120e9, ...params });
    const plain = simulateMarket({ seed: 4, durationNs: 120e9 });
    // Same agents and parameters; the shaped size draw equals the default one (same random draws).
    expect(withDefaults.events.length).toBe(plain.events.length);
    expect(Array.from(withDefaults.events.size.subarray(0, plain.events.length))).toEqual(Array.from(plain.events.size.subarray(0, plain.events.length)));
    expect(parseSimulatorParams(JSON.parse(JSON.stringify(params)), 'knobs')).toEqual(params);
  });

  it('drawShapedOrderSize with the default shape draws what drawOrderSize draws; round-lot share follows the shape', () => {
    const a = new SeededRng(9);
    const b = new SeededRng(9);
    for (let i = 0; i < 20_000; i++) expect(drawShapedOrderSize(a, DEFAULT_ORDER_SIZE_SHAPE)).toBe(drawOrderSize(b));
    const rng = new SeededRng(1);
    let round = 0;
    const n = 20_000;
    for (let i = 0; i < n; i++) if (drawShapedOrderSize(rng, { roundLotShare: 0.2, oddLotMedian: 9, oddLotSigma: 0.5 }) % 100 === 0) round++;
    expect(round / n).toBeGreaterThan(0.18);
    expect(round / n).toBeLessThan(0.22);
  });
});
