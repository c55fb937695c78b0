import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../src/cli/main.ts';
import type { CommandIo } from '../src/cli/Command.ts';
import { LOBSTER, realDataPresent } from './realData.ts';
import { readDatasetParquet } from '../src/datasets/readDataset.ts';
import { trainOnDataset } from '../src/models/trainOnDataset.ts';
import { readModelArtifact, writeModelArtifact } from '../src/models/artifact/ModelArtifactFile.ts';
import { loadPredictor } from '../src/models/artifact/PredictorRegistry.ts';
import { predictRows } from '../src/models/predictRows.ts';

function capture(): CommandIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l), stderrIsTty: false };
}

const dir = mkdtempSync(join(tmpdir(), 'tachyon-train-'));
const fx = LOBSTER.fixture;

describe.skipIf(!realDataPresent)('tachyon train and predict', () => {
  it('trains, writes an artifact and a model card, and predict on the test rows reproduces the test metrics', async () => {
    const data = join(dir, 'k3.parquet');
    expect(await main(['dataset', 'build', '--messages', fx.messages, '--orderbook', fx.orderbook, '--features', 'default', '--label', 'lobcast', '--sigma', 'balanced', '--horizon', '3', '--train-fraction', '0.6', '--out', data], capture())).toBe(0);
    const model = join(dir, 'k3.logistic.json');
    const io = capture();
    expect(await main(['train', '--dataset', data, '--model', 'logistic', '--seed', '3', '--out', model, '--json'], io)).toBe(0);
    const j = JSON.parse(io.stdout[io.stdout.length - 1]) as { model: string; metrics: Record<string, number>; cost: Record<string, number>; artifact: string };
    expect(Object.keys(j)).toEqual(['model', 'metrics', 'cost', 'artifact']);
    expect(Object.keys(j.metrics)).toEqual(['accuracy', 'macroF1', 'weightedF1']);
    expect(Object.keys(j.cost)).toEqual(['cpuSeconds', 'wallSeconds', 'peakRssMB', 'dollars']);
    expect(j.cost.cpuSeconds).toBeGreaterThan(0);
    expect(j.cost.dollars).toBeCloseTo((j.cost.cpuSeconds / 3600) * 0.05, 12);
    expect(readFileSync(model.replace(/\.json$/, '.md'), 'utf8')).toMatch(/logistic/);

    const artifact = await readModelArtifact(model);
    expect(artifact.features.map((f) => f.name)).not.toContain('mid');
    const testRows = (artifact.metrics.split as { test: number }).test;
    const ds = await readDatasetParquet(data);
    const p = capture();
    expect(await main(['predict', '--model', model, '--dataset', data, '--from-row', String(ds.rows - testRows), '--json'], p)).toBe(0);
    const pj = JSON.parse(p.stdout[p.stdout.length - 1]) as Record<string, number>;
    expect(pj.rows).toBe(testRows);
    expect(pj.macroF1).toBe(j.metrics.macroF1);
    expect(pj.accuracy).toBe(j.metrics.accuracy);
  });

  it('the predictor loaded from the artifact file gives the trainer\'s predictions bit for bit', async () => {
    const data = join(dir, 'k3.parquet');
    const ds = await readDatasetParquet(data);
    const r = await trainOnDataset(ds, { model: 'logistic', seed: 1 });
    const file = join(dir, 'parity.json');
    await writeModelArtifact(file, r.artifact);
    const loaded = loadPredictor(await readModelArtifact(file), file);
    const a = predictRows(r.predictor, r.data.x, r.testRows);
    const b = predictRows(loaded, r.data.x, r.testRows);
    expect(b.length).toBeGreaterThan(0);
    expect(Array.from(b)).toEqual(Array.from(a));
  });

  it('refuses an unknown model and a dataset that lacks the model\'s features', async () => {
    const io = capture();
    expect(await main(['train', '--dataset', join(dir, 'k3.parquet'), '--model', 'oracle', '--out', join(dir, 'x.json')], io)).toBe(2);
    expect(io.stderr.join('\n')).toMatch(/unknown model "oracle": one of logistic/);
    const small = join(dir, 'small.parquet');
    expect(await main(['dataset', 'build', '--messages', fx.messages, '--orderbook', fx.orderbook, '--features', 'mid,spread', '--label', 'kahead', '--horizon', '3', '--out', small], capture())).toBe(0);
    const p = capture();
    expect(await main(['predict', '--model', join(dir, 'k3.logistic.json'), '--dataset', small], p)).toBe(2);
    expect(p.stderr.join('\n')).toMatch(/needs feature "microprice_offset_ticks"/);
  });
});

describe.skipIf(!realDataPresent)('tachyon experiment lob', () => {
  it('prints a model × horizon table and, last, the JSON rows with every named figure', async () => {
    const io = capture();
    expect(await main(['experiment', 'lob', '--messages', fx.messages, '--orderbook', fx.orderbook, '--horizons', '2,3', '--models', 'logistic,gbdt', '--json'], io)).toBe(0);
    expect(io.stdout[0]).toMatch(/^model\s+k\s+macro-F1\s+weighted-F1\s+accuracy\s+train CPU-s\s+dollars\s+p50 µs\s+p99 µs/);
    expect(io.stdout.join('\n')).toMatch(/different|other tickers, other dates/);
    const j = JSON.parse(io.stdout[io.stdout.length - 1]) as { rows: Record<string, number | string>[] };
    expect(j.rows.map((r) => [r.model, r.horizon])).toEqual([['logistic', 2], ['gbdt', 2], ['logistic', 3], ['gbdt', 3]]);
    for (const r of j.rows) {
      expect(Object.keys(r)).toEqual(['model', 'horizon', 'macroF1', 'weightedF1', 'accuracy', 'trainCpuSeconds', 'dollars', 'inferenceP99Us']);
      expect(r.macroF1).toBeGreaterThan(0);
      expect(r.macroF1).toBeLessThanOrEqual(1);
      expect(r.trainCpuSeconds).toBeGreaterThan(0);
    }
  });
});
