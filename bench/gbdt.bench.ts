import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GOOG10, report, round, sharedData } from './harness.ts';
import { buildLobsterDataset } from '../src/datasets/buildDataset.ts';
import { trainGbdt } from '../src/models/gbdt/trainGbdt.ts';
import type { GbdtOptions } from '../src/models/gbdt/GbdtOptions.ts';

/**
 * GBDT training on the real GOOG level-10 day, three implementations in one run, same data, same split:
 *
 * - data: `buildLobsterDataset(default features, LOBCAST labels, horizon 10)`, every labelled sample of
 *   the day (~146 k rows), chronological: first 70 % train, last 30 % test. Features: the first 16
 *   columns of the default set after `mid` (the price level itself: it drifts over the day, so a
 *   chronological split makes it a trap): spread, microprice offset, queue imbalances, depths, depth
 *   slopes, weighted depths, order-flow imbalance at levels 1–5.
 * - ours: 200 rounds, max depth 6 (max leaves 64, so depth binds), learning rate 0.1, λ 1, no early
 *   stopping; other options at their defaults (min 20 rows per leaf, 255 bins, hot loops in
 *   WebAssembly). One thread.
 * - peer: npm `ml-xgboost` (XGBoost compiled to wasm in 2018, single-threaded), the same parameters with
 *   tree_method=hist (its fastest, and the same algorithm as ours and native's), subsample 1 (its
 *   default is 0.5), min_child_weight 1. Its default tree_method (exact) is ~4× slower again (24 s on
 *   20 k rows, against 6.4 s with hist): that is the "≈ 25 s" measured outside the project, beside a
 *   native hist run. It passes the training matrix through the emscripten stack (5 MiB, fixed at build
 *   time), which caps it at ~73 k rows × 16 features: it gets the largest prefix of the training rows
 *   that fits (`peerRows`), and ours is timed again on exactly that prefix, so `ratio` compares equal
 *   work. `ratioFullOurs` divides by ours on the full training set instead (the peer doing less work).
 * - native: Debian's `xgboost` CLI, tree_method=hist, nthread=1, same parameters, all training rows.
 *   `nativeSeconds` is XGBoost's own "training loop time" (verbosity 2): its binning (gradient index)
 *   and 200 rounds, without process start-up and CSV parsing — the same span as ours, which is timed
 *   from binning to the last tree, on columns already in memory. `nativeProcessSeconds` is the wall
 *   time of the whole `task=train` process (start-up, parsing the CSV, training, writing the model);
 *   writing the CSV is reported apart. Skipped, with a message on stderr, when /usr/bin/xgboost is
 *   missing.
 *
 * Each trainer runs once (a training run is seconds long; a JIT warm-up would flatter ours). Seconds are
 * wall time, as the goals are stated; `…CpuSeconds` are CPU time of the same spans (the native one of
 * its whole process), which a busy machine disturbs less: on a shared 2-core box the wall-clock ratios
 * move with the neighbours' load. Accuracy is the argmax class on the test rows.
 */
const FEATURE_COUNT = 16;
const ROUNDS = 200;
const MAX_DEPTH = 6;
const LEARNING_RATE = 0.1;
const XGBOOST_BIN = process.env.XGBOOST_BIN ?? '/usr/bin/xgboost';
/** ml-xgboost's emscripten stack (TOTAL_STACK in its xgboost.js), through which `train` copies its input. */
const PEER_STACK_BYTES = 5 * 1024 * 1024;

/** The part of ml-xgboost's API used here (the package ships no types). */
interface MlXgboostBooster {
  train(x: number[][], y: number[]): void;
  predict(x: number[][]): number[][];
  free?(): void;
}
type MlXgboostCtor = new (options: Record<string, string | number>) => MlXgboostBooster;

