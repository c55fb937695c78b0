import type { InputErrorKind } from '../../core/errors.ts';

const COMMA = 44;
const MINUS = 45;
const DOT = 46;
const POW10 = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000];

/**
 * Reads comma-separated numeric fields straight from bytes, one line at a time, without building strings.
 * A failed read records what went wrong (kind, field index, detail) instead of throwing, so the hot loop
 * stays exception-free and the owning parser turns the failure into one InputError with file and line.
 */
export class CsvFieldCursor {
  pos = 0;
  lineEnd = 0;
  failKind: InputErrorKind | null = null;
  failField = 0;
  failDetail = '';

  startLine(start: number, end: number): void {
    this.pos = start;
    this.lineEnd = end;
    this.failKind = null;
  }

  /** True when every field of the line has been consumed. */
  atLineEnd(): boolean {
    return this.pos === this.lineEnd + 1;
  }

  /** Optionally signed integer ending at a comma or the line end; consumes the separator. */
  readInt(buf: Uint8Array, field: number): number {
    let p = this.pos;
    const end = this.lineEnd;
    if (p > end) {
      this.fail('malformed-row', field, `missing field ${field + 1}`);
      return 0;
    }
    let neg = false;
    if (p < end && buf[p] === MINUS) {
      neg = true;
      p++;
    }
    let v = 0;
    let digits = 0;
    while (p < end) {
      const d = buf[p] - 48;
      if (d < 0 || d > 9) break;
      v = v * 10 + d;
      digits++;
      p++;
    }
    if (digits === 0 || (p < end && buf[p] !== COMMA)) {
      this.fail('unparseable-number', field, 'not an integer');
      return 0;
    }
    if (digits > 15) {
      this.fail('unparseable-number', field, 'integer too large to be exact');
      return 0;
    }
    this.pos = p + 1;
    return neg ? -v : v;
  }

  /** Seconds with up to 9 decimals → exact integer nanoseconds; consumes the separator. */
  readSecondsNs(buf: Uint8Array, field: number): number {
    let p = this.pos;
    const end = this.lineEnd;
    let whole = 0;
    let digits = 0;
    while (p < end) {
      const d = buf[p] - 48;
      if (d < 0 || d > 9) break;
      whole = whole * 10 + d;
      digits++;
      p++;
    }
    let frac = 0;
    let fracDigits = 0;
    if (p < end && buf[p] === DOT) {
      p++;
      while (p < end) {
        const d = buf[p] - 48;
        if (d < 0 || d > 9) break;
        frac = frac * 10 + d;
        fracDigits++;
        p++;
      }
    }
    if (digits === 0 || digits > 6 || (p < end && buf[p] !== COMMA) || fracDigits > 9) {
      this.fail('unparseable-number', field, 'not seconds with at most 9 decimals');
      return 0;
    }
    this.pos = p + 1;
    return whole * 1_000_000_000 + frac * POW10[9 - fracDigits];
  }

  fail(kind: InputErrorKind, field: number, detail: string): void {
    if (this.failKind !== null) return; // keep the first failure of the line
    this.failKind = kind;
    this.failField = field;
    this.failDetail = detail;
  }
}
