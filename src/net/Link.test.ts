import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { geodesicDistanceM, GeodesicConvergenceError } from './geodesic.ts';
import { DEFAULT_LINKS, FibreLink, linkOneWayMs, MicrowaveLink, RadioLink, routeStretch, SPEED_OF_LIGHT_KM_PER_S, vacuumMs } from './Link.ts';
import { venueByName, type Landmass, type Venue } from './Venue.ts';

const aurora = venueByName('Aurora');
const carteret = venueByName('Carteret');
const tokyo = venueByName('Tokyo');
const hongKong = venueByName('HongKong');

describe('link kinds', () => {
  it('takes 1 ms for light in vacuum to cross 299.792458 km', () => {
    expect(vacuumMs(299.792458)).toBeCloseTo(1, 12);
    expect(SPEED_OF_LIGHT_KM_PER_S).toBe(299_792.458);
  });

  it('computes one-way latency as geodesic × stretch × n / c', () => {
    const fibre = new FibreLink({ stretch: 1.5, corridors: [] });
    // 1000 km × 1.5 × 1.4682 / c
    expect(linkOneWayMs(fibre, tokyo, hongKong, 1000)).toBeCloseTo((1000 * 1.5 * 1.4682 * 1000) / 299_792.458, 12);
  });

  it('has no microwave route between landmasses, and one within a landmass', () => {
    const mw = DEFAULT_LINKS.microwave;
    expect(mw.pathKm(tokyo, carteret, 10_000)).toBeNull();
    expect(mw.pathKm(tokyo, hongKong, 2_900)).toBeNull();
    expect(mw.pathKm(aurora, carteret, 1_000)).toBeCloseTo(1_040, 9);
    expect(mw.refractiveIndex).toBeCloseTo(1.0003, 6);
  });

  it('uses the Chicago–New Jersey fibre corridor in both directions, the default stretch elsewhere', () => {
    const fibre = DEFAULT_LINKS.fibre;
    expect(routeStretch(fibre, aurora, carteret, 1000)).toBeCloseTo(1.125, 12);
    expect(routeStretch(fibre, carteret, aurora, 1000)).toBeCloseTo(1.125, 12);
    expect(routeStretch(fibre, tokyo, hongKong, 1000)).toBeCloseTo(1.3, 12);
    expect(fibre.refractiveIndex).toBe(1.4682);
  });

  it('rejects a stretch below 1 (a path shorter than the geodesic)', () => {
    expect(() => new MicrowaveLink({ stretch: 0.99 })).toThrow(RangeError);
    expect(() => new FibreLink({ corridors: [{ between: ['Aurora'], and: ['Tokyo'], stretch: 0.5 }] })).toThrow(RangeError);
  });

  describe('HF radio hop geometry', () => {
    const radio = new RadioLink();
    const R = 6371.0088;
    const h = 300;

    it('goes straight up and down for a zero-length path: 2 × the virtual height', () => {
      expect(radio.pathKm(aurora, aurora, 0)).toBeCloseTo(2 * h, 9);
    });

    it('limits one hop to the range where the take-off angle is 3°', () => {
      // Elevation at the ground end of a hop of half-angle θ: tan β = (cos θ − R/(R+h)) / sin θ.
      const theta = radio.maxHopKm / (2 * R);
      const beta = Math.atan((Math.cos(theta) - R / (R + h)) / Math.sin(theta));
      expect(beta / (Math.PI / 180)).toBeCloseTo(3, 9);
      expect(radio.maxHopKm).toBeGreaterThan(3000);
      expect(radio.maxHopKm).toBeLessThan(3500);
      expect(radio.hops(radio.maxHopKm)).toBe(1);
      expect(radio.hops(radio.maxHopKm + 1)).toBe(2);
      expect(radio.hops(10_874)).toBe(4);
    });

    it('matches the flat-earth triangle on a short hop', () => {
      expect(radio.pathKm(aurora, carteret, 10)).toBeCloseTo(2 * Math.hypot(5, h), 1);
    });

    it('stretches long paths by only 1–6 %, short ones by a lot', () => {
      const long = routeStretch(radio, tokyo, carteret, 10_874)!;
      expect(long).toBeGreaterThan(1.01);
      expect(long).toBeLessThan(1.06);
      expect(routeStretch(radio, aurora, carteret, 1181)!).toBeGreaterThan(1.1);
      expect(radio.refractiveIndex).toBe(1);
    });
  });

  it('never beats light in vacuum, and microwave is never slower than fibre (any two points)', () => {
    const landmass = fc.constantFrom<Landmass>('north-america', 'japan-honshu', 'asia-mainland');
    const venue = fc.record({
      latDeg: fc.double({ min: -80, max: 80, noNaN: true }),
      lonDeg: fc.double({ min: -180, max: 180, noNaN: true }),
      landmass,
    });
    fc.assert(
      fc.property(venue, venue, (p, q) => {
        const a: Venue = { ...aurora, ...p };
        const b: Venue = { ...carteret, ...q };
        let km: number;
        try {
          km = geodesicDistanceM(a, b) / 1000;
        } catch (e) {
          if (e instanceof GeodesicConvergenceError) return fc.pre(false);
          throw e;
        }
        const floor = vacuumMs(km);
        const mw = linkOneWayMs(DEFAULT_LINKS.microwave, a, b, km);
        const fibre = linkOneWayMs(DEFAULT_LINKS.fibre, a, b, km)!;
        const radio = linkOneWayMs(DEFAULT_LINKS.radio, a, b, km)!;
        expect(mw === null).toBe(a.landmass !== b.landmass);
        if (mw !== null) {
          expect(floor).toBeLessThanOrEqual(mw);
          expect(mw).toBeLessThanOrEqual(fibre);
        }
        expect(floor).toBeLessThanOrEqual(fibre);
        expect(floor).toBeLessThanOrEqual(radio);
      }),
    );
  });
});
