/**
 * Shortest distance over the WGS-84 ellipsoid (Vincenty's inverse formula, 1975).
 *
 * Vincenty is accurate to well under a millimetre on every line it solves, which is ~3 fs of light time:
 * the ellipsoid matters (a sphere is off by up to 0.5 %, i.e. 180 µs on Tokyo–New York) but nothing finer
 * does. Its one weakness is nearly antipodal points (within about half a degree of the antipode, more near
 * the equator), where the longitude iteration does not converge; there it throws GeodesicConvergenceError
 * instead of returning a wrong number. Trading venues are nowhere near antipodal (Tokyo–New Jersey, our
 * farthest pair, is about half of the 20,004 km maximum), so a full Karney (2013) solver is not worth its weight.
 */
export interface Ellipsoid {
  /** Semi-major axis, metres. */
  readonly a: number;
  /** Flattening (a - b) / a. */
  readonly f: number;
}

export const WGS84: Ellipsoid = { a: 6_378_137, f: 1 / 298.257223563 };

export interface GeoPoint {
  readonly latDeg: number;
  readonly lonDeg: number;
}

export interface GeodesicSolution {
  /** Length of the shortest geodesic, metres. */
  readonly distanceM: number;
  /** Azimuth at the start, degrees clockwise from north in [0, 360); NaN for coincident points. */
  readonly initialBearingDeg: number;
  /** Azimuth at the end (direction of travel), degrees in [0, 360); NaN for coincident points. */
  readonly finalBearingDeg: number;
  /** Iterations of the longitude equation the solution took. */
  readonly iterations: number;
}

/** Vincenty's inverse did not converge: the points are (nearly) antipodal. */
export class GeodesicConvergenceError extends RangeError {
  constructor(
    readonly from: GeoPoint,
    readonly to: GeoPoint,
  ) {
    super(
      `geodesic (${from.latDeg}, ${from.lonDeg}) → (${to.latDeg}, ${to.lonDeg}): the points are nearly antipodal and ` +
        `Vincenty's inverse formula does not converge there (use Karney's algorithm, e.g. GeographicLib, for such lines)`,
    );
    this.name = 'GeodesicConvergenceError';
  }
}

const DEG = Math.PI / 180;
const MAX_ITERATIONS = 200;
/** On λ, radians: 1e-12 rad is 6 µm on the earth's surface. */
const TOLERANCE = 1e-12;

function checkPoint(p: GeoPoint, which: string): void {
  if (!Number.isFinite(p.latDeg) || p.latDeg < -90 || p.latDeg > 90) throw new RangeError(`${which} latitude must be in [-90, 90] degrees, got ${p.latDeg}`);
  if (!Number.isFinite(p.lonDeg)) throw new RangeError(`${which} longitude must be finite, got ${p.lonDeg}`);
}

/** Wraps an angle in radians to (-π, π]. */
function wrapPi(x: number): number {
  const y = x % (2 * Math.PI);
  if (y > Math.PI) return y - 2 * Math.PI;
  if (y <= -Math.PI) return y + 2 * Math.PI;
  return y;
}

function bearingDeg(rad: number): number {
  const d = rad / DEG;
  return d < 0 ? d + 360 : d;
}

