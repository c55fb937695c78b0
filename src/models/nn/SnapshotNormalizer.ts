/** Serialized form, stored in the DeepLOB artifact. */
export interface SnapshotNormalizerJSON {
  readonly kind: 'snapshot-normalizer';
  readonly priceMean: number;
  readonly priceStd: number;
  readonly sizeMean: number;
  readonly sizeStd: number;
}

/**
 * Z-scores for raw snapshots with one mean/std for all price columns and one for all size columns
 * (even columns are prices in ticks from mid, odd ones sizes), fitted on training rows only. Shared
 * statistics, rather than per column, keep the cross-level shape of the book (level 3 further from mid
 * than level 2) that DeepLOB's convolutions read. A non-finite value (empty side) becomes 0, the mean.
 */
export class SnapshotNormalizer {
  private constructor(
    readonly priceMean: number,
    readonly priceStd: number,
    readonly sizeMean: number,
    readonly sizeStd: number,
  ) {}

  static fit(snapshots: readonly Float64Array[], rows: Int32Array): SnapshotNormalizer {
    const stats = [0, 1].map((parity) => {
      let n = 0;
      let sum = 0;
      for (let c = parity; c < snapshots.length; c += 2) {
        for (let i = 0; i < rows.length; i++) {
          const v = snapshots[c][rows[i]];
          if (Number.isFinite(v)) {
            sum += v;
            n++;
          }
        }
      }
      const mean = n > 0 ? sum / n : 0;
      let ss = 0;
      for (let c = parity; c < snapshots.length; c += 2) {
        for (let i = 0; i < rows.length; i++) {
          const v = snapshots[c][rows[i]];
          if (Number.isFinite(v)) ss += (v - mean) * (v - mean);
        }
      }
      const std = n > 0 ? Math.sqrt(ss / n) : 0;
      return { mean, std: std > 0 && Number.isFinite(std) ? std : 1 };
    });
    return new SnapshotNormalizer(stats[0].mean, stats[0].std, stats[1].mean, stats[1].std);
  }

  /**
   * All rows normalised, row-major float32 (rows × columns): windows are then contiguous slices.
   */
  matrix(snapshots: readonly Float64Array[]): Float32Array {
    const w = snapshots.length;
    const n = snapshots[0]?.length ?? 0;
    const out = new Float32Array(n * w);
    for (let c = 0; c < w; c++) {
      const col = snapshots[c];
      const [mu, inv] = c % 2 === 0 ? [this.priceMean, 1 / this.priceStd] : [this.sizeMean, 1 / this.sizeStd];
      for (let r = 0; r < n; r++) {
        const v = (col[r] - mu) * inv;
        out[r * w + c] = Number.isFinite(v) ? v : 0;
      }
    }
    return out;
  }

  toJSON(): SnapshotNormalizerJSON {
    return { kind: 'snapshot-normalizer', priceMean: this.priceMean, priceStd: this.priceStd, sizeMean: this.sizeMean, sizeStd: this.sizeStd };
  }

  static fromJSON(json: unknown): SnapshotNormalizer {
    const o = json as Partial<Record<keyof SnapshotNormalizerJSON, unknown>> | null;
    if (o === null || typeof o !== 'object' || o.kind !== 'snapshot-normalizer') {
      throw new RangeError('deeplob artifact: field "normalizer.kind" must be "snapshot-normalizer"');
    }
    const num = (f: 'priceMean' | 'priceStd' | 'sizeMean' | 'sizeStd', positive: boolean): number => {
      const v = o[f];
      if (typeof v !== 'number' || !Number.isFinite(v) || (positive && !(v > 0))) {
        throw new RangeError(`deeplob artifact: field "normalizer.${f}" must be a finite number${positive ? ' > 0' : ''}`);
      }
      return v;
    };
    return new SnapshotNormalizer(num('priceMean', false), num('priceStd', true), num('sizeMean', false), num('sizeStd', true));
  }
}
