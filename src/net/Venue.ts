/**
 * Where the matching engines are: one venue per data centre, named by its city, with WGS-84 coordinates
 * in degrees (north and east positive).
 *
 * Coordinates are those of the building's street address, good to a few hundred metres: 1 km of
 * position error moves a vacuum floor by 3.3 µs, well below what separates the link kinds. Where an
 * exchange does not disclose its primary site (JPX), the exchange's own building stands in for it.
 */
export const VENUE_NAMES = ['Aurora', 'Carteret', 'Mahwah', 'Secaucus', 'Tokyo', 'HongKong'] as const;
export type VenueName = (typeof VENUE_NAMES)[number];

/**
 * The land a venue stands on, as far as a microwave tower chain can go: towers need line of sight
 * every ~50–100 km, so two venues on different landmasses (an ocean or a wide strait between them)
 * have no microwave route.
 */
export type Landmass = 'north-america' | 'japan-honshu' | 'asia-mainland';

export interface Venue {
  readonly name: VenueName;
  /** Exchanges matched in this data centre. */
  readonly exchanges: string;
  /** The site: operator and address. */
  readonly site: string;
  readonly latDeg: number;
  readonly lonDeg: number;
  readonly landmass: Landmass;
}

/** Every venue, in VENUE_NAMES order. */
export const VENUES: readonly Venue[] = [
  {
    name: 'Aurora',
    exchanges: 'CME Group (Globex)',
    site: 'CME data centre (CyrusOne), 2905 Diehl Rd, Aurora, IL',
    latDeg: 41.7958,
    lonDeg: -88.2479,
    landmass: 'north-america',
  },
  {
    name: 'Carteret',
    exchanges: 'Nasdaq',
    site: 'Nasdaq data centre (Equinix NY11), 1400 Federal Blvd, Carteret, NJ',
    latDeg: 40.5777,
    lonDeg: -74.2435,
    landmass: 'north-america',
  },
  {
    name: 'Mahwah',
    exchanges: 'NYSE, NYSE Arca, NYSE American',
    site: 'NYSE data centre, 1700 MacArthur Blvd, Mahwah, NJ',
    latDeg: 41.0887,
    lonDeg: -74.1435,
    landmass: 'north-america',
  },
  {
    name: 'Secaucus',
    exchanges: 'Cboe equities (BZX/BYX/EDGX/EDGA), many ATSs and FX ECNs',
    site: 'Equinix NY4/NY5, 755 Secaucus Rd, Secaucus, NJ',
    latDeg: 40.7772,
    lonDeg: -74.0716,
    landmass: 'north-america',
  },
  {
    name: 'Tokyo',
    exchanges: 'JPX (Tokyo Stock Exchange, Osaka Exchange derivatives via arrownet)',
    site: 'Tokyo Stock Exchange, 2-1 Nihonbashi-Kabutocho, Chuo-ku, Tokyo (primary data centre undisclosed, in the Tokyo area)',
    latDeg: 35.6825,
    lonDeg: 139.7782,
    landmass: 'japan-honshu',
  },
  {
    name: 'HongKong',
    exchanges: 'HKEX (securities and derivatives)',
    site: 'HKEX Data Centre, Tseung Kwan O Industrial Estate, New Territories, Hong Kong',
    latDeg: 22.285,
    lonDeg: 114.272,
    landmass: 'asia-mainland',
  },
];

const BY_NAME = new Map<string, Venue>(VENUES.map((v) => [v.name, v]));

export function isVenueName(name: string): name is VenueName {
  return BY_NAME.has(name);
}

/** The venue of that name (exactly as written: `HongKong`, not `Hong Kong`); RangeError listing the names otherwise. */
export function venueByName(name: string): Venue {
  const v = BY_NAME.get(name);
  if (v === undefined) throw new RangeError(`unknown venue "${name}" (venues: ${VENUE_NAMES.join(', ')})`);
  return v;
}
