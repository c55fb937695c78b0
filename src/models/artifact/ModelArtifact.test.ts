import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { artifactLabelFromDataset, createModelArtifact, validateModelArtifact, type ModelArtifact } from './ModelArtifact.ts';
import { readModelArtifact, writeModelArtifact } from './ModelArtifactFile.ts';
import { ModelArtifactError } from './ModelArtifactError.ts';
import { loadPredictor, registerPredictorLoader, registeredPredictorKinds } from './PredictorRegistry.ts';
import { modelCard } from './modelCard.ts';
import { trainingDataHash } from './trainingDataHash.ts';
import { codeVersion, readCodeVersion } from './codeVersion.ts';
import type { TrainingCost } from '../cost/measureTrainingCost.ts';
import type { Predictor } from '../Predictor.ts';
import { trainLogisticRegression } from '../linear/trainLogisticRegression.ts';
import { trainRidgeRegression } from '../linear/trainRidgeRegression.ts';
import { registerLinearPredictorLoaders } from '../linear/registerLinearLoaders.ts';
import { syntheticLinearData } from '../linear/testData.ts';

const cost: TrainingCost = { cpuSeconds: 1.25, wallSeconds: 1.5, peakRssMB: 350, peakRssSource: 'maxrss', dollars: (1.25 / 3600) * 0.05, dollarsPerCoreHour: 0.05 };
const label = artifactLabelFromDataset({ protocol: 'lobcast', horizon: 5, alphaUp: 0.0002, alphaDown: -0.0002, sigma: 0.5, fitRows: 1000 });

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tachyon-artifact-'));
  registerLinearPredictorLoaders();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function logisticArtifact(): { artifact: ModelArtifact; probs: Float64Array; rows: Int32Array; x: readonly Float64Array[] } {
  const { classification: d } = syntheticLinearData(1500, 4, 21);
  const r = trainLogisticRegression(d);
  const body = r.model.toJSON();
  const artifact = createModelArtifact({
    kind: 'logistic',
    features: d.featureNames.map((name) => ({ name, unit: 'ticks' })),
    normalisation: body.standardizer,
    label,
    metrics: { validation: { accuracy: 0.61, macroF1: 0.58, weightedF1: 0.6, logLoss: r.validationLogLoss, confusion: [[1, 2], [3, 4]] } },
    cost,
    dataHash: trainingDataHash(d.x, d.y, d.train),
    seed: null,
    body,
  });
  return { artifact, probs: r.validationProbabilities, rows: d.validation, x: d.x };
}