/** Solves the inverse geodesic problem between two points (Vincenty 1975, with his notation). */
export function geodesicInverse(from: GeoPoint, to: GeoPoint, ellipsoid: Ellipsoid = WGS84): GeodesicSolution {
  checkPoint(from, 'from');
  checkPoint(to, 'to');
  const { a, f } = ellipsoid;
  const b = a * (1 - f);
  const L = wrapPi((to.lonDeg - from.lonDeg) * DEG);
  // Reduced latitudes.
  const U1 = Math.atan((1 - f) * Math.tan(from.latDeg * DEG));
  const U2 = Math.atan((1 - f) * Math.tan(to.latDeg * DEG));
  const sinU1 = Math.sin(U1);
  const cosU1 = Math.cos(U1);
  const sinU2 = Math.sin(U2);
  const cosU2 = Math.cos(U2);

  let lambda = L;
  let sinSigma = 0;
  let cosSigma = 1;
  let sigma = 0;
  let cos2Alpha = 1;
  let cos2SigmaM = 0;
  let iterations = 0;
  let converged = false;
  while (iterations < MAX_ITERATIONS) {
    iterations++;
    const sinLambda = Math.sin(lambda);
    const cosLambda = Math.cos(lambda);
    const t1 = cosU2 * sinLambda;
    const t2 = cosU1 * sinU2 - sinU1 * cosU2 * cosLambda;
    sinSigma = Math.sqrt(t1 * t1 + t2 * t2);
    cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosLambda;
    if (sinSigma === 0) {
      // Either the same point (σ = 0) or exact antipodes on the auxiliary sphere (σ = π), where the
      // azimuth is undefined and the formula breaks down.
      if (cosSigma > 0) return { distanceM: 0, initialBearingDeg: NaN, finalBearingDeg: NaN, iterations };
      throw new GeodesicConvergenceError(from, to);
    }
    sigma = Math.atan2(sinSigma, cosSigma);
    const sinAlpha = (cosU1 * cosU2 * sinLambda) / sinSigma;
    cos2Alpha = 1 - sinAlpha * sinAlpha;
    // On the equator cos²α = 0 and the term is taken as 0 (Vincenty's note).
    cos2SigmaM = cos2Alpha !== 0 ? cosSigma - (2 * sinU1 * sinU2) / cos2Alpha : 0;
    const C = (f / 16) * cos2Alpha * (4 + f * (4 - 3 * cos2Alpha));
    const next =
      L + (1 - C) * f * sinAlpha * (sigma + C * sinSigma * (cos2SigmaM + C * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)));
    // |λ| > π means the iteration has wandered onto the antipodal branch: no meaningful solution.
    if (Math.abs(next) > Math.PI) throw new GeodesicConvergenceError(from, to);
    const done = Math.abs(next - lambda) <= TOLERANCE;
    lambda = next;
    if (done) {
      converged = true;
      break;
    }
  }
  if (!converged) throw new GeodesicConvergenceError(from, to);

  const uSq = (cos2Alpha * (a * a - b * b)) / (b * b);
  const A = 1 + (uSq / 16384) * (4096 + uSq * (-768 + uSq * (320 - 175 * uSq)));
  const B = (uSq / 1024) * (256 + uSq * (-128 + uSq * (74 - 47 * uSq)));
  const c2 = cos2SigmaM * cos2SigmaM;
  const deltaSigma =
    B * sinSigma * (cos2SigmaM + (B / 4) * (cosSigma * (-1 + 2 * c2) - (B / 6) * cos2SigmaM * (-3 + 4 * sinSigma * sinSigma) * (-3 + 4 * c2)));
  const distanceM = b * A * (sigma - deltaSigma);
  // Azimuths from the converged λ.
  const sinLambda = Math.sin(lambda);
  const cosLambda = Math.cos(lambda);
  const alpha1 = Math.atan2(cosU2 * sinLambda, cosU1 * sinU2 - sinU1 * cosU2 * cosLambda);
  const alpha2 = Math.atan2(cosU1 * sinLambda, -sinU1 * cosU2 + cosU1 * sinU2 * cosLambda);
  return { distanceM, initialBearingDeg: bearingDeg(alpha1), finalBearingDeg: bearingDeg(alpha2), iterations };
}

/** Geodesic distance in metres on the WGS-84 ellipsoid (or the one given). */
export function geodesicDistanceM(from: GeoPoint, to: GeoPoint, ellipsoid: Ellipsoid = WGS84): number {
  return geodesicInverse(from, to, ellipsoid).distanceM;
}
