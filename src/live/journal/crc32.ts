/**
 * CRC-32 (IEEE 802.3: reflected polynomial 0xEDB88320, initial value and final XOR 0xFFFFFFFF; the one
 * zlib, gzip, PNG and Ethernet use), table-driven, slicing by four bytes. Written by hand because
 * `zlib.crc32` only exists from Node 22.2 / 20.15 and the project supports any Node 20; the test checks
 * it against zlib where zlib has it.
 *
 * `crc32(bytes, start, end, previous)` continues a CRC like zlib's `crc32(data, value)`: the CRC of
 * a ++ b is `crc32(b, 0, b.length, crc32(a, 0, a.length))`. It allocates nothing.
 */
const TABLES = buildTables();
const T0 = TABLES.subarray(0, 256);
const T1 = TABLES.subarray(256, 512);
const T2 = TABLES.subarray(512, 768);
const T3 = TABLES.subarray(768, 1024);

function buildTables(): Uint32Array {
  const t = new Uint32Array(1024);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  // Tables 1..3: the CRC of byte n followed by 1, 2, 3 zero bytes (slicing-by-4).
  for (let n = 0; n < 256; n++) {
    let c = t[n];
    for (let k = 1; k < 4; k++) {
      c = t[c & 0xff] ^ (c >>> 8);
      t[k * 256 + n] = c >>> 0;
    }
  }
  return t;
}

export function crc32(bytes: Uint8Array, start = 0, end = bytes.length, previous = 0): number {
  let c = ~previous;
  let i = start;
  const end4 = end - 3;
  for (; i < end4; i += 4) {
    c ^= bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24);
    c = T3[c & 0xff] ^ T2[(c >>> 8) & 0xff] ^ T1[(c >>> 16) & 0xff] ^ T0[c >>> 24];
  }
  for (; i < end; i++) c = T0[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}
