import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { geodesicDistanceM, geodesicInverse, GeodesicConvergenceError, WGS84, type GeoPoint } from './geodesic.ts';

/** Degrees, minutes, seconds → degrees (negative for south/west). */
function dms(d: number, m: number, s: number, sign = 1): number {
  return sign * (d + m / 60 + s / 3600);
}

/** An independent check: the great circle on a sphere of the mean radius (haversine), metres. */
function haversineM(p: GeoPoint, q: GeoPoint): number {
  const r = Math.PI / 180;
  const h = Math.sin(((q.latDeg - p.latDeg) * r) / 2) ** 2 + Math.cos(p.latDeg * r) * Math.cos(q.latDeg * r) * Math.sin(((q.lonDeg - p.lonDeg) * r) / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Distance, or null where Vincenty refuses (nearly antipodal). */
function distanceOrNull(p: GeoPoint, q: GeoPoint): number | null {
  try {
    return geodesicDistanceM(p, q);
  } catch (e) {
    if (e instanceof GeodesicConvergenceError) return null;
    throw e;
  }
}

const point = fc.record({
  latDeg: fc.double({ min: -90, max: 90, noNaN: true }),
  lonDeg: fc.double({ min: -180, max: 180, noNaN: true }),
});

describe('geodesicInverse (Vincenty on WGS-84)', () => {
  it("solves Vincenty's own test line, Flinders Peak → Buninyong, to the millimetre and the 0.01\"", () => {
    const flinders = { latDeg: dms(37, 57, 3.7203, -1), lonDeg: dms(144, 25, 29.5244) };
    const buninyong = { latDeg: dms(37, 39, 10.1561, -1), lonDeg: dms(143, 55, 35.3839) };
    const r = geodesicInverse(flinders, buninyong);
    expect(Math.abs(r.distanceM - 54_972.271)).toBeLessThan(0.001);
    expect(Math.abs(r.initialBearingDeg - dms(306, 52, 5.37))).toBeLessThan(0.01 / 3600);
    // Published as the reverse azimuth 127°10'25.07"; the direction of travel is 180° from it.
    expect(Math.abs(r.finalBearingDeg - dms(307, 10, 25.07))).toBeLessThan(0.01 / 3600);
  });

  it('gives the quarter meridian (pole to equator) as 10,001,965.729 m', () => {
    expect(Math.abs(geodesicDistanceM({ latDeg: 90, lonDeg: 0 }, { latDeg: 0, lonDeg: 0 }) - 10_001_965.729)).toBeLessThan(0.001);
    expect(Math.abs(geodesicDistanceM({ latDeg: -90, lonDeg: 17 }, { latDeg: 0, lonDeg: 17 }) - 10_001_965.729)).toBeLessThan(0.001);
  });

  it('gives one degree of equator as a·π/180 (the equator is a circle of radius a)', () => {
    const expected = (WGS84.a * Math.PI) / 180; // 111,319.491 m
    expect(Math.abs(geodesicDistanceM({ latDeg: 0, lonDeg: 10 }, { latDeg: 0, lonDeg: 11 }) - expected)).toBeLessThan(1e-6);
    // Across the antimeridian too.
    expect(Math.abs(geodesicDistanceM({ latDeg: 0, lonDeg: 179.5 }, { latDeg: 0, lonDeg: -179.5 }) - expected)).toBeLessThan(1e-6);
  });

  it('gives zero between a point and itself, with undefined bearings', () => {
    const r = geodesicInverse({ latDeg: 40.5777, lonDeg: -74.2435 }, { latDeg: 40.5777, lonDeg: -74.2435 });
    expect(r.distanceM).toBe(0);
    expect(r.initialBearingDeg).toBeNaN();
    expect(geodesicDistanceM({ latDeg: 10, lonDeg: 180 }, { latDeg: 10, lonDeg: -180 })).toBe(0);
  });

  it('refuses nearly antipodal points with a clear error instead of a wrong number', () => {
    expect(() => geodesicDistanceM({ latDeg: 0, lonDeg: 0 }, { latDeg: 0, lonDeg: 180 })).toThrow(GeodesicConvergenceError);
    expect(() => geodesicDistanceM({ latDeg: 0, lonDeg: 0 }, { latDeg: 0.5, lonDeg: 179.7 })).toThrow(/nearly antipodal/);
  });

  it('rejects latitudes outside [-90, 90] and non-finite coordinates', () => {
    expect(() => geodesicDistanceM({ latDeg: 91, lonDeg: 0 }, { latDeg: 0, lonDeg: 0 })).toThrow(RangeError);
    expect(() => geodesicDistanceM({ latDeg: 0, lonDeg: 0 }, { latDeg: 0, lonDeg: NaN })).toThrow(/longitude/);
  });

  it('agrees with the spherical haversine within 0.6 % (the ellipsoid is at most that far from the sphere)', () => {
    fc.assert(
      fc.property(point, point, (p, q) => {
        const d = distanceOrNull(p, q);
        fc.pre(d !== null && d > 1000);
        expect(Math.abs(d! - haversineM(p, q)) / d!).toBeLessThan(0.006);
      }),
    );
  });

  it('is symmetric', () => {
    fc.assert(
      fc.property(point, point, (p, q) => {
        const d = distanceOrNull(p, q);
        fc.pre(d !== null);
        expect(Math.abs(d! - geodesicDistanceM(q, p))).toBeLessThan(1e-6);
      }),
    );
  });

  it('satisfies the triangle inequality', () => {
    fc.assert(
      fc.property(point, point, point, (p, q, r) => {
        const pr = distanceOrNull(p, r);
        const pq = distanceOrNull(p, q);
        const qr = distanceOrNull(q, r);
        fc.pre(pr !== null && pq !== null && qr !== null);
        expect(pr!).toBeLessThanOrEqual(pq! + qr! + 1e-6);
      }),
    );
  });

  it('never exceeds half the meridian ellipse (the longest geodesic) and is never negative', () => {
    fc.assert(
      fc.property(point, point, (p, q) => {
        const d = distanceOrNull(p, q);
        fc.pre(d !== null);
        expect(d!).toBeGreaterThanOrEqual(0);
        expect(d!).toBeLessThanOrEqual(2 * 10_001_965.7294);
      }),
    );
  });
});
