import { lobsterInstrument } from '../../data/Instrument.ts';
import { simulateMarket } from '../simulateMarket.ts';
import { CALIBRATION_KNOBS, type CalibrationKnobName, directParams, initialKnobValues, knobsToParams, type KnobValues } from './calibrationKnobs.ts';
import { compareFacts, factsObjective } from './factComparison.ts';
import type { SimulatorParams } from './SimulatorParams.ts';
import type { StylizedFacts } from './StylizedFactSheet.ts';
import { stylizedFactsOfEvents } from './stylizedFacts.ts';

/** What the simulator is calibrated to: a real day's facts and what is read off the day directly. */
export interface CalibrationTarget {
  readonly facts: StylizedFacts;
  /** Opening price for the simulator (price units, on a tick): the real day's first mid. */
  readonly openingPrice: number;
  /** Session date, YYYY-MM-DD (the simulated day's origin). */
  readonly date?: string;
  readonly tickSize: number;
  /** Price levels of the real message file: the simulated day is measured through the same window. */
  readonly levels: number;
}

export interface CalibrationOptions {
  /** Seeds of the simulated segments; every point is scored on all of them (same seeds everywhere). Default [1, 2, 3]. */
  readonly seeds?: readonly number[];
  /** Length of each simulated segment from the open; default 1 h. */
  readonly segmentNs?: number;
  /** The first part of each segment only builds the book (it opens empty); default 60 s. */
  readonly warmUpNs?: number;
  /** Rounds of coordinate descent; default 4. */
  readonly rounds?: number;
  /** First round's step factor (each knob tries value × f and value / f); later rounds take its square root. Default 2. */
  readonly initialStep?: number;
  /** Knobs to search (default all of CALIBRATION_KNOBS); the others stay at their initial values. */
  readonly knobs?: readonly CalibrationKnobName[];
  readonly initial?: Partial<KnobValues>;
  /** Called after each knob visit with the fraction of the search done. */
  readonly onProgress?: (fraction: number) => void;
}

export interface CalibrationResult {
  readonly knobs: KnobValues;
  readonly params: SimulatorParams;
  /** Objective (weighted mean squared distance, see factsObjective) at the start and at the end. */
  readonly initialObjective: number;
  readonly objective: number;
  /** Distinct points simulated (each on every seed). */
  readonly evaluations: number;
  /** Simulated segments run. */
  readonly segments: number;
  /** The objective after each round (round 0: the starting point). */
  readonly objectiveByRound: readonly number[];
}

const MINUTE_NS = 60_000_000_000;

/**
 * Fits a few simulator parameters to a real day by deterministic coordinate descent over the knobs of
 * CALIBRATION_KNOBS, in log space: per round, each knob tries its value × f and ÷ f (clamped to its range)
 * and keeps walking while the objective improves; f shrinks to √f each round, and each round ends with a
 * pattern move (the round's whole displacement repeated once, kept if better). Every point is scored by
 * simulating short segments (default 1 h from the open, seeds 1, 2 and 3: common random numbers, so two points differ
 * only by their parameters), measuring them with the real day's level window, and taking the weighted
 * distance of all stylized facts to the real ones (factsObjective). Same target and options → same result.
 *
 * Not searched but read off the real day: the opening price (and so the latent value's mean), the
 * session date, and the odd-lot size distribution (see directParams).
 */
