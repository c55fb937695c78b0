/**
 * A table-driven e^x for the softmax gradients of the GBDT trainer (x = margin − max margin ≤ 0): three
 * times faster than Math.exp, within 2 ulp of it, and made of operations WebAssembly has, so the
 * learner's kernels compute the same bits (learnerKernels.ts).
 */
export const EXP_TABLE_BITS = 11;
const EXP_TABLE_SIZE = 1 << EXP_TABLE_BITS;
/** 2^(j/2048), j = 0 … 2047. */
export const EXP2_FRACTION = Float64Array.from({ length: EXP_TABLE_SIZE }, (_, j) => 2 ** (j / EXP_TABLE_SIZE));
/** 2^−i, i = 0 … 1099. */
export const POW2_NEGATIVE = Float64Array.from({ length: 1100 }, (_, i) => 2 ** -i);
export const TABLE_SIZE_OVER_LN2 = EXP_TABLE_SIZE / Math.LN2;
/** ln 2 / 2048 in two parts (fdlibm's split of ln 2; HI ends in 21 zero bits): k · HI is exact for |k| < 2^21, x ≥ −708. */
export const LN2_STEP_HI = 6.9314718036912381649e-1 / EXP_TABLE_SIZE;
export const LN2_STEP_LO = 1.90821492927058770002e-10 / EXP_TABLE_SIZE;

/**
 * e^x for x ≤ 0 (0 below −708), within 2 ulp of Math.exp: x = k·ln2/2048 + r with |r| ≤ ln2/4096, e^x =
 * 2^(k mod 2048 / 2048) · 2^⌊k/2048⌋ · e^r, e^r by its cubic Taylor polynomial (error below 4e-17).
 */
export function expNonPositive(x: number): number {
  if (x < -708) return 0;
  const k = Math.floor(x * TABLE_SIZE_OVER_LN2 + 0.5);
  const r = x - k * LN2_STEP_HI - k * LN2_STEP_LO;
  const j = k & (EXP_TABLE_SIZE - 1);
  return EXP2_FRACTION[j] * (1 + r * (1 + r * (0.5 + r * (1 / 6)))) * POW2_NEGATIVE[(j - k) >> EXP_TABLE_BITS];
}
