import { describe, expect, it } from 'vitest';
import { isVenueName, venueByName, VENUE_NAMES, VENUES } from './Venue.ts';

describe('Venue', () => {
  it('names every venue by its city, exactly as written, in VENUE_NAMES order', () => {
    expect(VENUES.map((v) => v.name)).toEqual([...VENUE_NAMES]);
    for (const name of ['Carteret', 'Mahwah', 'Aurora', 'Tokyo', 'HongKong']) expect(isVenueName(name)).toBe(true);
    expect(isVenueName('Hong Kong')).toBe(false);
  });

  it('places each data centre where the brief says (to ~0.05°)', () => {
    const near = (name: string, lat: number, lon: number) => {
      const v = venueByName(name);
      expect(Math.abs(v.latDeg - lat)).toBeLessThan(0.05);
      expect(Math.abs(v.lonDeg - lon)).toBeLessThan(0.05);
    };
    near('Carteret', 40.5777, -74.2435);
    near('Mahwah', 41.0887, -74.1435);
    near('Aurora', 41.7958, -88.2479);
    near('Tokyo', 35.68, 139.77);
    near('HongKong', 22.31, 114.26);
  });

  it('rejects an unknown name, listing the known ones', () => {
    expect(() => venueByName('Chicago')).toThrow(/unknown venue "Chicago".*Aurora/);
  });
});
