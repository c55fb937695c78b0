import { describe, expect, it } from 'vitest';
import { accuracy, confusionMatrix } from './ConfusionMatrix.ts';
import { macroF1, perClassScores, weightedF1 } from './F1Scores.ts';
import { cohenKappa } from './CohenKappa.ts';
import { LOG_LOSS_EPS, logLoss } from './LogLoss.ts';
import { predictedClasses } from './predictedClasses.ts';
import { classificationReport } from './ClassificationReport.ts';

// y_true = [0,0,0,0, 1,1,1, 2,2,2], y_pred = [0,0,1,2, 1,1,0, 2,2,1]
// Confusion (rows true, cols predicted):   [[2,1,1],
//                                           [1,2,0],
//                                           [0,1,2]]
// Column sums (predicted) 3,4,3; row sums (support) 4,3,3; diagonal 6 of 10 → accuracy 0.6.
// precision = [2/3, 2/4, 2/3]; recall = [2/4, 2/3, 2/3]
// F1 = 2tp/(pred+actual) = [4/7, 4/7, 4/6]
// macro-F1    = (4/7 + 4/7 + 2/3)/3 = 38/63 ≈ 0.6031746   (sklearn f1_score(average='macro'))
// weighted-F1 = (4·4/7 + 3·4/7 + 3·2/3)/10 = (4 + 2)/10 = 0.6  (sklearn average='weighted')
// kappa: po = 0.6, pe = (4·3 + 3·4 + 3·3)/100 = 0.33 → (0.6 − 0.33)/(1 − 0.33) = 27/67 ≈ 0.4029851
//        (sklearn cohen_kappa_score)
const yTrue = [0, 0, 0, 0, 1, 1, 1, 2, 2, 2];
const yPred = [0, 0, 1, 2, 1, 1, 0, 2, 2, 1];

describe('classification metrics (hand-computed 3×3 case)', () => {
  const cm = confusionMatrix(yTrue, yPred, 3);

  it('confusion matrix and accuracy', () => {
    expect(cm.counts).toEqual([
      [2, 1, 1],
      [1, 2, 0],
      [0, 1, 2],
    ]);
    expect(accuracy(cm)).toBeCloseTo(0.6, 15);
  });

  it('per-class precision, recall, F1, support', () => {
    const s = perClassScores(cm);
    expect(s.precision).toEqual([2 / 3, 0.5, 2 / 3]);
    expect(s.recall).toEqual([0.5, 2 / 3, 2 / 3]);
    expect(s.f1[0]).toBeCloseTo(4 / 7, 15);
    expect(s.f1[1]).toBeCloseTo(4 / 7, 15);
    expect(s.f1[2]).toBeCloseTo(2 / 3, 15);
    expect(s.support).toEqual([4, 3, 3]);
  });

  it('macro-F1 and weighted-F1 differ as sklearn says', () => {
    expect(macroF1(cm)).toBeCloseTo(38 / 63, 14);
    expect(weightedF1(cm)).toBeCloseTo(0.6, 14);
  });

  it("Cohen's kappa", () => {
    expect(cohenKappa(cm)).toBeCloseTo(27 / 67, 14);
  });

  it('a class never predicted has precision 0 (zero_division=0); the majority-only model has kappa 0', () => {
    const m = confusionMatrix([0, 0, 1, 2], [0, 0, 0, 0], 3);
    const s = perClassScores(m);
    expect(s.precision).toEqual([0.5, 0, 0]);
    expect(s.f1).toEqual([2 / 3, 0, 0]);
    expect(macroF1(m)).toBeCloseTo(2 / 9, 15);
    expect(cohenKappa(m)).toBe(0);
  });

  it('rejects out-of-range classes naming the row', () => {
    expect(() => confusionMatrix([0, 3], [0, 0], 3)).toThrow(/yTrue\[1\] = 3/);
    expect(() => confusionMatrix([0], [0, 1], 3)).toThrow(/rows/);
  });
});

describe('log-loss', () => {
  it('mean negative log-probability of the true class (hand-computed)', () => {
    const p = Float64Array.from([0.7, 0.2, 0.1, 0.1, 0.1, 0.8]);
    expect(logLoss([0, 2], p, 3)).toBeCloseTo(-(Math.log(0.7) + Math.log(0.8)) / 2, 15);
  });

  it('clips: a zero probability on the true class costs −ln(1e-15) ≈ 34.539, not infinity', () => {
    const p = Float64Array.from([0, 1, 0]);
    expect(logLoss([0], p, 3)).toBeCloseTo(-Math.log(LOG_LOSS_EPS), 12);
    expect(logLoss([1], p, 3)).toBeCloseTo(-Math.log(1 - LOG_LOSS_EPS), 20);
  });

  it('weights: the weighted mean', () => {
    const p = Float64Array.from([0.5, 0.5, 0.75, 0.25]);
    // (1·ln 2 + 3·ln 4)/4 = 7 ln 2 / 4
    expect(logLoss([0, 1], p, 2, { weights: [1, 3] })).toBeCloseTo((7 * Math.LN2) / 4, 15);
  });
});

describe('predictedClasses and the report', () => {
  it('argmax with ties to the lowest class', () => {
    expect(Array.from(predictedClasses(Float64Array.from([0.2, 0.5, 0.3, 0.4, 0.4, 0.2]), 3))).toEqual([1, 0]);
  });

  it('classificationReport bundles the same numbers', () => {
    const probs = new Float64Array(yPred.length * 3);
    yPred.forEach((c, i) => {
      probs.fill(0.1, i * 3, i * 3 + 3);
      probs[i * 3 + c] = 0.8;
    });
    const r = classificationReport(yTrue, probs, 3);
    expect(r.accuracy).toBeCloseTo(0.6, 15);
    expect(r.macroF1).toBeCloseTo(38 / 63, 14);
    expect(r.weightedF1).toBeCloseTo(0.6, 14);
    expect(r.cohenKappa).toBeCloseTo(27 / 67, 14);
    // 6 hits at 0.8, 4 misses at 0.1
    expect(r.logLoss).toBeCloseTo(-(6 * Math.log(0.8) + 4 * Math.log(0.1)) / 10, 14);
  });
});
