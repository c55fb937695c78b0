import { describe, expect, it } from 'vitest';
import { balancedLobcastSigma } from './BalancedSigma.ts';
import { lobcastLabels } from './LobcastLabeling.ts';
import { SeededRng } from '../core/rng.ts';

describe('balancedLobcastSigma', () => {
  it('splits continuous training changes into near-equal thirds, and never reads test rows', () => {
    const rng = new SeededRng(5);
    const mid = new Float64Array(20_000);
    let p = 100;
    for (let i = 0; i < mid.length; i++) mid[i] = p *= Math.exp((rng.nextFloat() - 0.5) * 1e-3);
    const fitRows = 14_000;
    const sigma = balancedLobcastSigma(mid, 5, fitRows);
    const l = lobcastLabels(mid, { horizon: 5, sigma, fitRows });
    const counts = [0, 0, 0];
    for (let t = 0; t < fitRows - 5; t++) if (l.labels[t] < 3) counts[l.labels[t]]++;
    const total = counts[0] + counts[1] + counts[2];
    for (const c of counts) expect(Math.abs(c / total - 1 / 3)).toBeLessThan(0.03);
    // Rewriting the test part leaves σ unchanged.
    const other = mid.slice();
    for (let i = fitRows; i < other.length; i++) other[i] *= 1 + (i % 7) * 0.01;
    expect(balancedLobcastSigma(other, 5, fitRows)).toBe(sigma);
  });

  it('keeps a tie of unchanged mids together in the stationary class, whatever the sign of the mean', () => {
    for (const drift of [1, -1]) {
      const mid = new Float64Array(3_000);
      // Mostly flat, with occasional one-tick moves biased up or down: most changes are exactly zero.
      for (let i = 0, p = 100; i < mid.length; i++) mid[i] = p += i % 10 === 0 ? 0.01 * drift : i % 17 === 0 ? -0.01 * drift : 0;
      const sigma = balancedLobcastSigma(mid, 1, 2_000);
      const l = lobcastLabels(mid, { horizon: 1, sigma, fitRows: 2_000 });
      for (let t = 1; t < 2_000; t++) if (l.change[t] === 0) expect(l.labels[t]).toBe(1);
    }
  });
});
