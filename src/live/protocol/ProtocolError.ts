/**
 * Malformed input on either wire protocol. Decoders and the frame reader never throw on what a peer
 * sends: they return a failure value, set an error code and count it here. What to do about it is
 * fixed by the code's action (docs/protocol.md, "Malformed input"):
 * - Skip: the frame (or message block) is dropped and counted; the stream is still aligned because
 *   the length prefix was sound. A skipped *sequenced* message still consumes its sequence number,
 *   so the receiver must recover it (market data: retransmit or snapshot; order entry: reconcile).
 * - Drop: the byte stream can no longer be trusted to be aligned on frames; close the connection
 *   (and reconnect, which replays by sequence number).
 */
export const ProtocolError = {
  None: 0,
  /** A length prefix of 0: a frame with no packet type. Skip (the next frame starts right after). */
  EmptyFrame: 1,
  /** A length prefix above the reader's maximum: the stream is garbage or misaligned. Drop. */
  FrameTooLong: 2,
  /** The connection ended inside a frame. Drop (it is closing anyway; the partial frame is lost). */
  TruncatedStream: 3,
  /** A packet type letter this side of the connection does not accept. Skip. */
  UnknownPacketType: 4,
  /** A message type letter this side does not accept. Skip the frame (market data: the block). */
  UnknownMessageType: 5,
  /** Shorter than its type's fixed length. Skip. */
  Truncated: 6,
  /** Longer than its type's fixed length, or bytes left over after a packet's last block. Skip. */
  BadLength: 7,
  /** A field holds a value outside its domain (side, time in force, an integer above 2^53 − 1, …). Skip. */
  BadField: 8,
  /** Market data: a block length runs past the end of its packet; the rest of the packet is skipped. */
  BlockOverrun: 9,
} as const;
export type ProtocolError = (typeof ProtocolError)[keyof typeof ProtocolError];

export const PROTOCOL_ERROR_NAMES: readonly string[] = Object.keys(ProtocolError);

export const ProtocolErrorAction = { None: 0, Skip: 1, Drop: 2 } as const;
export type ProtocolErrorAction = (typeof ProtocolErrorAction)[keyof typeof ProtocolErrorAction];

const ACTIONS: readonly ProtocolErrorAction[] = [
  ProtocolErrorAction.None, // None
  ProtocolErrorAction.Skip, // EmptyFrame
  ProtocolErrorAction.Drop, // FrameTooLong
  ProtocolErrorAction.Drop, // TruncatedStream
  ProtocolErrorAction.Skip, // UnknownPacketType
  ProtocolErrorAction.Skip, // UnknownMessageType
  ProtocolErrorAction.Skip, // Truncated
  ProtocolErrorAction.Skip, // BadLength
  ProtocolErrorAction.Skip, // BadField
  ProtocolErrorAction.Skip, // BlockOverrun
];

/** What the receiver must do about an error code (see the module comment). */
export function protocolErrorAction(code: ProtocolError): ProtocolErrorAction {
  return ACTIONS[code];
}

/**
 * Malformed-input counts per error code for one connection (shared by its frame reader and decoder).
 * Recording is two array increments; `toJSON` (allocates) is for reports.
 */
export class ProtocolErrorCounts {
  readonly counts = new Float64Array(PROTOCOL_ERROR_NAMES.length);
  total = 0;
  /** The most recent error code (0 when none yet). */
  last: ProtocolError = ProtocolError.None;

  record(code: ProtocolError): void {
    this.counts[code]++;
    this.total++;
    this.last = code;
  }

  count(code: ProtocolError): number {
    return this.counts[code];
  }

  reset(): void {
    this.counts.fill(0);
    this.total = 0;
    this.last = ProtocolError.None;
  }

  /** Non-zero counts by error name, e.g. `{ "UnknownMessageType": 2 }`. */
  toJSON(): Record<string, number> {
    const out: Record<string, number> = {};
    for (let i = 1; i < this.counts.length; i++) if (this.counts[i] > 0) out[PROTOCOL_ERROR_NAMES[i]] = this.counts[i];
    return out;
  }
}
