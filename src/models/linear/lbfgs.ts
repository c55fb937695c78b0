/** f(x) with its gradient written into `grad`; returns the objective. */
export type Objective = (x: Float64Array, grad: Float64Array) => number;

export interface LbfgsOptions {
  /** Correction pairs kept (m). 10 is the usual choice (scipy's default). */
  readonly memory?: number;
  readonly maxIterations?: number;
  /** Stop when max |gradient| ≤ this. */
  readonly gradientTolerance?: number;
  /** Stop when (f_prev − f) / max(|f_prev|, |f|, 1) ≤ this (scipy's `ftol` criterion). */
  readonly relativeTolerance?: number;
  /** Called after every accepted step; returning true stops the run (early stopping). */
  readonly onIteration?: (iteration: number, x: Float64Array, f: number) => boolean;
}

export type LbfgsStop = 'gradient' | 'relative-decrease' | 'max-iterations' | 'line-search' | 'callback';

export interface LbfgsResult {
  readonly x: Float64Array;
  readonly f: number;
  readonly iterations: number;
  readonly stop: LbfgsStop;
  /** Objective evaluations, line-search trials included. */
  readonly evaluations: number;
}

/**
 * Limited-memory BFGS (Nocedal & Wright 2006, Alg. 7.4 two-loop recursion) with a backtracking Armijo
 * line search (c₁ = 1e-4; the first trial step is 1, except 1/‖g‖ on the first iteration, so the
 * scaled-identity start has a sensible length). A pair whose curvature sᵀy is not clearly positive is
 * skipped, which keeps the inverse-Hessian estimate positive definite without a Wolfe search. Purely
 * sequential arithmetic on Float64Arrays: the same inputs give the same iterates, bit for bit.
 */
export function minimizeLbfgs(f: Objective, x0: Float64Array, options: LbfgsOptions = {}): LbfgsResult {
  const m = options.memory ?? 10;
  const maxIter = options.maxIterations ?? 200;
  const gtol = options.gradientTolerance ?? 1e-6;
  const ftol = options.relativeTolerance ?? 1e-10;
  const n = x0.length;
  const x = Float64Array.from(x0);
  const g = new Float64Array(n);
  const xNew = new Float64Array(n);
  const gNew = new Float64Array(n);
  const dir = new Float64Array(n);
  const S = Array.from({ length: m }, () => new Float64Array(n));
  const Y = Array.from({ length: m }, () => new Float64Array(n));
  const rho = new Float64Array(m);
  const alpha = new Float64Array(m);
  let stored = 0;
  let head = 0; // next slot to overwrite
  let fx = f(x, g);
  let evaluations = 1;
  if (!Number.isFinite(fx)) throw new RangeError(`L-BFGS: the objective at the starting point is ${fx}`);
  let iter = 0;
  let stop: LbfgsStop = 'max-iterations';
  if (maxAbs(g) <= gtol) return { x, f: fx, iterations: 0, stop: 'gradient', evaluations };
  while (iter < maxIter) {
    // Two-loop recursion: dir = −H·g.
    for (let i = 0; i < n; i++) dir[i] = -g[i];
    for (let k = 0; k < stored; k++) {
      const s = (head - 1 - k + m) % m;
      alpha[s] = rho[s] * dot(S[s], dir);
      axpy(-alpha[s], Y[s], dir);
    }
    if (stored > 0) {
      const last = (head - 1 + m) % m;
      scale(dir, 1 / (rho[last] * dot(Y[last], Y[last]))); // γ = sᵀy / yᵀy
    }
    for (let k = stored - 1; k >= 0; k--) {
      const s = (head - 1 - k + m) % m;
      const beta = rho[s] * dot(Y[s], dir);
      axpy(alpha[s] - beta, S[s], dir);
    }
    let slope = dot(g, dir);
    if (!(slope < 0)) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      for (let i = 0; i < n; i++) dir[i] = -g[i];
      slope = dot(g, dir);
      stored = 0;
    }
    let step = iter === 0 && stored === 0 ? 1 / Math.sqrt(dot(g, g)) : 1;
    let fNew = NaN;
    let accepted = false;
    for (let trial = 0; trial < 40; trial++) {
      for (let i = 0; i < n; i++) xNew[i] = x[i] + step * dir[i];
      fNew = f(xNew, gNew);
      evaluations++;
      if (Number.isFinite(fNew) && fNew <= fx + 1e-4 * step * slope) {
        accepted = true;
        break;
      }
      step *= 0.5;
    }
    if (!accepted) {
      stop = 'line-search';
      break;
    }
    iter++;
    // New correction pair s = x_new − x, y = g_new − g.
    const sv = S[head];
    const yv = Y[head];
    for (let i = 0; i < n; i++) {
      sv[i] = xNew[i] - x[i];
      yv[i] = gNew[i] - g[i];
    }
    const sy = dot(sv, yv);
    if (sy > 1e-10 * Math.sqrt(dot(sv, sv) * dot(yv, yv))) {
      rho[head] = 1 / sy;
      head = (head + 1) % m;
      if (stored < m) stored++;
    }
    const fPrev = fx;
    x.set(xNew);
    g.set(gNew);
    fx = fNew;
    if (options.onIteration?.(iter, x, fx)) {
      stop = 'callback';
      break;
    }
    if (maxAbs(g) <= gtol) {
      stop = 'gradient';
      break;
    }
    if ((fPrev - fx) / Math.max(Math.abs(fPrev), Math.abs(fx), 1) <= ftol) {
      stop = 'relative-decrease';
      break;
    }
  }
  return { x, f: fx, iterations: iter, stop, evaluations };
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < y.length; i++) y[i] += a * x[i];
}

function scale(v: Float64Array, a: number): void {
  for (let i = 0; i < v.length; i++) v[i] *= a;
}

function maxAbs(v: Float64Array): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) {
    const a = Math.abs(v[i]);
    if (a > m) m = a;
  }
  return m;
}
