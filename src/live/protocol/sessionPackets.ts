import { LoginRejectReason, SessionPacket } from './codes.ts';
import { badValue } from './fieldValues.ts';
import { FRAME_PREFIX_LENGTH } from './FrameReader.ts';
import type { HasOrigin } from './orderEntryMessages.ts';
import { checkRoom, getU64, isPrintable, isPrintableAt, putI32, putU16, putU32, putU64, readBytes, writeBytes } from './wire.ts';

/**
 * The order-entry session layer, in the spirit of SoupBinTCP 3.0: every packet is a frame (u16 length,
 * then the packet type letter and its payload). Differences from SoupBinTCP, all for a binary hot path:
 * sequence numbers are u64 binary instead of 20 ASCII digits; every Sequenced Data packet carries its
 * sequence number explicitly (SoupBinTCP leaves it implied by position), so a journal or a replaying
 * client never has to count; Login Accepted also announces the session's time origin.
 *
 * Writers (`writeXFrame`) put a whole frame, length prefix included, at byte `o` of `v` and return its length.
 * Readers (`readX`) take the frame *body* offset in the DataView (where the packet type is, as FrameReader delivers it),
 * check nothing about length (OrderEntryDecoder does) and return '' or the first bad field's name.
 */

export const USERNAME_LENGTH = 6;
export const PASSWORD_LENGTH = 10;
export const SESSION_LENGTH = 10;

/** Frame lengths, length prefix included. */
export const LOGIN_REQUEST_FRAME_LENGTH = 37;
export const LOGIN_ACCEPTED_FRAME_LENGTH = 29;
export const LOGIN_REJECTED_FRAME_LENGTH = 4;
export const CONTROL_FRAME_LENGTH = 3;
/** Bytes before the message in a Sequenced Data frame: length, 'S', sequence number. */
export const SEQUENCED_HEADER_LENGTH = 11;
/** Bytes before the message in an Unsequenced Data frame: length, 'U'. */
export const UNSEQUENCED_HEADER_LENGTH = 3;
/**
 * The longest frame body a client may send (an Unsequenced Enter or Replace Order): the venue's
 * FrameReader `maxFrameBody`, so garbage fails framing at once.
 */
export const MAX_CLIENT_ORDER_ENTRY_BODY = 38;

function blankText(n: number): Uint8Array {
  return new Uint8Array(n).fill(0x20);
}

/** client → venue: log in, asking for a session and the sequence number to resume from. */
export class LoginRequest {
  /** Left-aligned, space padded. */
  readonly username = blankText(USERNAME_LENGTH);
  readonly password = blankText(PASSWORD_LENGTH);
  /** Right-aligned, space padded; all spaces: the venue's current session. */
  readonly session = blankText(SESSION_LENGTH);
  /**
   * The sequence number of the next sequenced message the client wants: 1 replays the whole session,
   * N resumes after N − 1, 0 skips the replay (live messages only).
   */
  sequence = 0;
}

/** venue → client: logged in; sequenced messages start at `sequence` (replayed ones first). */
export class LoginAccepted implements HasOrigin {
  readonly session = blankText(SESSION_LENGTH);
  /** The sequence number of the next Sequenced Data packet this client will receive. */
  sequence = 0;
  /** The session's time origin (epoch ns as the halves of an i64): timestamps count from it. */
  originHigh = 0;
  originLow = 0;
}

export class LoginRejected {
  reason: number = LoginRejectReason.NotAuthorized;
}

function putText(v: DataView, o: number, text: Uint8Array, field: string): void {
  if (!isPrintable(text)) throw new RangeError(`field "${field}" is not printable ASCII`);
  writeBytes(v, o, text);
}

export function writeLoginRequestFrame(v: DataView, o: number, m: LoginRequest): number {
  checkRoom(v, o, LOGIN_REQUEST_FRAME_LENGTH);
  putU16(v, o, LOGIN_REQUEST_FRAME_LENGTH - FRAME_PREFIX_LENGTH, 'length');
  v.setUint8(o + 2, SessionPacket.LoginRequest);
  putText(v, o + 3, m.username, 'username');
  putText(v, o + 9, m.password, 'password');
  putText(v, o + 19, m.session, 'session');
  putU64(v, o + 29, m.sequence, 'sequence');
  return LOGIN_REQUEST_FRAME_LENGTH;
}