describe('model artifact', () => {
  it('round trip: write, read, load → the same predictions bit for bit', async () => {
    const { artifact, probs, rows, x } = logisticArtifact();
    const file = join(dir, 'm.json');
    await writeModelArtifact(file, artifact);
    const back = await readModelArtifact(file);
    expect(back).toEqual(JSON.parse(JSON.stringify(artifact)));
    const p = loadPredictor(back, file);
    expect(p.kind).toBe('logistic');
    const row = new Float64Array(4);
    const out = new Float64Array(3);
    rows.forEach((r, i) => {
      for (let j = 0; j < 4; j++) row[j] = x[j][r];
      p.predict(row, out);
      expect(Array.from(out)).toEqual(Array.from(probs.subarray(i * 3, i * 3 + 3)));
    });
    // One field per line: the metadata is greppable.
    const text = await readFile(file, 'utf8');
    expect(text.split('\n')[1]).toBe('  "format": "tachyon-model",');
  });

  it('ridge loads through the registry too', async () => {
    const { regression: d } = syntheticLinearData(500, 3, 4);
    const r = trainRidgeRegression(d);
    const artifact = createModelArtifact({
      kind: 'ridge',
      features: d.featureNames.map((name) => ({ name, unit: '' })),
      normalisation: r.model.standardizer.toJSON(),
      label: artifactLabelFromDataset({ protocol: 'lobcast', horizon: 5 }, 'return-bps'),
      metrics: { validation: { ic: 0.1, rankIc: 0.09, r2: 0.01 } },
      cost,
      dataHash: trainingDataHash(d.x, d.y, d.train),
      seed: null,
      body: r.model.toJSON(),
    });
    const p = loadPredictor(artifact);
    expect(p.numOutputs).toBe(1);
    expect(registeredPredictorKinds()).toEqual(expect.arrayContaining(['logistic', 'ridge']));
  });

  it('validation errors name the file and the field', async () => {
    const { artifact } = logisticArtifact();
    const bad = (patch: Record<string, unknown>): unknown => ({ ...JSON.parse(JSON.stringify(artifact)), ...patch });
    const cases: [unknown, RegExp][] = [
      [bad({ format: 'onnx' }), /field "format" must be "tachyon-model"/],
      [bad({ version: 2 }), /field "version" is 2; this build reads version 1/],
      [bad({ cost: { ...cost, cpuSeconds: -1 } }), /field "cost.cpuSeconds" must be a finite number ≥ 0/],
      [bad({ dataHash: 'abc' }), /field "dataHash" must be a SHA-256/],
      [bad({ features: [{ name: 'a', unit: 'x' }] }), /field "normalisation.mean" must be 1 numbers/],
      [bad({ label: { ...label, horizon: 0 } }), /field "label.horizon"/],
      [bad({ body: null }), /field "body" is missing/],
      [bad({ seed: 1.5 }), /field "seed"/],
    ];
    for (const [value, re] of cases) {
      expect(() => validateModelArtifact(value, 'x.json')).toThrow(re);
      expect(() => validateModelArtifact(value, 'x.json')).toThrow(/^x\.json: /);
    }
    const file = join(dir, 'bad.json');
    await writeFile(file, '{"format": "tachyon-model", "version": 1,', 'utf8');
    await expect(readModelArtifact(file)).rejects.toThrow(/bad\.json: field "\(file\)" is not valid JSON/);
    await expect(readModelArtifact(join(dir, 'missing.json'))).rejects.toBeInstanceOf(ModelArtifactError);
    await expect(writeModelArtifact(join(dir, 'never.json'), bad({ kind: '' }) as ModelArtifact)).rejects.toThrow(/field "kind"/);
  });

  it('a corrupted body is reported against the file and field', () => {
    const { artifact } = logisticArtifact();
    const broken = { ...artifact, body: { ...(artifact.body as object), weights: [1, 2] } };
    expect(() => loadPredictor(broken, 'm.json')).toThrow(/m\.json: field "body" cannot be loaded: logistic model body: field "weights" has 2 values/);
    const edited = { ...artifact, normalisation: { ...artifact.normalisation!, mean: [0, 0, 0, 0] } };
    expect(() => loadPredictor(edited, 'm.json')).toThrow(/m\.json: field "normalisation" differs/);
  });
});

