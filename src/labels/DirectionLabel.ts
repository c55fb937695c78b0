/**
 * Three-class mid-price direction labels, shared by every labelling protocol.
 *
 * Encoding (Uint8): 0 = down, 1 = stationary, 2 = up, 255 = no label (not enough data around the
 * sample). Note that TLOB's code uses the reverse order (0 = up, 2 = down); ours follows FI-2010 /
 * DeepLOB / LOBCAST (0 = down). A label is 255 exactly when its `labelEnd` is -1.
 */
export const DOWN = 0;
export const STATIONARY = 1;
export const UP = 2;
export const UNLABELED = 255;

export type LabelProtocolName = 'fi2010' | 'lobcast' | 'tlob' | 'kahead';

/** Options every protocol accepts; each protocol documents which ones it reads. */
export interface DirectionLabelOptions {
  /** Horizon k in samples (events), an integer >= 1. */
  readonly horizon: number;
  /** Fixed symmetric threshold on the change l (fi2010, kahead). */
  readonly alpha?: number;
  /** LOBCAST's "labeling sigma scaler": thresholds are mean(l) ± sigma·std(l). */
  readonly sigma?: number;
  /** TLOB smoothing window length in samples (capped at the horizon). */
  readonly smoothing?: number;
  /**
   * Data-driven thresholds (lobcast, tlob) are fitted only on samples t whose whole label window
   * lies inside [0, fitRows): the training part. Required by those protocols so test data can never
   * move a threshold.
   */
  readonly fitRows?: number;
  /** lobcast only: reproduce LOBCAST's forward window mid[t..t+k-1] (includes t). Default false. */
  readonly includeCurrent?: boolean;
}

export interface ClassCounts {
  down: number;
  stationary: number;
  up: number;
  unlabeled: number;
}

/** What a labelling protocol returns. */
export interface DirectionLabels {
  readonly protocol: LabelProtocolName;
  readonly horizon: number;
  /** One class per sample (see the encoding above). */
  readonly labels: Uint8Array;
  /** Last sample index each label reads (what purging needs), -1 when unlabeled. */
  readonly labelEnd: Int32Array;
  /** The change l each label thresholds (relative, e.g. 0.001 = 10 bp); NaN when unlabeled. */
  readonly change: Float64Array;
  /** up iff change > alphaUp. */
  readonly alphaUp: number;
  /** down iff change < alphaDown (signed: usually negative). */
  readonly alphaDown: number;
  /**
   * How many samples before t the label reads (0 for forward-only protocols). Purged k-fold should use
   * an embargo at least this large: a training sample right after a test block would otherwise have a
   * label computed from test-block mids.
   */
  readonly lookBack: number;
  readonly balance: ClassCounts;
  /** Parameters actually used (defaults filled in), for the dataset's metadata. */
  readonly params: Readonly<Record<string, number | boolean>>;
}

/** Classifies one change against the thresholds. */
export function classify(change: number, alphaUp: number, alphaDown: number): number {
  if (change > alphaUp) return UP;
  if (change < alphaDown) return DOWN;
  return STATIONARY;
}

/** Counts classes; anything that is not 0, 1 or 2 counts as unlabeled. */
export function countClasses(labels: Uint8Array): ClassCounts {
  let down = 0;
  let stationary = 0;
  let up = 0;
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i];
    if (c === DOWN) down++;
    else if (c === STATIONARY) stationary++;
    else if (c === UP) up++;
  }
  return { down, stationary, up, unlabeled: labels.length - down - stationary - up };
}

/** Throws unless `horizon` is an integer >= 1. */
export function checkHorizon(horizon: number): void {
  if (!Number.isInteger(horizon) || horizon < 1) {
    throw new RangeError(`horizon must be an integer >= 1 event, got ${horizon}`);
  }
}

/**
 * Throws a RangeError naming the horizon and the sample count when the data cannot give a single
 * label (`needed` samples are required for the first one).
 */
export function checkLength(protocol: string, horizon: number, n: number, needed: number): void {
  if (n < needed) {
    throw new RangeError(
      `${protocol}: horizon k=${horizon} is longer than the data: the first label needs ${needed} samples, got ${n}`,
    );
  }
}

