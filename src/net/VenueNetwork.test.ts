import { describe, expect, it } from 'vitest';
import { VENUE_NAMES, venueByName, type VenueName } from './Venue.ts';
import { VenueNetwork } from './VenueNetwork.ts';

const C_KM_PER_S = 299_792.458;

/** Independent of the code under test: the great circle on a sphere of the mean radius, km. */
function haversineKm(a: VenueName, b: VenueName): number {
  const p = venueByName(a);
  const q = venueByName(b);
  const r = Math.PI / 180;
  const h = Math.sin(((q.latDeg - p.latDeg) * r) / 2) ** 2 + Math.cos(p.latDeg * r) * Math.cos(q.latDeg * r) * Math.sin(((q.lonDeg - p.lonDeg) * r) / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.sqrt(h));
}

/**
 * Geodesics between the venues' coordinates from GeographicLib 2.2 (Karney's algorithm, an independent
 * implementation), metres, computed once.
 */
const GEOGRAPHICLIB_M: readonly [VenueName, VenueName, number][] = [
  ['Aurora', 'Carteret', 1_181_356.586],
  ['Aurora', 'Mahwah', 1_179_992.3301],
  ['Aurora', 'Secaucus', 1_191_553.2803],
  ['Aurora', 'Tokyo', 10_134_177.1319],
  ['Aurora', 'HongKong', 12_542_107.1582],
  ['Carteret', 'Mahwah', 57_370.3168],
  ['Carteret', 'Secaucus', 26_495.488],
  ['Carteret', 'Tokyo', 10_874_360.1558],
  ['Carteret', 'HongKong', 12_989_600.1649],
  ['Mahwah', 'Secaucus', 35_118.885],
  ['Mahwah', 'Tokyo', 10_827_742.3843],
  ['Mahwah', 'HongKong', 12_934_787.2262],
  ['Secaucus', 'Tokyo', 10_861_290.9246],
  ['Secaucus', 'HongKong', 12_969_896.9784],
  ['Tokyo', 'HongKong', 2_881_846.8791],
];

const net = new VenueNetwork();

describe('VenueNetwork', () => {
  it('puts the Chicago (Aurora) – New Jersey (Carteret) vacuum floor at 3.94–3.97 ms', () => {
    const floor = net.vacuumMs('Aurora', 'Carteret');
    expect(floor).toBeGreaterThanOrEqual(3.94);
    expect(floor).toBeLessThanOrEqual(3.97);
    // Hand check: haversine km / c, within 0.5 %.
    const expected = (haversineKm('Aurora', 'Carteret') / C_KM_PER_S) * 1000;
    expect(Math.abs(floor - expected) / expected).toBeLessThan(0.005);
  });

  it('puts the Tokyo – New Jersey (Carteret) vacuum floor at ≈ 36.3 ms', () => {
    const km = haversineKm('Tokyo', 'Carteret');
    expect(Math.abs(net.geodesicKm('Tokyo', 'Carteret') - km) / km).toBeLessThan(0.005);
    const floor = net.vacuumMs('Tokyo', 'Carteret');
    const expected = (km / C_KM_PER_S) * 1000;
    expect(Math.abs(floor - expected) / expected).toBeLessThan(0.005);
    expect(floor).toBeCloseTo(36.3, 1);
  });

  it('lands the Chicago–New Jersey links on the published figures: microwave ≈ 4.1 ms, fibre ≈ 6.5 ms', () => {
    const r = net.route('Aurora', 'Carteret');
    expect(r.microwaveMs!).toBeGreaterThan(4.0);
    expect(r.microwaveMs!).toBeLessThan(4.2);
    expect(r.fibreMs!).toBeGreaterThan(6.4);
    expect(r.fibreMs!).toBeLessThan(6.6);
  });

  it('agrees with GeographicLib on every pair to the millimetre', () => {
    for (const [a, b, metres] of GEOGRAPHICLIB_M) expect(Math.abs(net.geodesicKm(a, b) * 1000 - metres)).toBeLessThan(0.001);
  });

  it('lists every unordered pair once, and a route reads the same both ways', () => {
    const routes = net.routes();
    const n = VENUE_NAMES.length;
    expect(routes).toHaveLength((n * (n - 1)) / 2);
    expect(new Set(routes.map((r) => [r.from, r.to].sort().join('-'))).size).toBe(routes.length);
    for (const r of routes) {
      const back = net.route(r.to, r.from);
      expect(back.km).toBe(r.km);
      expect(back.fibreMs).toBe(r.fibreMs);
      expect(back.microwaveMs).toBe(r.microwaveMs);
      expect(back.radioMs).toBe(r.radioMs);
    }
    expect(net.geodesicKm('Tokyo', 'Tokyo')).toBe(0);
  });

  it('keeps vacuum ≤ microwave ≤ fibre and vacuum ≤ radio on every route; microwave only within a landmass', () => {
    for (const r of net.routes()) {
      expect(r.vacuumMs).toBeCloseTo((r.km / C_KM_PER_S) * 1000, 12);
      expect(r.vacuumMs).toBeLessThanOrEqual(r.fibreMs!);
      expect(r.vacuumMs).toBeLessThanOrEqual(r.radioMs!);
      const sameLand = venueByName(r.from).landmass === venueByName(r.to).landmass;
      expect(r.microwaveMs === null).toBe(!sameLand);
      if (r.microwaveMs !== null) {
        expect(r.vacuumMs).toBeLessThanOrEqual(r.microwaveMs);
        expect(r.microwaveMs).toBeLessThanOrEqual(r.fibreMs!);
      }
    }
  });

  it('satisfies the triangle inequality over every triple of venues', () => {
    for (const a of VENUE_NAMES) {
      for (const b of VENUE_NAMES) {
        for (const c of VENUE_NAMES) expect(net.geodesicKm(a, c)).toBeLessThanOrEqual(net.geodesicKm(a, b) + net.geodesicKm(b, c) + 1e-9);
      }
    }
  });

  it('rejects an unknown venue by name', () => {
    expect(() => net.route('Aurora', 'London')).toThrow(/unknown venue "London"/);
  });
});
