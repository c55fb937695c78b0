import fc from 'fast-check';
import { expect } from 'vitest';

/** Random label ends: per sample a horizon 0..h, or unlabeled; windows never pass the last sample. */
export function arbLabelEnd(): fc.Arbitrary<{ n: number; labelEnd: Int32Array }> {
  return fc
    .tuple(fc.integer({ min: 1, max: 8 }), fc.array(fc.integer({ min: -3, max: 8 }), { minLength: 5, maxLength: 120 }))
    .map(([h, raw]) => {
      const n = raw.length;
      const labelEnd = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const k = Math.min(raw[i], h);
        labelEnd[i] = k < 0 || i + k >= n ? -1 : i + k;
      }
      return { n, labelEnd };
    });
}

/** No index in two parts, every index labelled, each part ascending. */
export function expectDisjoint(parts: readonly Int32Array[], labelEnd: Int32Array): void {
  const seen = new Set<number>();
  for (const part of parts) {
    for (let j = 0; j < part.length; j++) {
      const i = part[j];
      expect(seen.has(i)).toBe(false);
      seen.add(i);
      expect(labelEnd[i]).toBeGreaterThanOrEqual(i);
      if (j > 0) expect(part[j - 1]).toBeLessThan(i);
    }
  }
}