export async function run(args: string[]): Promise<void> {
  const messages = args[0] ?? sharedData(...GOOG10.messages);
  const orderbook = args[1] ?? sharedData(...GOOG10.orderbook);
  const ds = await buildLobsterDataset(messages, orderbook, { features: 'default', label: 'lobcast', horizon: 10 });
  const names = ds.matrix.columns.map((c) => c.name);
  const first = names[0] === 'mid' ? 1 : 0;
  const picked = Array.from({ length: FEATURE_COUNT }, (_, j) => first + j);
  const n = ds.rows.length;
  const x = picked.map((f) => {
    const src = ds.matrix.values[f];
    const col = new Float64Array(n);
    for (let k = 0; k < n; k++) col[k] = src[ds.rows[k]];
    return col;
  });
  const y = ds.labels;
  const cut = Math.floor(n * 0.7);
  const train = Int32Array.from({ length: cut }, (_, i) => i);
  const test = Int32Array.from({ length: n - cut }, (_, i) => cut + i);
  const featureNames = picked.map((f) => names[f]);
  const counts = [0, 0, 0];
  for (const r of test) counts[y[r]]++;
  const majorityRate = Math.max(...counts) / test.length;

  // --- ours ------------------------------------------------------------------------------------
  const options: Partial<GbdtOptions> = { rounds: ROUNDS, maxDepth: MAX_DEPTH, maxLeaves: 64, learningRate: LEARNING_RATE, lambda: 1, earlyStoppingRounds: 0, seed: 1 };
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const model = trainGbdt({ featureNames, x, y, train, validation: new Int32Array(0), numClasses: 3 }, options);
  const oursSeconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const predictor = model.predictor();
  const row = new Float64Array(FEATURE_COUNT);
  const out = new Float64Array(3);
  let oursHits = 0;
  for (const r of test) {
    for (let f = 0; f < FEATURE_COUNT; f++) row[f] = x[f][r];
    predictor.predict(row, out);
    if (argmax(out) === y[r]) oursHits++;
  }
  const oursAccuracy = oursHits / test.length;

  // --- peer: ml-xgboost (wasm), and ours on the same rows -------------------------------------
  const peerRows = Math.min(train.length, Math.floor((0.95 * PEER_STACK_BYTES) / ((FEATURE_COUNT + 1) * 4)));
  const peerTrain = train.subarray(0, peerRows);
  const peer = await runPeer(x, y, peerTrain, test);
  const cpu1 = process.cpuUsage();
  const t1 = performance.now();
  trainGbdt({ featureNames, x, y, train: peerTrain, validation: new Int32Array(0), numClasses: 3 }, options);
  const oursSecondsOnPeerRows = (performance.now() - t1) / 1000;
  const cpuOnPeerRows = cpuSeconds(process.cpuUsage(cpu1));

  // --- native XGBoost CLI ----------------------------------------------------------------------
  const native = runNative(x, y, train, test);

  const leaves = model.trees.reduce((s, t) => s + t.leafValue.length, 0);
  report({
    bench: 'gbdt',
    input: 'GOOG 2012-06-21 level 10, lobcast k=10',
    rows: n,
    trainRows: train.length,
    testRows: test.length,
    features: FEATURE_COUNT,
    featureNames,
    classes: 3,
    params: { rounds: ROUNDS, maxDepth: MAX_DEPTH, learningRate: LEARNING_RATE, lambda: 1 },
    oursThreads: 1,
    oursSeconds: round(oursSeconds, 3),
    oursCpuSeconds: round(cpuSeconds(cpu), 3),
    peer: 'ml-xgboost@1.1.2 (wasm, tree_method=hist)',
    peerRows,
    peerSeconds: round(peer.seconds, 3),
    peerCpuSeconds: round(peer.cpuSeconds, 3),
    oursSecondsOnPeerRows: round(oursSecondsOnPeerRows, 3),
    oursCpuSecondsOnPeerRows: round(cpuOnPeerRows, 3),
    ratio: round(peer.seconds / oursSecondsOnPeerRows, 2),
    ratioCpu: round(peer.cpuSeconds / cpuOnPeerRows, 2),
    ratioFullOurs: round(peer.seconds / oursSeconds, 2),
    oursAccuracy: round(oursAccuracy, 4),
    peerAccuracy: round(peer.accuracy, 4),
    nativeSeconds: native ? round(native.seconds, 3) : null,
    nativeTiming: native ? native.timing : null,
    nativeProcessSeconds: native ? round(native.processSeconds, 3) : null,
    nativeProcessCpuSeconds: native?.processCpuSeconds != null ? round(native.processCpuSeconds, 2) : null,
    nativeCsvWriteSeconds: native ? round(native.csvSeconds, 3) : null,
    nativeRatio: native ? round(native.seconds / oursSeconds, 2) : null,
    nativeAccuracy: native ? round(native.accuracy, 4) : null,
    native: native ? `xgboost CLI ${native.version} (tree_method=hist, nthread=1)` : `skipped: ${XGBOOST_BIN} not found`,
    majorityRate: round(majorityRate, 4),
    oursTrees: model.trees.length,
    oursMeanLeaves: round(leaves / model.trees.length, 2),
    oursTopFeatures: model.importance().slice(0, 5).map((i) => i.feature),
    goal: { ratio: 10, nativeRatio: 0.5, accuracyWithinNative: 0.01 },
  });
}

function cpuSeconds(u: NodeJS.CpuUsage): number {
  return (u.user + u.system) / 1e6;
}

/** CPU seconds of this process's waited-for children so far (Linux /proc; null elsewhere). */
function childrenCpuSeconds(): number | null {
  try {
    // Fields after the parenthesised command: cutime and cstime are the 14th and 15th (clock ticks).
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;
    return (Number(fields[13]) + Number(fields[14])) / ticks;
  } catch {
    return null;
  }
}

function argmax(v: ArrayLike<number>): number {
  let best = 0;
  for (let c = 1; c < v.length; c++) if (v[c] > v[best]) best = c;
  return best;
}

function rowsOf(x: readonly Float64Array[], rows: Int32Array, count: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < count; i++) out.push(x.map((col) => col[rows[i]]));
  return out;
}