/** `o`: the packet type's offset (frame body start). */
export function readLoginRequest(v: DataView, o: number, m: LoginRequest): string {
  let bad = '';
  if (!isPrintableAt(v, o + 1, USERNAME_LENGTH)) bad = 'username';
  readBytes(v, o + 1, m.username);
  if (!isPrintableAt(v, o + 7, PASSWORD_LENGTH) && bad === '') bad = 'password';
  readBytes(v, o + 7, m.password);
  if (!isPrintableAt(v, o + 17, SESSION_LENGTH) && bad === '') bad = 'session';
  readBytes(v, o + 17, m.session);
  m.sequence = getU64(v, o + 27);
  if (m.sequence < 0 && bad === '') bad = 'sequence';
  return bad;
}

export function writeLoginAcceptedFrame(v: DataView, o: number, m: LoginAccepted): number {
  checkRoom(v, o, LOGIN_ACCEPTED_FRAME_LENGTH);
  putU16(v, o, LOGIN_ACCEPTED_FRAME_LENGTH - FRAME_PREFIX_LENGTH, 'length');
  v.setUint8(o + 2, SessionPacket.LoginAccepted);
  putText(v, o + 3, m.session, 'session');
  putU64(v, o + 13, m.sequence, 'sequence');
  putI32(v, o + 21, m.originHigh, 'originHigh');
  putU32(v, o + 25, m.originLow, 'originLow');
  return LOGIN_ACCEPTED_FRAME_LENGTH;
}

export function readLoginAccepted(v: DataView, o: number, m: LoginAccepted): string {
  let bad = '';
  if (!isPrintableAt(v, o + 1, SESSION_LENGTH)) bad = 'session';
  readBytes(v, o + 1, m.session);
  m.sequence = getU64(v, o + 11);
  if (m.sequence < 0 && bad === '') bad = 'sequence';
  m.originHigh = v.getInt32(o + 19);
  m.originLow = v.getUint32(o + 23);
  return bad;
}

function isLoginRejectReason(v: number): boolean {
  return v === LoginRejectReason.NotAuthorized || v === LoginRejectReason.SessionNotAvailable;
}

export function writeLoginRejectedFrame(v: DataView, o: number, m: LoginRejected): number {
  checkRoom(v, o, LOGIN_REJECTED_FRAME_LENGTH);
  if (!isLoginRejectReason(m.reason)) throw badValue('reason', m.reason);
  putU16(v, o, LOGIN_REJECTED_FRAME_LENGTH - FRAME_PREFIX_LENGTH, 'length');
  v.setUint8(o + 2, SessionPacket.LoginRejected);
  v.setUint8(o + 3, m.reason);
  return LOGIN_REJECTED_FRAME_LENGTH;
}

export function readLoginRejected(v: DataView, o: number, m: LoginRejected): string {
  m.reason = v.getUint8(o + 1);
  return isLoginRejectReason(m.reason) ? '' : 'reason';
}

/** Is `t` a packet type without payload (heartbeats, logout request, end of session)? */
export function isControlPacket(t: number): boolean {
  return (
    t === SessionPacket.ClientHeartbeat ||
    t === SessionPacket.ServerHeartbeat ||
    t === SessionPacket.LogoutRequest ||
    t === SessionPacket.EndOfSession
  );
}

/** A payload-free packet: Client / Server Heartbeat, Logout Request, End of Session. */
export function writeControlFrame(v: DataView, o: number, packetType: number): number {
  checkRoom(v, o, CONTROL_FRAME_LENGTH);
  if (!isControlPacket(packetType)) throw badValue('packetType', packetType);
  v.setUint8(o, 0);
  v.setUint8(o + 1, 1);
  v.setUint8(o + 2, packetType);
  return CONTROL_FRAME_LENGTH;
}

/**
 * Completes a Sequenced Data frame whose message (`messageLength` bytes) was already encoded at
 * `o + SEQUENCED_HEADER_LENGTH`; returns the frame length.
 */
export function writeSequencedHeader(v: DataView, o: number, sequence: number, messageLength: number): number {
  checkRoom(v, o, SEQUENCED_HEADER_LENGTH + messageLength);
  putU16(v, o, SEQUENCED_HEADER_LENGTH - FRAME_PREFIX_LENGTH + messageLength, 'length');
  v.setUint8(o + 2, SessionPacket.SequencedData);
  putU64(v, o + 3, sequence, 'sequence');
  return SEQUENCED_HEADER_LENGTH + messageLength;
}

/** Completes an Unsequenced Data frame whose message was encoded at `o + UNSEQUENCED_HEADER_LENGTH`. */
export function writeUnsequencedHeader(v: DataView, o: number, messageLength: number): number {
  checkRoom(v, o, UNSEQUENCED_HEADER_LENGTH + messageLength);
  putU16(v, o, UNSEQUENCED_HEADER_LENGTH - FRAME_PREFIX_LENGTH + messageLength, 'length');
  v.setUint8(o + 2, SessionPacket.UnsequencedData);
  return UNSEQUENCED_HEADER_LENGTH + messageLength;
}
