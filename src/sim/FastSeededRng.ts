import { SeededRng } from '../core/rng.ts';

/** Outputs generated per refill. */
const BATCH = 256;

/**
 * SeededRng's stream (xoshiro128**, seeded through splitmix32), draw for draw, generated 256 outputs at a
 * time into a buffer.
 *
 * Why: SeededRng keeps its state in object fields, and V8 stores a field that holds numbers outside the
 * small-integer range as a boxed heap number, so every draw allocates. Here the state lives in locals
 * while a batch is generated, and a draw is one buffer read: a few bytes of bytecode, so V8 inlines
 * draws wherever they are used (a full xoshiro step per call site used up much of its inlining budget).
 * The outputs and their order are those of SeededRng, whatever the mix of methods called; a test checks it.
 */
export class FastSeededRng extends SeededRng {
  /** The generator's state after the last output in `batch`. */
  private readonly s = new Int32Array(4);
  private readonly batch = new Uint32Array(BATCH);
  /** Next unread output in `batch`. */
  private pos = BATCH;

  constructor(seed: number) {
    super(seed);
    // SeededRng's splitmix32 seeding.
    let x = seed >>> 0;
    for (let i = 0; i < 4; i++) {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      this.s[i] = z ^ (z >>> 16);
    }
  }

  override nextUint32(): number {
    if (this.pos === BATCH) this.refill();
    return this.batch[this.pos++];
  }

  override nextFloat(): number {
    const hi = this.nextUint32() >>> 5;
    const lo = this.nextUint32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  override nextInt(n: number): number {
    return Math.floor(this.nextFloat() * n);
  }

  /** The next BATCH outputs of xoshiro128** (SeededRng.nextUint32's steps, mod 2^32 throughout). */
  private refill(): void {
    const s = this.s;
    const out = this.batch;
    let a = s[0];
    let b = s[1];
    let c = s[2];
    let d = s[3];
    for (let i = 0; i < BATCH; i++) {
      // rotl(b·5, 7)·9 mod 2^32 (the Uint32Array store reads the int32 bits as unsigned).
      const x = Math.imul(b, 5);
      out[i] = Math.imul((x << 7) | (x >>> 25), 9);
      const t = b << 9;
      c ^= a;
      d ^= b;
      b ^= c;
      a ^= d;
      c ^= t;
      d = (d << 11) | (d >>> 21);
    }
    s[0] = a;
    s[1] = b;
    s[2] = c;
    s[3] = d;
    this.pos = 0;
  }
}
