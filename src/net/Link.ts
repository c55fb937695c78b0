import type { Venue, VenueName } from './Venue.ts';

/**
 * The kinds of link that join venues, and how long a signal takes on each: the length of the path the
 * signal really travels (the geodesic × a route stretch) times the medium's group refractive index, over c.
 *
 *   one-way latency = geodesic × stretch × n / c
 *
 * The stretch is an effective figure for the whole route, so it also absorbs repeater electronics and the
 * short fibre tails into each building. The figures are public, rounded, and chosen so the Chicago–New
 * Jersey corridor lands on its well-known numbers (vacuum 3.94 ms, microwave ≈ 4.1 ms, fibre ≈ 6.5 ms):
 * they are a model of a good commercial route, not of any one operator's.
 */
export const SPEED_OF_LIGHT_KM_PER_S = 299_792.458;

export const LINK_KINDS = ['microwave', 'fibre', 'radio'] as const;
export type LinkKind = (typeof LINK_KINDS)[number];

export function isLinkKind(name: string): name is LinkKind {
  return (LINK_KINDS as readonly string[]).includes(name);
}

export interface Link {
  readonly kind: LinkKind;
  /** Group refractive index of the medium (what sets the speed of a pulse): c / n. */
  readonly refractiveIndex: number;
  /** One line on the assumptions, for reports and --help. */
  readonly summary: string;
  /**
   * Length in km of the path the signal travels between two venues `geodesicKm` apart, or null when this
   * kind of link cannot join them at all.
   */
  pathKm(from: Venue, to: Venue, geodesicKm: number): number | null;
}

/** Light in vacuum over the geodesic: the floor no link can beat. */
export function vacuumMs(geodesicKm: number): number {
  return (geodesicKm / SPEED_OF_LIGHT_KM_PER_S) * 1000;
}

/** One-way latency of `link` between two venues in ms, or null when the link cannot join them. */
export function linkOneWayMs(link: Link, from: Venue, to: Venue, geodesicKm: number): number | null {
  const path = link.pathKm(from, to, geodesicKm);
  return path === null ? null : (path * link.refractiveIndex * 1000) / SPEED_OF_LIGHT_KM_PER_S;
}

/** Path length / geodesic for a pair (null when the link cannot join them, NaN for a zero-length pair). */
export function routeStretch(link: Link, from: Venue, to: Venue, geodesicKm: number): number | null {
  const path = link.pathKm(from, to, geodesicKm);
  return path === null ? null : path / geodesicKm;
}

/** A stretch that applies between two groups of venues (a known corridor with a published route). */
export interface Corridor {
  readonly between: readonly VenueName[];
  readonly and: readonly VenueName[];
  readonly stretch: number;
}

function corridorStretch(corridors: readonly Corridor[], from: Venue, to: Venue, fallback: number): number {
  for (const c of corridors) {
    if ((c.between.includes(from.name) && c.and.includes(to.name)) || (c.between.includes(to.name) && c.and.includes(from.name))) return c.stretch;
  }
  return fallback;
}

function checkStretch(stretch: number, what: string): void {
  if (!(stretch >= 1) || !Number.isFinite(stretch)) throw new RangeError(`${what} stretch must be a finite number >= 1, got ${stretch}`);
}

const NJ_VENUES: readonly VenueName[] = ['Carteret', 'Mahwah', 'Secaucus'];

/**
 * Terrestrial microwave: line-of-sight hops between towers through air.
 *
 * n = 1.0003: the radio refractivity of air near the ground is about N = 300 ppm (ITU-R P.453), so a
 * pulse travels at c / 1.0003. Stretch 1.04 (effective): the fastest licensed Chicago–New Jersey
 * networks run within about 1 % of the geodesic; a good commercial service, with its repeaters and
 * building tails, takes ≈ 4.1 ms Aurora–Carteret (the CME–Nasdaq service of 2013 advertised < 4.25 ms),
 * which 1.04 reproduces.
 *
 * Microwave needs a tower every ~50–100 km of line of sight, so it cannot cross an ocean or a wide
 * strait: between venues on different landmasses there is no microwave route and the latency is null
 * (not "very large"), which is what a latency engineer would write on the route map. Those pairs go by
 * fibre (submarine cable) or HF radio.
 */
export class MicrowaveLink implements Link {
  readonly kind = 'microwave';
  readonly refractiveIndex: number;
  readonly stretch: number;
  readonly summary: string;

  constructor(options: { refractiveIndex?: number; stretch?: number } = {}) {
    this.refractiveIndex = options.refractiveIndex ?? 1.0003;
    this.stretch = options.stretch ?? 1.04;
    checkStretch(this.stretch, 'microwave');
    this.summary = `microwave: n ${this.refractiveIndex} (air), stretch ${this.stretch}; none between landmasses`;
  }

  pathKm(from: Venue, to: Venue, geodesicKm: number): number | null {
    return from.landmass === to.landmass ? geodesicKm * this.stretch : null;
  }
}

/**
 * Optical fibre, terrestrial and submarine.
 *
 * n = 1.4682: the group index of Corning SMF-28 at 1550 nm (its datasheet), i.e. 4.90 µs per km.
 * Stretch 1.3 by default: long-haul fibre follows roads, railways and rights of way on land, and
 * coastlines and landing stations at sea; good dedicated routes are 1.2–1.3, public internet paths 1.5 or
 * more. The Chicago–New Jersey corridor has a purpose-built, nearly straight route (Spread Networks,
 * 2010: 13.1 ms round trip; the fastest fibre was quoted at 6.65 ms one-way in 2013): 1.125 there gives
 * ≈ 6.5 ms Aurora–Carteret.
 */
