import type { SeededRng } from '../../core/rng.ts';
import { standardNormal } from '../gaussian.ts';

/**
 * The latent ("fundamental") value of the simulated stock: an Ornstein–Uhlenbeck process with jumps,
 *   dV = κ (μ − V) dt + σ dW + J dN,   N Poisson with rate λ, J ~ Normal(0, jumpSd²),
 * so a jump is news that the price must find and that then decays back toward μ like any deviation.
 * The path is drawn once for the whole session on a fixed grid (exact OU transition between grid points,
 * at most one jump per step), which lets informed traders read it *ahead* of time and every other reader
 * get the same value: `at(t)` is the value of the last grid point at or before t.
 * Values are in the instrument's price units (LOBSTER: 1/10000 dollar) and never fall below one tick.
 */
export interface LatentValueParams {
  /** Long-run mean μ (price units). */
  readonly mean: number;
  /** V at the start; default μ. */
  readonly start?: number;
  /** κ per second; the half-life of a deviation is ln 2 / κ. */
  readonly meanReversionPerSecond: number;
  /** σ in price units per √second. */
  readonly volatilityPerSqrtSecond: number;
  /** λ, jumps per second. */
  readonly jumpRatePerSecond: number;
  /** Standard deviation of a jump (price units). */
  readonly jumpSd: number;
  /** Grid step in ns. */
  readonly stepNs: number;
}

/**
 * GOOG-like defaults at LOBSTER's price scale: μ = $580, half-life 30 minutes, σ = $0.065/√s (a $10 day
 * if it did not revert; stationary standard deviation ≈ $2.3), four jumps a day of $1 standard deviation,
 * 100 ms grid.
 */
export const DEFAULT_LATENT_VALUE: LatentValueParams = {
  mean: 5_800_000,
  meanReversionPerSecond: Math.LN2 / 1800,
  volatilityPerSqrtSecond: 650,
  jumpRatePerSecond: 4 / 23_400,
  jumpSd: 10_000,
  stepNs: 100_000_000,
};

export class LatentValue {
  readonly path: Float64Array;
  /** Grid index of each jump's step, in order (for tests and reports). */
  readonly jumpSteps: number[] = [];

  constructor(
    readonly params: LatentValueParams,
    /** Time of path[0] (ns since the batch origin). */
    readonly startNs: number,
    endNs: number,
    rng: SeededRng,
    /** Floor for the value (one tick). */
    floor = 1,
  ) {
    const { meanReversionPerSecond: kappa, volatilityPerSqrtSecond: sigma, jumpRatePerSecond: lambda, jumpSd, stepNs, mean } = params;
    if (!(kappa > 0) || !(sigma >= 0) || !(lambda >= 0) || !(jumpSd >= 0) || !(stepNs > 0) || !(mean > 0) || !(endNs >= startNs)) {
      throw new RangeError(`LatentValue: invalid parameters ${JSON.stringify(params)} over [${startNs}, ${endNs}]`);
    }
    const steps = Math.floor((endNs - startNs) / stepNs) + 1;
    const path = new Float64Array(steps);
    const dt = stepNs / 1e9;
    const a = Math.exp(-kappa * dt);
    const sd = sigma * Math.sqrt((1 - a * a) / (2 * kappa));
    const pJump = 1 - Math.exp(-lambda * dt);
    const step: PathStep = { mean, a, sd, pJump, jumpSd, floor };
    let v = params.start ?? mean;
    path[0] = v;
    // In chunks: a small function called many times is optimized (with the normal draws inlined) after
    // a few chunks; one long loop in the constructor would run on-stack-replaced code that boxes every draw.
    for (let i = 1; i < steps; i += PATH_CHUNK) v = fillPath(path, i, Math.min(steps, i + PATH_CHUNK), v, step, rng, this.jumpSteps);
    this.path = path;
  }

  get stepNs(): number {
    return this.params.stepNs;
  }

  /** The value at `timeNs` (clamped to the path's span). */
  at(timeNs: number): number {
    const path = this.path;
    let i = Math.floor((timeNs - this.startNs) / this.params.stepNs);
    if (i < 0) i = 0;
    else if (i >= path.length) i = path.length - 1;
    return path[i];
  }

  /** Half-life of a deviation from the mean, in seconds. */
  get halfLifeSeconds(): number {
    return Math.LN2 / this.params.meanReversionPerSecond;
  }
}

/** The constants of one grid step (see the class comment). */
interface PathStep {
  readonly mean: number;
  /** exp(−κ dt) */
  readonly a: number;
  /** Standard deviation of the OU transition over dt. */
  readonly sd: number;
  /** Probability of a jump in a step. */
  readonly pJump: number;
  readonly jumpSd: number;
  readonly floor: number;
}

const PATH_CHUNK = 2048;

/** path[from, to) from the value `v` at from − 1 (draws in path order); returns the value at to − 1. */
function fillPath(path: Float64Array, from: number, to: number, start: number, p: PathStep, rng: SeededRng, jumpSteps: number[]): number {
  const { mean, a, sd, pJump, jumpSd, floor } = p;
  // `+start`: a parameter has no known type in optimized code, and a loop variable merged with it would
  // be a boxed heap number on every turn; as a number it stays in a register.
  let v = +start;
  for (let i = from; i < to; i++) {
    v = mean + (v - mean) * a + sd * standardNormal(rng);
    if (pJump > 0 && rng.nextFloat() < pJump) {
      v += jumpSd * standardNormal(rng);
      jumpSteps.push(i);
    }
    if (v < floor) v = floor;
    path[i] = v;
  }
  return v;
}