export function calibrateSimulator(target: CalibrationTarget, options: CalibrationOptions = {}): CalibrationResult {
  const seeds = options.seeds ?? [1, 2, 3];
  const segmentNs = options.segmentNs ?? 60 * MINUTE_NS;
  const warmUpNs = options.warmUpNs ?? MINUTE_NS;
  const rounds = options.rounds ?? 4;
  const step0 = options.initialStep ?? 2;
  if (seeds.length === 0) throw new RangeError('calibrateSimulator: at least one seed is needed');
  if (!(segmentNs > warmUpNs)) throw new RangeError(`calibrateSimulator: the segment (${segmentNs} ns) must be longer than the warm-up (${warmUpNs} ns)`);
  if (!(step0 > 1)) throw new RangeError(`calibrateSimulator: initialStep must be above 1 (${step0})`);
  if (!Number.isInteger(rounds) || rounds < 0) throw new RangeError(`calibrateSimulator: rounds must be a non-negative integer (${rounds})`);
  const names = options.knobs ?? CALIBRATION_KNOBS.map((k) => k.name);
  const knobs = names.map((n) => {
    const k = CALIBRATION_KNOBS.find((c) => c.name === n);
    if (!k) throw new RangeError(`calibrateSimulator: unknown knob "${n}" (known: ${CALIBRATION_KNOBS.map((c) => c.name).join(', ')})`);
    return k;
  });
  const base = directParams(target.facts, target.openingPrice, target.date);

  const cache = new Map<string, number>();
  let segments = 0;
  const score = (values: KnobValues): number => {
    const key = JSON.stringify(knobsToParams(values, base));
    const cached = cache.get(key);
    if (cached !== undefined) return cached;
    const params = knobsToParams(values, base);
    let total = 0;
    for (const seed of seeds) {
      const facts = simulatedFacts(params, { seed, durationNs: segmentNs, warmUpNs, tickSize: target.tickSize, levels: target.levels });
      total += factsObjective(compareFacts(target.facts, facts));
      segments++;
    }
    const objective = total / seeds.length;
    cache.set(key, objective);
    return objective;
  };

  let current: KnobValues = { ...initialKnobValues(target.facts), ...options.initial };
  let best = score(current);
  const initialObjective = best;
  const byRound = [best];
  const visits = Math.max(1, rounds * knobs.length);
  let visited = 0;
  for (let r = 0; r < rounds; r++) {
    const f = step0 ** (1 / 2 ** r);
    const roundStart = { ...current };
    for (const knob of knobs) {
      const x = current[knob.name];
      const clamp = (v: number): number => Math.min(knob.max, Math.max(knob.min, v));
      // Look both ways, then keep walking in the better direction while it improves (at most 4 more steps).
      let bestDir = 0;
      for (const dir of [1, -1]) {
        const v = clamp(x * f ** dir);
        if (v === x) continue;
        const candidate = { ...current, [knob.name]: v };
        const s = score(candidate);
        if (s < best) {
          best = s;
          current = candidate;
          bestDir = dir;
        }
      }
      for (let more = 0; bestDir !== 0 && more < 4; more++) {
        const v = clamp(current[knob.name] * f ** bestDir);
        if (v === current[knob.name]) break;
        const candidate = { ...current, [knob.name]: v };
        const s = score(candidate);
        if (!(s < best)) break;
        best = s;
        current = candidate;
      }
      options.onProgress?.(++visited / visits);
    }
    // Pattern move (Hooke–Jeeves): repeat the round's overall displacement once, in log space.
    const pattern = { ...current };
    let moved = false;
    for (const knob of knobs) {
      const v = Math.min(knob.max, Math.max(knob.min, (current[knob.name] * current[knob.name]) / roundStart[knob.name]));
      if (v !== current[knob.name]) moved = true;
      pattern[knob.name] = v;
    }
    if (moved) {
      const s = score(pattern);
      if (s < best) {
        best = s;
        current = pattern;
      }
    }
    byRound.push(best);
  }
  return {
    knobs: current,
    params: knobsToParams(current, base),
    initialObjective,
    objective: best,
    evaluations: cache.size,
    segments,
    objectiveByRound: byRound,
  };
}

export interface SimulatedFactsOptions {
  readonly seed: number;
  readonly durationNs: number;
  /** Time after the open before facts are counted (the book opens empty). */
  readonly warmUpNs: number;
  readonly tickSize: number;
  /** Measure through a LOBSTER-like window of this many levels. */
  readonly levels: number;
  readonly onProgress?: (fraction: number) => void;
}

/** Simulates `params` (no manipulators) and measures the stylized facts of the day. */
export function simulatedFacts(params: SimulatorParams, options: SimulatedFactsOptions): StylizedFacts {
  const instrument = lobsterInstrument('SIM');
  if (instrument.tickSize !== options.tickSize) {
    throw new RangeError(`calibration: the simulator quotes in ticks of ${instrument.tickSize} price units, the real day in ${options.tickSize}`);
  }
  const day = simulateMarket({ ...params, seed: options.seed, durationNs: options.durationNs, instrument, onProgress: options.onProgress });
  return stylizedFactsOfEvents(day.events, { tickSize: options.tickSize, levels: options.levels, startNs: day.openNs + options.warmUpNs });
}
