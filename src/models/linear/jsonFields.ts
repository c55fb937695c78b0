/** Field checks shared by the linear models' fromJSON: every failure names the model and the field. */
export function modelBodyError(model: string, field: string, problem: string): RangeError {
  return new RangeError(`${model} model body: field "${field}" ${problem}`);
}

export function objectOf(json: unknown, model: string): Record<string, unknown> {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw modelBodyError(model, '(body)', 'must be an object');
  return json as Record<string, unknown>;
}

/** A Float64Array of exactly `length` finite numbers, or a RangeError naming the field and the first bad index. */
export function finiteNumbers(v: unknown, model: string, field: string, length: number): Float64Array {
  if (!Array.isArray(v)) throw modelBodyError(model, field, 'must be an array of numbers');
  if (v.length !== length) throw modelBodyError(model, field, `has ${v.length} values, expected ${length}`);
  const out = new Float64Array(length);
  for (let i = 0; i < length; i++) {
    const x: unknown = v[i];
    if (typeof x !== 'number' || !Number.isFinite(x)) throw modelBodyError(model, `${field}[${i}]`, 'must be a finite number');
    out[i] = x;
  }
  return out;
}