describe('predictor registry', () => {
  it('dispatches on kind to a plugged-in loader, without this folder knowing the model', () => {
    const constant: Predictor = { kind: 'constant-test', numFeatures: 2, numOutputs: 3, predict: (_x, out) => out.fill(1 / 3) };
    let seenBody: unknown;
    const loader = (body: unknown): Predictor => {
      seenBody = body;
      return constant;
    };
    registerPredictorLoader('constant-test', loader, 'A constant classifier');
    registerPredictorLoader('constant-test', loader); // idempotent
    expect(() => registerPredictorLoader('constant-test', () => constant)).toThrow(/already registered/);
    const { artifact } = logisticArtifact();
    const a = { ...artifact, kind: 'constant-test', features: artifact.features.slice(0, 2), normalisation: null, body: { hello: 1 } };
    expect(loadPredictor(a)).toBe(constant);
    expect(seenBody).toEqual({ hello: 1 });
    expect(modelCard(a)).toContain('A constant classifier');
  });

  it('an unknown kind lists the registered ones; a width mismatch is caught', () => {
    const { artifact } = logisticArtifact();
    expect(() => loadPredictor({ ...artifact, kind: 'gbdt-unregistered' }, 'g.json')).toThrow(/g\.json: field "kind" is "gbdt-unregistered", which has no registered loader \(registered: .*logistic/);
    const p: Predictor = { kind: 'wide-test', numFeatures: 3, numOutputs: 1, predict: () => undefined };
    registerPredictorLoader('wide-test', () => p);
    expect(() => loadPredictor({ ...artifact, kind: 'wide-test', normalisation: null })).toThrow(/lists 4 features but the model takes 3/);
  });
});

describe('training data hash', () => {
  it('hashes exactly the documented bytes', () => {
    const x = [Float64Array.of(1.5, NaN, 99), Float64Array.of(-0, 2, 99)];
    const y = Uint8Array.of(2, 0, 1);
    const rows = Int32Array.of(1, 0);
    const bytes: number[] = [...Buffer.from('tachyon-data-v1\nrows=2\nfeatures=2\nlabel=uint8\n', 'ascii')];
    const f64 = (v: number): number[] => {
      const b = Buffer.alloc(8);
      b.writeDoubleLE(v);
      return [...b];
    };
    bytes.push(...[0, 0, 0, 0, 0, 0, 0xf8, 0x7f], ...f64(1.5)); // column 0, rows 1 then 0 (canonical NaN)
    bytes.push(...f64(2), ...f64(-0)); // column 1
    bytes.push(0, 2); // labels
    expect(trainingDataHash(x, y, rows)).toBe(createHash('sha256').update(Uint8Array.from(bytes)).digest('hex'));
  });

  it('changes with any value, row order or label; ignores rows not trained on', () => {
    const x = [Float64Array.of(1, 2, 3)];
    const base = trainingDataHash(x, Uint8Array.of(0, 1, 2), Int32Array.of(0, 1));
    expect(trainingDataHash(x, Uint8Array.of(0, 1, 0), Int32Array.of(0, 1))).toBe(base); // row 2 unused
    expect(trainingDataHash(x, Uint8Array.of(1, 1, 2), Int32Array.of(0, 1))).not.toBe(base);
    expect(trainingDataHash(x, Uint8Array.of(0, 1, 2), Int32Array.of(1, 0))).not.toBe(base);
    expect(trainingDataHash([Float64Array.of(1, 2.0000001, 3)], Uint8Array.of(0, 1, 2), Int32Array.of(0, 1))).not.toBe(base);
    expect(trainingDataHash(x, Float64Array.of(0, 1, 2), Int32Array.of(0, 1))).not.toBe(base); // label type is in the header
  });
});

describe('code version and model card', () => {
  it('reads package.json and the git commit (or null), once', () => {
    const v = codeVersion();
    expect(v.name).toBe('tachyon');
    expect(v.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(v.gitCommit === null || /^[0-9a-f]{40}$/.test(v.gitCommit)).toBe(true);
    expect(codeVersion()).toBe(v);
    expect(readCodeVersion(tmpdir(), { TACHYON_GIT_COMMIT: 'ABCDEF1' }).gitCommit).toBe('abcdef1');
    const nowhere = readCodeVersion('/');
    expect(nowhere.gitCommit).toBeNull();
  });

  it('modelCard says what it is, features, label, metrics, cost in CPU-s and $, data hash', () => {
    const { artifact } = logisticArtifact();
    const card = modelCard(artifact);
    expect(card).toContain('# Model card: logistic');
    expect(card).toContain('Multinomial logistic regression');
    expect(card).toContain('| 0 | f0 | ticks |');
    expect(card).toContain('protocol `lobcast`, horizon 5 events');
    expect(card).toContain('| validation.macroF1 | 0.58 |');
    expect(card).toContain('| validation.weightedF1 | 0.6 |');
    expect(card).toContain('1.25 CPU-s');
    expect(card).toContain('$0.00001736 at $0.05 per core-hour');
    expect(card).toContain(artifact.dataHash);
  });
});
