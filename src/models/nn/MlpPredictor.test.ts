import { describe, expect, it } from 'vitest';
import { SeededRng } from '../../core/rng.ts';
import { Standardizer } from '../../labels/Standardizer.ts';
import { MlpPredictor } from './MlpPredictor.ts';
import { sleb, uleb } from './wasmModule.ts';

/** A random net of the given widths (float32 weights, as trained) and a standardizer fitted on random rows. */
function randomNet(widths: readonly number[], seed: number): { standardizer: Standardizer; weights: Float32Array[] } {
  const rng = new SeededRng(seed);
  const u = (): number => rng.nextFloat() * 2 - 1;
  const weights: Float32Array[] = [];
  for (let k = 0; k + 1 < widths.length; k++) {
    weights.push(Float32Array.from({ length: widths[k] * widths[k + 1] }, () => u() / Math.sqrt(widths[k])));
    weights.push(Float32Array.from({ length: widths[k + 1] }, () => 0.1 * u()));
  }
  const cols = Array.from({ length: widths[0] }, (_, c) => Float64Array.from({ length: 200 }, () => 10 * c + (c + 1) * u()));
  return { standardizer: Standardizer.fit(cols, Int32Array.from({ length: 200 }, (_, i) => i)), weights };
}

describe('MlpPredictor: the WebAssembly kernel and the plain-JS forward pass', () => {
  // Widths that are not multiples of the kernel's 8-wide blocks, no hidden layer, and the bench's shape.
  for (const widths of [[5, 13, 7, 3], [3, 3], [47, 64, 32, 3], [9, 1, 3]]) {
    it(`agree on a ${widths.join('→')} net, non-finite inputs included`, () => {
      const { standardizer, weights } = randomNet(widths, widths.length * 100 + widths[0]);
      const wasm = new MlpPredictor(standardizer, weights, widths);
      const js = new MlpPredictor(standardizer, weights, widths, { wasm: false });
      expect(wasm.backend).toBe('wasm');
      expect(js.backend).toBe('js');
      const rng = new SeededRng(5);
      const x = new Float64Array(widths[0]);
      const a = new Float64Array(widths[widths.length - 1]);
      const b = new Float64Array(a.length);
      for (let r = 0; r < 300; r++) {
        for (let c = 0; c < x.length; c++) x[c] = 10 * c + 3 * (c + 1) * (rng.nextFloat() * 2 - 1);
        if (r % 7 === 0) x[r % x.length] = [NaN, Infinity, -Infinity][r % 3];
        wasm.predict(x, a);
        js.predict(x, b);
        // Same float64 operations, summed in another order: agreement to rounding.
        for (let c = 0; c < a.length; c++) expect(Math.abs(a[c] - b[c])).toBeLessThan(1e-12);
        expect(a.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 12);
      }
    });
  }
});

describe('wasmModule LEB128', () => {
  it('encodes the spec examples', () => {
    expect(uleb(0)).toEqual([0]);
    expect(uleb(127)).toEqual([0x7f]);
    expect(uleb(128)).toEqual([0x80, 0x01]);
    expect(uleb(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(sleb(-1)).toEqual([0x7f]);
    expect(sleb(63)).toEqual([0x3f]);
    expect(sleb(64)).toEqual([0xc0, 0x00]);
    expect(sleb(-64)).toEqual([0x40]);
    expect(sleb(-123456)).toEqual([0xc0, 0xbb, 0x78]);
    expect(() => uleb(-1)).toThrow(RangeError);
  });
});