/** Throws unless every mid is finite and positive (the changes divide by it). */
export function checkMids(mid: Float64Array): void {
  for (let i = 0; i < mid.length; i++) {
    const m = mid[i];
    if (!(m > 0) || m === Infinity) {
      throw new RangeError(`mid[${i}] must be a finite positive price, got ${m}`);
    }
  }
}

/**
 * out[t] = mean(mid[t-w+1..t]) for t >= w-1, NaN before. O(n) without a running add/subtract (which
 * cancels catastrophically when a large value leaves the window): the series is cut into blocks of w;
 * a window is the suffix sum of one block plus the prefix sum of the next, so every window sum adds
 * only its own values (relative error <= w·eps). One scratch array per call.
 */
export function trailingMeans(mid: Float64Array, w: number, out: Float64Array): Float64Array {
  const n = mid.length;
  const suffix = new Float64Array(n);
  for (let b = 0; b < n; b += w) {
    let s = 0;
    for (let i = Math.min(b + w, n) - 1; i >= b; i--) {
      s += mid[i];
      suffix[i] = s;
    }
  }
  let prefix = 0;
  for (let t = 0; t < n; t++) {
    prefix = t % w === 0 ? mid[t] : prefix + mid[t];
    if (t < w - 1) {
      out[t] = NaN;
      continue;
    }
    const a = t - w + 1;
    out[t] = (a % w === 0 ? prefix : suffix[a] + prefix) / w;
  }
  return out;
}

/**
 * Fills labels from changes (NaN change = unlabeled) and returns the class counts.
 */
export function fillLabels(change: Float64Array, alphaUp: number, alphaDown: number, labels: Uint8Array): ClassCounts {
  for (let t = 0; t < change.length; t++) {
    const l = change[t];
    labels[t] = l === l ? classify(l, alphaUp, alphaDown) : UNLABELED;
  }
  return countClasses(labels);
}

/**
 * Checks `fitRows` for a protocol whose thresholds are fitted on data, and returns it.
 * Required (not defaulted to n) so a caller cannot fit thresholds on the test part by forgetting it.
 */
export function requireFitRows(protocol: string, fitRows: number | undefined, n: number): number {
  if (fitRows === undefined) {
    throw new RangeError(
      `${protocol}: fitRows is required (the number of leading training samples the thresholds are fitted on)`,
    );
  }
  if (!Number.isInteger(fitRows) || fitRows < 1 || fitRows > n) {
    throw new RangeError(`${protocol}: fitRows must be an integer in [1, ${n}], got ${fitRows}`);
  }
  return fitRows;
}

/** Throws when no label lies wholly inside the fit rows (nothing to fit thresholds on). */
export function checkFitCount(protocol: string, count: number, fitRows: number, horizon: number): void {
  if (count === 0) {
    throw new RangeError(
      `${protocol}: empty window: no label with horizon k=${horizon} lies wholly inside the first ${fitRows} fit rows`,
    );
  }
}

/**
 * Labels that compare a value k samples ahead with the current mid against a fixed symmetric α
 * (fi2010: the mean of the next k mids; kahead: the mid k samples ahead):
 * l(t) = (ahead[t + k] − mid[t]) / mid[t]. Labels exist for t ≤ n−1−k, labelEnd[t] = t + k, lookBack 0.
 */
export function fixedThresholdLabels(
  protocol: LabelProtocolName,
  mid: Float64Array,
  k: number,
  alpha: number,
  /** Value read at t + k for the label at t. */
  ahead: Float64Array,
): DirectionLabels {
  const n = mid.length;
  const change = new Float64Array(n);
  const labelEnd = new Int32Array(n);
  for (let t = 0; t < n; t++) {
    if (t + k < n) {
      change[t] = (ahead[t + k] - mid[t]) / mid[t];
      labelEnd[t] = t + k;
    } else {
      change[t] = NaN;
      labelEnd[t] = -1;
    }
  }
  const labels = new Uint8Array(n);
  const balance = fillLabels(change, alpha, -alpha, labels);
  return { protocol, horizon: k, labels, labelEnd, change, alphaUp: alpha, alphaDown: -alpha, lookBack: 0, balance, params: { alpha } };
}
