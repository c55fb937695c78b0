import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FrameReader } from './FrameReader.ts';
import { ProtocolError, ProtocolErrorAction, protocolErrorAction } from './ProtocolError.ts';

/** A frame: u16 big-endian length + body. */
function frame(body: number[]): number[] {
  return [body.length >> 8, body.length & 0xff, ...body];
}

function drain(r: FrameReader, out: number[][]): void {
  while (r.next()) out.push([...r.bytes.subarray(r.start, r.end)]);
}

/** Feeds `stream` cut at `cuts` (sorted offsets) and collects the frames. */
function split(stream: Uint8Array, cuts: number[], r = new FrameReader({ initialCapacity: 64 })): number[][] {
  const out: number[][] = [];
  let at = 0;
  for (const c of [...cuts, stream.length]) {
    r.push(stream.subarray(at, c));
    drain(r, out);
    at = c;
  }
  return out;
}

const bodyArb = fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 300 });

describe('FrameReader', () => {
  it('hands over frames inside one chunk without copying', () => {
    const stream = Uint8Array.from([...frame([1, 2, 3]), ...frame([4]), ...frame([5, 6])]);
    const r = new FrameReader();
    r.push(stream);
    const out: number[][] = [];
    while (r.next()) {
      expect(r.bytes).toBe(stream);
      out.push([...r.bytes.subarray(r.start, r.end)]);
    }
    expect(out).toEqual([[1, 2, 3], [4], [5, 6]]);
    expect(r.carriedBytes).toBe(0);
    expect(r.frames).toBe(3);
  });

  it('joins a frame split in the length prefix, one byte per chunk', () => {
    const stream = Uint8Array.from([...frame([7, 8, 9]), ...frame([10])]);
    const cuts = Array.from({ length: stream.length - 1 }, (_, i) => i + 1);
    expect(split(stream, cuts)).toEqual([[7, 8, 9], [10]]);
  });

  it('carries only the partial frame', () => {
    const stream = Uint8Array.from([...frame([1, 1]), ...frame([2, 2, 2, 2])]);
    const r = new FrameReader();
    expect(split(stream, [6], r)).toEqual([[1, 1], [2, 2, 2, 2]]);
    // Frame 1 is not copied; frame 2 (6 bytes) is: its first 2 bytes, then the 4 that completed it.
    expect(r.carriedBytes).toBe(6);
  });

  it('push() before the previous chunk was drained keeps every byte in order', () => {
    const a = Uint8Array.from([...frame([1]), ...frame([2]), ...frame([3, 3]).slice(0, 2)]);
    const b = Uint8Array.from([...frame([3, 3]).slice(2), ...frame([4])]);
    const r = new FrameReader();
    const out: number[][] = [];
    r.push(a);
    r.next();
    out.push([...r.bytes.subarray(r.start, r.end)]);
    r.push(b); // frame [2] and the start of [3,3] were not read yet
    drain(r, out);
    expect(out).toEqual([[1], [2], [3, 3], [4]]);
  });

  it('reads ranges of one reused buffer (a static read buffer): a partial frame survives the overwrite', () => {
    const stream = Uint8Array.from([...frame([1, 2, 3]), ...frame([4, 5, 6, 7, 8]), ...frame([9])]);
    const inBuf = new Uint8Array(8); // smaller than the stream: every read overwrites it
    const r = new FrameReader();
    const out: number[][] = [];
    for (let at = 0; at < stream.length; at += inBuf.length) {
      const n = Math.min(inBuf.length, stream.length - at);
      inBuf.fill(0xee);
      inBuf.set(stream.subarray(at, at + n));
      r.push(inBuf, 0, n);
      drain(r, out);
    }
    expect(out).toEqual([[1, 2, 3], [4, 5, 6, 7, 8], [9]]);
    expect(r.pendingBytes).toBe(0);
  });

  it('grows the carry for a frame longer than its capacity', () => {
    const body = Array.from({ length: 5000 }, (_, i) => i & 0xff);
    const stream = Uint8Array.from(frame(body));
    expect(split(stream, [1, 100, 2500, 4000], new FrameReader({ initialCapacity: 64 }))).toEqual([body]);
  });

  it('property: many frames, cut at random points, come out whole and in order', () => {
    fc.assert(
      fc.property(
        fc.array(bodyArb, { minLength: 1, maxLength: 60 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 40 }),
        (bodies, fractions) => {
          const stream = Uint8Array.from(bodies.flatMap(frame));
          const cuts = [...new Set(fractions.map((f) => Math.floor(f * stream.length)))].sort((x, y) => x - y);
          const r = new FrameReader({ initialCapacity: 64 });
          expect(split(stream, cuts, r)).toEqual(bodies);
          expect(r.pendingBytes).toBe(0);
          expect(r.errors.total).toBe(0);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('property: the same when the reader is not drained between pushes', () => {
    fc.assert(
      fc.property(fc.array(bodyArb, { minLength: 1, maxLength: 30 }), fc.array(fc.nat({ max: 200 }), { maxLength: 20 }), (bodies, sizes) => {
        const stream = Uint8Array.from(bodies.flatMap(frame));
        const r = new FrameReader({ initialCapacity: 64 });
        const out: number[][] = [];
        let at = 0;
        for (const s of sizes) {
          const end = Math.min(stream.length, at + s);
          r.push(stream.subarray(at, end));
          if (r.next()) out.push([...r.bytes.subarray(r.start, r.end)]); // read at most one
          at = end;
        }
        r.push(stream.subarray(at));
        drain(r, out);
        expect(out).toEqual(bodies);
      }),
      { numRuns: 200 },
    );
  });

  it('counts and skips a zero-length frame', () => {
    const stream = Uint8Array.from([...frame([1]), 0, 0, ...frame([2])]);
    for (const cuts of [[], [3], [4], [5]]) {
      const r = new FrameReader();
      expect(split(stream, cuts, r)).toEqual([[1], [2]]);
      expect(r.errors.count(ProtocolError.EmptyFrame)).toBe(1);
      expect(protocolErrorAction(ProtocolError.EmptyFrame)).toBe(ProtocolErrorAction.Skip);
    }
  });

  it('fails on a frame longer than the maximum, never throws, and recovers after reset()', () => {
    const r = new FrameReader({ maxFrameBody: 64 });
    r.push(Uint8Array.from([...frame([1]), 0x01, 0x00, 9, 9, 9]));
    const out: number[][] = [];
    drain(r, out);
    expect(out).toEqual([[1]]);
    expect(r.failed).toBe(true);
    expect(r.errors.count(ProtocolError.FrameTooLong)).toBe(1);
    expect(protocolErrorAction(ProtocolError.FrameTooLong)).toBe(ProtocolErrorAction.Drop);
    r.push(Uint8Array.from(frame([2])));
    expect(r.next()).toBe(false);
    r.reset();
    r.push(Uint8Array.from(frame([3])));
    drain(r, out);
    expect(out).toEqual([[1], [3]]);
  });

  it('close() counts a partial frame as a truncated stream', () => {
    const r = new FrameReader();
    r.push(Uint8Array.from([0, 5, 1, 2]));
    expect(r.next()).toBe(false);
    expect(r.close()).toBe(4);
    expect(r.errors.count(ProtocolError.TruncatedStream)).toBe(1);
    expect(r.errors.toJSON()).toEqual({ TruncatedStream: 1 });
    expect(r.pendingBytes).toBe(0);
  });

  it('copies nothing per frame in steady state: the carry does not grow after warm-up', () => {
    const body = Array.from({ length: 45 }, (_, i) => i);
    const one = frame(body);
    const stream = Uint8Array.from(Array.from({ length: 1000 }, () => one).flat());
    const r = new FrameReader({ initialCapacity: 64 });
    let frames = 0;
    for (let at = 0; at < stream.length; at += 1460) {
      r.push(stream.subarray(at, Math.min(stream.length, at + 1460)));
      while (r.next()) frames++;
    }
    expect(frames).toBe(1000);
    // Only the frames cut by a chunk boundary were copied (at most one per chunk).
    expect(r.carriedBytes).toBeLessThanOrEqual(Math.ceil(stream.length / 1460) * one.length);
  });
});
