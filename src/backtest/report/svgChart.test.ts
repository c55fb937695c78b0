import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { areaPath, axisLeft, coord, formatTick, formatUsdTick, LinearScale, linePath, markerPath, niceDomain, niceTicks, numberTicks, paddedDomain, stepPath } from './svgChart.ts';

describe('scales and ticks', () => {
  it('maps linearly, flips for y, and widens a degenerate or non-finite domain', () => {
    const y = new LinearScale(0, 10, 200, 0);
    expect(y.map(0)).toBe(200);
    expect(y.map(2.5)).toBe(150);
    expect(y.clamped(-5)).toBe(200);
    const flat = new LinearScale(5, 5, 0, 100);
    expect(flat.map(5)).toBe(50);
    const none = new LinearScale(NaN, NaN, 0, 100);
    expect(Number.isFinite(none.map(0.5))).toBe(true);
  });

  it('puts ticks on round numbers: 1, 2 or 5 × 10^k', () => {
    expect(niceTicks(0, 10, 5)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(niceTicks(-0.3, 0.7, 5)).toEqual([-0.2, 0, 0.2, 0.4, 0.6]);
    expect(niceTicks(99.12, 100.71, 6)).toEqual([99.2, 99.4, 99.6, 99.8, 100, 100.2, 100.4, 100.6]);
    expect(niceTicks(-230, 5900, 6)).toEqual([0, 1000, 2000, 3000, 4000, 5000]);
    expect(niceTicks(3, 3)).toEqual([3]);
    expect(niceTicks(NaN, 1)).toEqual([]);
    expect(niceDomain(0.13, 0.87, 5)).toEqual([0, 1]);
    expect(niceDomain(0.13, 0.87, 8)).toEqual([0.1, 0.9]);
    expect(paddedDomain(0, 100, 0.05)).toEqual([-5, 105]);
  });

  it('gives increasing round ticks inside [min, max], about `count` of them', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e9, max: 1e9, noNaN: true }), fc.double({ min: 1e-6, max: 1e9, noNaN: true }), fc.integer({ min: 2, max: 10 }), (min, span, count) => {
        const max = min + span;
        fc.pre(max > min);
        const ticks = niceTicks(min, max, count);
        expect(ticks.length).toBeGreaterThanOrEqual(1);
        expect(ticks.length).toBeLessThanOrEqual(3 * count + 1);
        const step = ticks.length > 1 ? ticks[1] - ticks[0] : 0;
        for (let i = 0; i < ticks.length; i++) {
          expect(ticks[i]).toBeGreaterThanOrEqual(min - Math.abs(min) * 1e-9 - 1e-12);
          expect(ticks[i]).toBeLessThanOrEqual(max + Math.abs(max) * 1e-9 + 1e-12);
          if (i > 0) expect(ticks[i] - ticks[i - 1]).toBeCloseTo(step, 6);
        }
      }),
    );
  });

  it('labels ticks with the decimals the step needs, a real minus sign and no negative zero', () => {
    expect(formatTick(1250, 250)).toBe('1,250');
    expect(formatTick(-0.5, 0.1)).toBe('−0.5');
    expect(formatTick(-0.0001, 0.1)).toBe('0.0');
    expect(formatUsdTick(-1000, 500)).toBe('−$1,000');
    expect(formatUsdTick(99.5, 0.5)).toBe('$99.5');
    expect(numberTicks(0, 1, 2).map((t) => t.label)).toEqual(['0.0', '0.5', '1.0']);
  });
});

describe('paths', () => {
  const sx = new LinearScale(0, 10, 0, 100);
  const sy = new LinearScale(0, 10, 100, 0);

  it('writes coordinates with one decimal and refuses non-finite ones', () => {
    expect(coord(12.345)).toBe('12.3');
    expect(coord(-0.01)).toBe('0');
    expect(() => coord(NaN)).toThrow(RangeError);
    expect(() => coord(Infinity)).toThrow(RangeError);
  });

  it('breaks a line at missing values instead of writing NaN', () => {
    const xs = [0, 1, 2, 3, 4];
    const ys = [0, 1, NaN, 3, 4];
    expect(linePath(xs, ys, sx, sy)).toBe('M0 100L10 90M30 70L40 60');
    expect(linePath(xs, ys, sx, sy, [0, 3])).toBe('M0 100L30 70');
    expect(stepPath([0, 5], [2, 4], sx, sy)).toBe('M0 80H50V60');
    expect(areaPath([0, 5], [-1, -2], sx, new LinearScale(-2, 0, 100, 0), 0)).toBe('M0 0L0 50L50 100L50 0Z');
    expect(linePath([NaN], [NaN], sx, sy)).toBe('');
  });

  it('draws markers as closed subpaths around the point', () => {
    expect(markerPath('up', 10, 10, 2)).toBe('M10 8l2 3.4h-4z');
    expect(markerPath('down', 10, 10, 2)).toBe('M10 12l2 -3.4h-4z');
    expect(markerPath('square', 10, 10, 1)).toBe('M9 9h2v2h-2z');
    expect(markerPath('circle', 10, 10, 1)).toMatch(/^M9 10a1 1 0 1 0 2 0a1 1 0 1 0 -2 0z$/);
  });

  it('escapes axis text', () => {
    const svg = axisLeft(sy, [{ value: 5, label: '<5>' }], { x: 0, y: 0, width: 100, height: 100 }, { title: 'a & b' });
    expect(svg).toContain('&lt;5&gt;');
    expect(svg).toContain('a &amp; b');
  });
});
