import type { Command } from '../Command.ts';
import { parseCommandArgs, requireOption } from '../args.ts';
import { readDatasetParquet } from '../../datasets/readDataset.ts';
import { readModelArtifact } from '../../models/artifact/ModelArtifactFile.ts';
import { loadPredictor } from '../../models/artifact/PredictorRegistry.ts';
import { predictRows } from '../../models/predictRows.ts';
import { classificationReport } from '../../models/metrics/ClassificationReport.ts';
import { predictedClasses } from '../../models/metrics/predictedClasses.ts';
import { writeColumnsParquet } from '../../data/store/writeColumnsParquet.ts';
import '../../models/ModelZoo.ts'; // registers every model family's loader

const help = `tachyon predict — run a model artifact over a dataset, row by row, as live inference would

usage:
  tachyon predict --model A.json --dataset D.parquet [--from-row r] [--out P.parquet] [--json]

Loads the compiled predictor from the artifact, takes the dataset's columns by the artifact's feature
names (a missing feature is an error), predicts every row from --from-row on (default 0; use the row where
the model's test part starts to score only unseen data) and scores the predictions against the labels.
--out writes row, ts offset, label, predicted class and the class probabilities as Parquet.
--json prints {"model","rows","accuracy","macroF1","weightedF1"}.

example:
  npx tachyon predict --model goog-k10.logistic.json --dataset goog-k10.parquet --json`;

export const predictCommand: Command = {
  path: ['predict'],
  summary: 'run a model artifact over a dataset and score it',
  help,
  async run(args, io) {
    const { values } = parseCommandArgs(args, {
      model: { type: 'string' },
      dataset: { type: 'string' },
      'from-row': { type: 'string' },
      out: { type: 'string' },
      json: { type: 'boolean', default: false },
    });
    const modelPath = requireOption(values.model, 'model');
    const artifact = await readModelArtifact(modelPath);
    const predictor = loadPredictor(artifact, modelPath);
    const ds = await readDatasetParquet(requireOption(values.dataset, 'dataset'));
    const columns = artifact.features.map((f) => {
      const k = ds.featureNames.indexOf(f.name);
      if (k < 0) throw new RangeError(`${ds.path}: the model needs feature "${f.name}", which the dataset does not have`);
      return ds.features[k];
    });
    const from = Number(values['from-row'] ?? 0);
    if (!Number.isInteger(from) || from < 0 || from >= ds.rows) throw new RangeError(`--from-row must be an integer in [0, ${ds.rows - 1}]`);
    const rows = Int32Array.from({ length: ds.rows - from }, (_, i) => from + i);
    const probs = predictRows(predictor, columns, rows);
    const y = ds.labels.subarray(from);
    const report = classificationReport(y, probs, predictor.numOutputs);
    if (values.out) {
      const k = predictor.numOutputs;
      const col = (c: number): Float64Array => Float64Array.from({ length: rows.length }, (_, i) => probs[i * k + c]);
      await writeColumnsParquet(values.out, [
        { name: 'row', kind: 'int64', values: Float64Array.from(rows) },
        { name: 'label', kind: 'uint8', values: Uint8Array.from(y) },
        { name: 'predicted', kind: 'uint8', values: Uint8Array.from(predictedClasses(probs, k)) },
        ...Array.from({ length: k }, (_, c) => ({ name: `p_${['down', 'stationary', 'up'][c] ?? c}`, kind: 'double' as const, values: col(c) })),
      ]);
    }
    const summary = { model: artifact.kind, rows: rows.length, accuracy: report.accuracy, macroF1: report.macroF1, weightedF1: report.weightedF1 };
    if (values.json) io.out(JSON.stringify(summary));
    else io.out(`${artifact.kind} on ${rows.length} rows of ${ds.path}: accuracy ${report.accuracy.toFixed(4)}, macro-F1 ${report.macroF1.toFixed(4)}, weighted-F1 ${report.weightedF1.toFixed(4)}`);
    return 0;
  },
};
