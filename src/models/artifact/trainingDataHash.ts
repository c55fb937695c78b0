import { createHash } from 'node:crypto';

/** Name of the byte layout below; stored next to nothing else, so changing the layout means a new name. */
export const DATA_HASH_SCHEME = 'tachyon-data-v1';

/**
 * SHA-256 (lower-case hex) of exactly the training rows a model saw, so two artifacts can be checked for
 * "trained on the same data". The hashed byte stream, in order:
 *
 * 1. the ASCII header `tachyon-data-v1\nrows=<n>\nfeatures=<d>\nlabel=<uint8|float64>\n`;
 * 2. for each feature column in model order, for each training row in `rows` order: the value as an
 *    IEEE-754 float64, little-endian (every NaN written as the canonical 0x7FF8000000000000, so NaN
 *    payload bits cannot change the hash; −0 and +0 stay distinct);
 * 3. for each training row in `rows` order: the label — one byte for a class (Uint8Array), or a
 *    little-endian float64 for a regression target (Float64Array, NaN canonicalised as above).
 *
 * Feature names, units, validation and test rows are not hashed (the names are in the artifact itself).
 */
export function trainingDataHash(x: readonly Float64Array[], labels: Uint8Array | Float64Array, rows: Int32Array): string {
  const hash = createHash('sha256');
  const isClass = labels instanceof Uint8Array;
  hash.update(`${DATA_HASH_SCHEME}\nrows=${rows.length}\nfeatures=${x.length}\nlabel=${isClass ? 'uint8' : 'float64'}\n`, 'utf8');
  const CHUNK = 8192; // values per update: bounded memory whatever the dataset size
  const buf = new ArrayBuffer(CHUNK * 8);
  const view = new DataView(buf);
  const bytes = new Uint8Array(buf);
  const put = (values: ArrayLike<number>): void => {
    let at = 0;
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      if (r < 0 || r >= values.length) throw new RangeError(`data hash: row ${r} (at ${i}) is outside [0, ${values.length})`);
      const v = values[r];
      if (v !== v) {
        view.setUint32(at * 8, 0, true);
        view.setUint32(at * 8 + 4, 0x7ff80000, true);
      } else {
        view.setFloat64(at * 8, v, true);
      }
      if (++at === CHUNK) {
        hash.update(bytes);
        at = 0;
      }
    }
    if (at > 0) hash.update(bytes.subarray(0, at * 8));
  };
  for (const col of x) put(col);
  if (isClass) {
    const out = new Uint8Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      if (rows[i] < 0 || rows[i] >= labels.length) throw new RangeError(`data hash: row ${rows[i]} (at ${i}) is outside [0, ${labels.length})`);
      out[i] = labels[rows[i]];
    }
    hash.update(out);
  } else {
    put(labels);
  }
  return hash.digest('hex');
}
