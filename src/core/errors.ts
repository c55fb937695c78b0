/**
 * Bad input ends in one error naming where it is (file, line or sequence number) and which field,
 * or, in lenient mode, is counted per kind and reported. Nothing is silently dropped.
 */
export type InputErrorKind =
  | 'malformed-row'
  | 'unknown-type'
  | 'negative-size'
  | 'non-monotonic-time'
  | 'unparseable-number'
  | 'off-tick-price'
  | 'sequence-gap'
  | 'unknown-order'
  | 'malformed-message';

export class InputError extends Error {
  constructor(
    readonly kind: InputErrorKind,
    readonly file: string,
    /** 1-based line number, or the venue sequence number where lines do not apply. */
    readonly line: number,
    readonly field: string,
    readonly detail: string,
  ) {
    super(`${file}:${line}: field "${field}": ${detail} (${kind})`);
    this.name = 'InputError';
  }
}

/** Counts bad input per kind in lenient mode, keeping the first example of each for the report. */
export class InputErrorTally {
  readonly counts = new Map<InputErrorKind, number>();
  readonly firstExample = new Map<InputErrorKind, string>();

  constructor(readonly lenient: boolean) {}

  /** Throws in strict mode; counts in lenient mode. */
  report(error: InputError): void {
    if (!this.lenient) throw error;
    this.counts.set(error.kind, (this.counts.get(error.kind) ?? 0) + 1);
    if (!this.firstExample.has(error.kind)) this.firstExample.set(error.kind, error.message);
  }

  get total(): number {
    let n = 0;
    for (const c of this.counts.values()) n += c;
    return n;
  }

  toJSON(): Record<string, number> {
    return Object.fromEntries([...this.counts.entries()].sort());
  }
}
