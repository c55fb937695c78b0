import { geodesicDistanceM } from './geodesic.ts';
import { DEFAULT_LINKS, linkOneWayMs, vacuumMs, type Link, type LinkKind } from './Link.ts';
import { VENUES, type Venue, type VenueName } from './Venue.ts';

/** One pair of venues: the geodesic, its light-time floor, and the one-way latency of each link kind. */
export interface VenueRoute {
  readonly from: VenueName;
  readonly to: VenueName;
  /** WGS-84 geodesic, km. */
  readonly km: number;
  /** Light in vacuum over the geodesic, ms: no link is faster. */
  readonly vacuumMs: number;
  /** null: no route of that kind (microwave between landmasses). */
  readonly microwaveMs: number | null;
  readonly fibreMs: number | null;
  readonly radioMs: number | null;
}

/** The venues and the links between every pair of them. Distances are computed once, on construction. */
export class VenueNetwork {
  readonly venues: readonly Venue[];
  readonly links: Readonly<Record<LinkKind, Link>>;
  private readonly index = new Map<string, number>();
  /** km between venues i and j at i * n + j (symmetric). */
  private readonly km: Float64Array;

  constructor(venues: readonly Venue[] = VENUES, links: Readonly<Record<LinkKind, Link>> = DEFAULT_LINKS) {
    this.venues = venues;
    this.links = links;
    venues.forEach((v, i) => {
      if (this.index.has(v.name)) throw new RangeError(`venue "${v.name}" given twice`);
      this.index.set(v.name, i);
    });
    const n = venues.length;
    this.km = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const km = geodesicDistanceM(venues[i], venues[j]) / 1000;
        this.km[i * n + j] = km;
        this.km[j * n + i] = km;
      }
    }
  }

  private indexOf(name: string): number {
    const i = this.index.get(name);
    if (i === undefined) throw new RangeError(`unknown venue "${name}" (venues: ${this.venues.map((v) => v.name).join(', ')})`);
    return i;
  }

  venue(name: string): Venue {
    return this.venues[this.indexOf(name)];
  }

  /** Geodesic between two venues, km (0 from a venue to itself). */
  geodesicKm(from: string, to: string): number {
    return this.km[this.indexOf(from) * this.venues.length + this.indexOf(to)];
  }

  vacuumMs(from: string, to: string): number {
    return vacuumMs(this.geodesicKm(from, to));
  }

  /** One-way latency over a link kind, ms; null when that kind cannot join the two venues. */
  oneWayMs(from: string, to: string, kind: LinkKind): number | null {
    return linkOneWayMs(this.links[kind], this.venue(from), this.venue(to), this.geodesicKm(from, to));
  }

  route(from: string, to: string): VenueRoute {
    const a = this.venue(from);
    const b = this.venue(to);
    const km = this.geodesicKm(from, to);
    return {
      from: a.name,
      to: b.name,
      km,
      vacuumMs: vacuumMs(km),
      microwaveMs: linkOneWayMs(this.links.microwave, a, b, km),
      fibreMs: linkOneWayMs(this.links.fibre, a, b, km),
      radioMs: linkOneWayMs(this.links.radio, a, b, km),
    };
  }

  /** Every unordered pair once, in venue order (links are symmetric, so to→from is the same route). */
  routes(): VenueRoute[] {
    const out: VenueRoute[] = [];
    for (let i = 0; i < this.venues.length; i++) {
      for (let j = i + 1; j < this.venues.length; j++) out.push(this.route(this.venues[i].name, this.venues[j].name));
    }
    return out;
  }
}