export class FibreLink implements Link {
  readonly kind = 'fibre';
  readonly refractiveIndex: number;
  readonly stretch: number;
  readonly corridors: readonly Corridor[];
  readonly summary: string;

  constructor(options: { refractiveIndex?: number; stretch?: number; corridors?: readonly Corridor[] } = {}) {
    this.refractiveIndex = options.refractiveIndex ?? 1.4682;
    this.stretch = options.stretch ?? 1.3;
    this.corridors = options.corridors ?? [{ between: ['Aurora'], and: NJ_VENUES, stretch: 1.125 }];
    checkStretch(this.stretch, 'fibre');
    for (const c of this.corridors) checkStretch(c.stretch, 'fibre corridor');
    this.summary = `fibre: n ${this.refractiveIndex} (SMF-28 group index), stretch ${this.stretch} (${this.corridors
      .map((c) => `${c.between.join('/')}–${c.and.join('/')} ${c.stretch}`)
      .join(', ')})`;
  }

  pathKm(from: Venue, to: Venue, geodesicKm: number): number | null {
    return geodesicKm * corridorStretch(this.corridors, from, to, this.stretch);
  }
}

/** Mean earth radius (IUGG), km: the hop geometry below is spherical, which is ample for it. */
const EARTH_RADIUS_KM = 6371.0088;
const DEG = Math.PI / 180;

/**
 * HF (shortwave) radio by sky wave: the signal goes up to the ionosphere's F2 layer and back down, in as
 * many equal hops as the distance needs. That hop geometry is the whole stretch, so it is computed, not
 * assumed: per hop, two straight slant paths from the ground to the reflection point at the virtual height.
 *
 * n = 1: by the Breit–Tuve theorem the group delay through the ionosphere equals that of light in vacuum
 * over the triangle up to the *virtual* height, so the virtual-height path already carries the ionosphere's
 * slowing; the lower atmosphere adds ~0.03 % over a few tens of km, which is negligible (< 0.1 µs).
 *
 * Virtual height 300 km (the F2 layer's is 250–400 km, day to night); the lowest usable take-off angle is 3°,
 * which limits one hop to ~3,200 km of ground. Long paths come out ~1.02–1.05 × the geodesic (Chicago–London
 * style HF links); short ones are slow (a 30 km hop still climbs 300 km), as they are in reality: HF only
 * pays where fibre's 1.47 index and an ocean leave nothing better.
 */
export class RadioLink implements Link {
  readonly kind = 'radio';
  readonly refractiveIndex: number;
  readonly virtualHeightKm: number;
  readonly minElevationDeg: number;
  /** Longest ground range of one hop at the lowest take-off angle. */
  readonly maxHopKm: number;
  readonly summary: string;

  constructor(options: { refractiveIndex?: number; virtualHeightKm?: number; minElevationDeg?: number } = {}) {
    this.refractiveIndex = options.refractiveIndex ?? 1;
    this.virtualHeightKm = options.virtualHeightKm ?? 300;
    this.minElevationDeg = options.minElevationDeg ?? 3;
    if (!(this.virtualHeightKm > 0)) throw new RangeError(`radio virtual height must be > 0 km, got ${this.virtualHeightKm}`);
    if (!(this.minElevationDeg >= 0 && this.minElevationDeg < 90)) throw new RangeError(`radio minimum elevation must be in [0, 90) degrees, got ${this.minElevationDeg}`);
    // Half the earth-centre angle of the longest hop: the ray leaves at elevation β and meets the layer at
    // R + h, so by the sine rule θ = 90° − β − asin(R cos β / (R + h)).
    const beta = this.minElevationDeg * DEG;
    const halfAngle = Math.PI / 2 - beta - Math.asin((EARTH_RADIUS_KM * Math.cos(beta)) / (EARTH_RADIUS_KM + this.virtualHeightKm));
    this.maxHopKm = 2 * EARTH_RADIUS_KM * halfAngle;
    this.summary = `radio: HF sky wave, ${this.virtualHeightKm} km virtual height, hops ≤ ${Math.round(this.maxHopKm)} km, n ${this.refractiveIndex}`;
  }

  /** Hops needed to cover a ground distance. */
  hops(geodesicKm: number): number {
    return Math.max(1, Math.ceil(geodesicKm / this.maxHopKm));
  }

  pathKm(_from: Venue, _to: Venue, geodesicKm: number): number {
    const R = EARTH_RADIUS_KM;
    const top = R + this.virtualHeightKm;
    const hops = this.hops(geodesicKm);
    // Each hop: ground → reflection point above the hop's middle → ground; slant by the cosine rule.
    const halfAngle = geodesicKm / hops / (2 * R);
    const slant = Math.sqrt(R * R + top * top - 2 * R * top * Math.cos(halfAngle));
    return 2 * hops * slant;
  }
}

/** The links the network uses unless told otherwise. */
export const DEFAULT_LINKS: Readonly<Record<LinkKind, Link>> = {
  microwave: new MicrowaveLink(),
  fibre: new FibreLink(),
  radio: new RadioLink(),
};
