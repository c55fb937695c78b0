import { describe, expect, it } from 'vitest';
import { COMPARED_FACTS, compareFacts, DISTANCE_CAP, factDistance, factsObjective, formatTolerance } from './factComparison.ts';
import type { StylizedFacts } from './StylizedFactSheet.ts';

function facts(over: { spreadMean?: number; tradeSignLag1?: number } = {}): StylizedFacts {
  const d = { mean: 10, median: 10, p10: 5, p90: 20 };
  return {
    events: 100,
    seconds: 10,
    eventRate: 10,
    spread: { ...d, mean: over.spreadMean ?? 10 },
    depthAtBest: { bid: 100, ask: 100 },
    orderSize: { ...d, roundLotShare: 0.5, oddLotGeoMean: 10, oddLotLogSd: 0.6 },
    interArrivalMs: { mean: 100, median: 1, cv: 3 },
    cancelToAdd: 0.9,
    tradeRate: 0.5,
    midReturn1s: { sdBp: 0.7, excessKurtosis: 50, samples: 1000 },
    absReturnAcf: { lag1: 0.1, lag5: 0.05, lag10: 0.05 },
    tradeSignAcf: { lag1: over.tradeSignLag1 ?? 0.7, lag5: 0.3, lag10: 0.2 },
  };
}

describe('fact comparison', () => {
  it('ratio tolerance: distance = |ln(sim/real)| / ln(1 + tol), symmetric in the ratio; reproduced iff ≤ 1', () => {
    const t = { kind: 'ratio', tol: 0.2 } as const;
    expect(factDistance(10, 12, t)).toBeCloseTo(1, 12);
    expect(factDistance(12, 10, t)).toBeCloseTo(1, 12);
    expect(factDistance(10, 14.4, t)).toBeCloseTo(2, 12);
    expect(factDistance(10, 10, t)).toBe(0);
    expect(factDistance(0, 0, t)).toBe(0);
    expect(factDistance(10, -1, t)).toBe(Infinity);
    expect(factDistance(10, NaN, t)).toBe(Infinity);
  });

  it('absolute tolerance: distance = |Δ| / tol', () => {
    expect(factDistance(0.7, 0.6, { kind: 'absolute', tol: 0.05 })).toBeCloseTo(2, 12);
    expect(factDistance(-0.1, 0.1, { kind: 'absolute', tol: 0.1 })).toBeCloseTo(2, 12);
  });

  it('compareFacts gives one verdict per fact, and the objective is a weighted mean of capped squared distances', () => {
    const real = facts();
    const same = compareFacts(real, real);
    expect(same.map((v) => v.fact.name)).toEqual(COMPARED_FACTS.map((f) => f.name));
    expect(same.every((v) => v.reproduced && v.distance === 0)).toBe(true);
    expect(factsObjective(same)).toBe(0);

    const off = compareFacts(real, facts({ spreadMean: 14.4, tradeSignLag1: -10 }));
    const spread = off.find((v) => v.fact.name === 'spread.mean');
    const sign = off.find((v) => v.fact.name === 'tradeSignAcf.lag1');
    expect(spread?.reproduced).toBe(false);
    expect(spread?.distance).toBeCloseTo(2, 12);
    expect(sign?.distance).toBeGreaterThan(DISTANCE_CAP);
    const totalWeight = COMPARED_FACTS.reduce((s, f) => s + f.weight, 0);
    const expected = ((spread?.fact.weight ?? 0) * 4 + (sign?.fact.weight ?? 0) * DISTANCE_CAP ** 2) / totalWeight;
    expect(factsObjective(off)).toBeCloseTo(expected, 12);
  });

  it('every fact has a unique name, a positive weight and a reason to print when missed', () => {
    expect(new Set(COMPARED_FACTS.map((f) => f.name)).size).toBe(COMPARED_FACTS.length);
    for (const f of COMPARED_FACTS) {
      expect(f.weight).toBeGreaterThan(0);
      expect(f.whyMissed.length).toBeGreaterThan(10);
    }
    expect(formatTolerance({ kind: 'ratio', tol: 0.2 })).toBe('×1.20');
    expect(formatTolerance({ kind: 'absolute', tol: 0.05 })).toBe('±0.05');
  });
});
