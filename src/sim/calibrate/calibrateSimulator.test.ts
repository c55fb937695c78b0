import { describe, expect, it } from 'vitest';
import { LOBSTER, realDataPresent } from '../../../test/realData.ts';
import { calibrateSimulator, simulatedFacts } from './calibrateSimulator.ts';
import { initialKnobValues, knobsToParams } from './calibrationKnobs.ts';
import { compareFacts, factsObjective } from './factComparison.ts';
import { parseSimulatorParams } from './SimulatorParams.ts';
import { stylizedFactsOfLobsterFiles } from './stylizedFacts.ts';

const MIN = 60e9;

describe('calibrateSimulator', () => {
  it('recovers known parameters from the simulator’s own output (spread scale, message rate, cancel rate)', () => {
    const truth = { ...initialKnobValues(), tickScale: 3, limitRate: 0.3, cancelRate: 0.15 };
    const params = knobsToParams(truth, { openingPrice: 5_800_000 });
    // The target: a different seed and a longer day than the search's segments.
    const facts = simulatedFacts(params, { seed: 77, durationNs: 40 * MIN, warmUpNs: MIN, tickSize: 100, levels: 10 });
    const target = { facts, openingPrice: 5_800_000, tickSize: 100, levels: 10 };
    const options = { seeds: [1, 2], segmentNs: 20 * MIN, rounds: 3, knobs: ['tickScale', 'limitRate', 'cancelRate'] as const };
    const result = calibrateSimulator(target, options);
    expect(result.objective).toBeLessThan(result.initialObjective / 2);
    expect(result.objectiveByRound[0]).toBe(result.initialObjective);
    for (let r = 1; r < result.objectiveByRound.length; r++) expect(result.objectiveByRound[r]).toBeLessThanOrEqual(result.objectiveByRound[r - 1]);
    expect(result.knobs.tickScale).toBeGreaterThan(2);
    expect(result.knobs.tickScale).toBeLessThan(4.5);
    expect(result.knobs.limitRate).toBeGreaterThan(0.15);
    expect(result.knobs.limitRate).toBeLessThan(0.6);
    // Knobs not searched stay where they started.
    expect(result.knobs.volatility).toBe(initialKnobValues(facts).volatility);
    // Deterministic: the same target and options give the same result.
    expect(calibrateSimulator(target, options)).toEqual(result);
  }, 20_000);

  it('refuses bad options with a clear message', () => {
    const facts = simulatedFacts(knobsToParams(initialKnobValues(), { openingPrice: 5_800_000 }), { seed: 1, durationNs: 3 * MIN, warmUpNs: MIN, tickSize: 100, levels: 10 });
    const target = { facts, openingPrice: 5_800_000, tickSize: 100, levels: 10 };
    expect(() => calibrateSimulator(target, { seeds: [] })).toThrow(/at least one seed/);
    expect(() => calibrateSimulator(target, { segmentNs: MIN, warmUpNs: MIN })).toThrow(/longer than the warm-up/);
    expect(() => calibrateSimulator(target, { knobs: ['spread' as never] })).toThrow(/unknown knob "spread"/);
    expect(() => calibrateSimulator({ ...target, tickSize: 1 }, { rounds: 0 })).toThrow(/ticks of 100 price units/);
  });
});

describe.skipIf(!realDataPresent)('calibrateSimulator on the real GOOG fixture (2,000 rows)', () => {
  it('a short search lowers the distance to the real facts and gives loadable parameters', async () => {
    const { messages, orderbook } = LOBSTER.fixture;
    const real = await stylizedFactsOfLobsterFiles(messages, orderbook, { warmUpNs: 10e9 });
    const openingPrice = Math.round(real.firstMid / 100) * 100;
    const target = { facts: real.facts, openingPrice, date: '2012-06-21', tickSize: 100, levels: real.levels };
    const result = calibrateSimulator(target, { seeds: [1], segmentNs: 6 * MIN, warmUpNs: 10e9, rounds: 1 });
    expect(result.objective).toBeLessThan(result.initialObjective);
    expect(result.params.openingPrice).toBe(openingPrice);
    expect(result.params.date).toBe('2012-06-21');
    // The odd lots are read off the real day, not searched.
    expect(result.params.noise?.orderSize?.oddLotMedian).toBeCloseTo(real.facts.orderSize.oddLotGeoMean, 1);
    expect(parseSimulatorParams(JSON.parse(JSON.stringify(result.params)), 'result')).toEqual(result.params);
    const check = simulatedFacts(result.params, { seed: 100, durationNs: 6 * MIN, warmUpNs: 10e9, tickSize: 100, levels: real.levels });
    expect(factsObjective(compareFacts(real.facts, check))).toBeLessThan(result.initialObjective);
  }, 20_000);
});