async function runPeer(x: readonly Float64Array[], y: Uint8Array, train: Int32Array, test: Int32Array): Promise<{ seconds: number; cpuSeconds: number; accuracy: number }> {
  const require = createRequire(import.meta.url);
  const XGBoost = await (require('ml-xgboost') as Promise<MlXgboostCtor>);
  const booster = new XGBoost({
    booster: 'gbtree',
    objective: 'multi:softprob',
    num_class: 3,
    tree_method: 'hist',
    max_depth: MAX_DEPTH,
    eta: LEARNING_RATE,
    lambda: 1,
    min_child_weight: 1,
    subsample: 1,
    colsample_bytree: 1,
    nthread: 1,
    silent: 1,
    iterations: ROUNDS,
  });
  // Plain arrays of rows are its input format: converting to them is not its training time.
  const trainX = rowsOf(x, train, train.length);
  const trainY = Array.from(train, (r) => y[r]);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  booster.train(trainX, trainY);
  const seconds = (performance.now() - t0) / 1000;
  const cpuSecondsUsed = cpuSeconds(process.cpuUsage(cpu0));
  const probs = booster.predict(rowsOf(x, test, test.length));
  let hits = 0;
  for (let i = 0; i < test.length; i++) if (argmax(probs[i]) === y[test[i]]) hits++;
  booster.free?.();
  return { seconds, cpuSeconds: cpuSecondsUsed, accuracy: hits / test.length };
}

interface NativeRun {
  /** Training loop (binning + rounds) as XGBoost reports it, or the process wall time if it did not. */
  seconds: number;
  timing: 'training loop' | 'whole process';
  processSeconds: number;
  processCpuSeconds: number | null;
  csvSeconds: number;
  accuracy: number;
  version: string;
}

function runNative(x: readonly Float64Array[], y: Uint8Array, train: Int32Array, test: Int32Array): NativeRun | null {
  if (!existsSync(XGBOOST_BIN)) {
    process.stderr.write(`native XGBoost skipped: ${XGBOOST_BIN} not found (Debian package xgboost; or set XGBOOST_BIN)\n`);
    return null;
  }
  const dir = mkdtempSync(join(tmpdir(), 'tachyon-gbdt-'));
  try {
    const t0 = performance.now();
    const csv = (rows: Int32Array): string => {
      const lines: string[] = [];
      for (const r of rows) lines.push(`${y[r]},${x.map((col) => col[r]).join(',')}`);
      return `${lines.join('\n')}\n`;
    };
    writeFileSync(join(dir, 'train.csv'), csv(train));
    writeFileSync(join(dir, 'test.csv'), csv(test));
    const csvSeconds = (performance.now() - t0) / 1000;
    const conf = join(dir, 'train.conf');
    writeFileSync(
      conf,
      [
        'booster = gbtree',
        'tree_method = hist',
        'nthread = 1',
        `max_depth = ${MAX_DEPTH}`,
        `eta = ${LEARNING_RATE}`,
        'lambda = 1',
        'min_child_weight = 1',
        `num_round = ${ROUNDS}`,
        'objective = multi:softprob',
        'num_class = 3',
        `data = "${join(dir, 'train.csv')}?format=csv&label_column=0"`,
        `model_out = ${join(dir, 'model.bin')}`,
        '',
      ].join('\n'),
    );
    const exec = (extra: string[]): string => {
      const res = spawnSync(XGBOOST_BIN, [conf, ...extra], { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      if (res.status !== 0) throw new Error(`${XGBOOST_BIN} ${extra.join(' ')} failed (${res.status}): ${res.stderr}`);
      return `${res.stdout}\n${res.stderr}`;
    };
    const childCpu0 = childrenCpuSeconds();
    const t1 = performance.now();
    // verbosity=2: XGBoost logs its own "Complete Training loop time: … sec" (cli_main.cc).
    const log = exec(['task=train', 'verbosity=2']);
    const processSeconds = (performance.now() - t1) / 1000;
    const childCpu1 = childrenCpuSeconds();
    const loop = /Complete Training loop time: ([0-9.eE+-]+) sec/.exec(log);
    exec(['task=pred', `model_in=${join(dir, 'model.bin')}`, `test:data=${join(dir, 'test.csv')}?format=csv&label_column=0`, `name_pred=${join(dir, 'pred.txt')}`]);
    const pred = readFileSync(join(dir, 'pred.txt'), 'utf8').trim().split('\n').map(Number);
    if (pred.length !== test.length * 3) throw new Error(`xgboost wrote ${pred.length} predictions for ${test.length} rows × 3 classes`);
    let hits = 0;
    for (let i = 0; i < test.length; i++) if (argmax(pred.slice(3 * i, 3 * i + 3)) === y[test[i]]) hits++;
    const version = spawnSync('dpkg-query', ['-W', '-f=${Version}', 'xgboost'], { encoding: 'utf8' }).stdout || 'unknown';
    return {
      seconds: loop ? Number(loop[1]) : processSeconds,
      timing: loop ? 'training loop' : 'whole process',
      processSeconds,
      processCpuSeconds: childCpu0 !== null && childCpu1 !== null ? childCpu1 - childCpu0 : null,
      csvSeconds,
      accuracy: hits / test.length,
      version,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
