/** Argmax of each row of row-major scores (n × numClasses); ties go to the lowest class, as numpy's argmax. */
export function predictedClasses(scores: Float64Array, numClasses: number): Uint8Array {
  if (numClasses < 1 || numClasses > 256 || scores.length % numClasses !== 0) {
    throw new RangeError(`scores length ${scores.length} is not a multiple of numClasses ${numClasses} (1..256)`);
  }
  const n = scores.length / numClasses;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const base = i * numClasses;
    let best = 0;
    let bestScore = scores[base];
    for (let k = 1; k < numClasses; k++) {
      if (scores[base + k] > bestScore) {
        bestScore = scores[base + k];
        best = k;
      }
    }
    out[i] = best;
  }
  return out;
}
