import { describe, expect, it } from 'vitest';
import { SeededRng } from '../../core/rng.ts';
import { trainGbdt } from './trainGbdt.ts';
import { resolveGbdtOptions } from './GbdtOptions.ts';

describe('GBDT class weights', () => {
  it("'balanced' predicts a rare class more often than the unweighted objective, on the same data", () => {
    const rng = new SeededRng(9);
    const n = 6000;
    const x = [Float64Array.from({ length: n }, () => rng.nextFloat()), Float64Array.from({ length: n }, () => rng.nextFloat())];
    // Class 2 is rare (≈ 5 %) and only weakly tied to x0; class 0/1 split on x1.
    const y = Uint8Array.from({ length: n }, (_, i) => (x[0][i] > 0.9 && rng.nextFloat() < 0.5 ? 2 : x[1][i] > 0.5 ? 1 : 0));
    const all = Int32Array.from({ length: n }, (_, i) => i);
    const data = { featureNames: ['x0', 'x1'], x, y, train: all, validation: new Int32Array(0), numClasses: 3 };
    const predictedRare = (classWeight: 'none' | 'balanced'): number => {
      const p = trainGbdt(data, { rounds: 30, classWeight, seed: 1 }).predictor();
      const out = new Float64Array(3);
      let rare = 0;
      for (let i = 0; i < n; i++) {
        p.predict(Float64Array.of(x[0][i], x[1][i]), out);
        if (out[2] > out[0] && out[2] > out[1]) rare++;
      }
      return rare;
    };
    expect(predictedRare('balanced')).toBeGreaterThan(predictedRare('none') * 1.5);
  });

  it('rejects an unknown weighting', () => {
    expect(() => resolveGbdtOptions({ classWeight: 'heavy' as 'none' })).toThrow(/classWeight/);
  });
});
