/** One named parameter tensor in an artifact: its shape and its float32 values as plain numbers, row-major. */
export interface WeightTensorJSON {
  readonly name: string;
  readonly shape: number[];
  readonly values: number[];
}

/** The shape a network expects for one parameter (what an artifact is checked against). */
export interface WeightSpec {
  readonly name: string;
  readonly shape: readonly number[];
}

export function shapeSize(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Serialises parameter values (float32 → exact doubles) in spec order. */
export function weightsToJSON(specs: readonly WeightSpec[], values: readonly Float32Array[]): WeightTensorJSON[] {
  return specs.map((s, i) => ({ name: s.name, shape: [...s.shape], values: Array.from(values[i]) }));
}

/**
 * Reads parameter tensors back, checking each one's name, shape and values against the specs; a
 * malformed artifact is a RangeError naming the artifact and field.
 */
export function weightsFromJSON(json: unknown, specs: readonly WeightSpec[], artifact: string): Float32Array[] {
  if (!Array.isArray(json)) throw new RangeError(`${artifact} artifact: field "weights" must be an array`);
  if (json.length !== specs.length) throw new RangeError(`${artifact} artifact: field "weights" has ${json.length} tensors, expected ${specs.length}`);
  return specs.map((spec, i) => {
    const t = json[i] as Partial<Record<keyof WeightTensorJSON, unknown>> | null;
    const where = `${artifact} artifact: field "weights[${i}]"`;
    if (t === null || typeof t !== 'object' || t.name !== spec.name) throw new RangeError(`${where} must be the tensor "${spec.name}"`);
    if (!Array.isArray(t.shape) || t.shape.length !== spec.shape.length || t.shape.some((d, k) => d !== spec.shape[k])) {
      throw new RangeError(`${where} (${spec.name}) must have shape [${spec.shape.join(', ')}], got ${JSON.stringify(t.shape)}`);
    }
    const n = shapeSize(spec.shape);
    if (!Array.isArray(t.values) || t.values.length !== n) throw new RangeError(`${where} (${spec.name}) must hold ${n} values`);
    const out = new Float32Array(n);
    for (let k = 0; k < n; k++) {
      const v = t.values[k] as unknown;
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new RangeError(`${where} (${spec.name}) value ${k} must be a finite number`);
      out[k] = v;
    }
    return out;
  });
}
