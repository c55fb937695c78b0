/**
 * A journal that cannot be used as it is: not a journal, a newer format, damage before its last valid
 * record, or a value the format cannot hold exactly. The message names the file, the byte offset, the
 * sequence number where known and the field.
 */
export type JournalErrorKind = 'not-a-journal' | 'unsupported-version' | 'corrupt' | 'bad-value' | 'io';

export class JournalError extends Error {
  constructor(
    readonly kind: JournalErrorKind,
    readonly file: string,
    /** Byte offset in the file, or -1. */
    readonly offset: number,
    /** Sequence number concerned (or the last good one), or -1. */
    readonly seq: number,
    readonly field: string,
    readonly detail: string,
  ) {
    super(`${file}: byte ${offset}${seq >= 0 ? ` (seq ${seq})` : ''}: field "${field}": ${detail} (${kind})`);
    this.name = 'JournalError';
  }
}
