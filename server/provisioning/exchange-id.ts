import { randomFillSync } from "node:crypto";

const BATCH = 256;
const HEX = Buffer.from("0123456789abcdef", "latin1");
const raw = Buffer.alloc(16 * BATCH);
const text = Buffer.alloc(36 * BATCH);
let ids = "";
let next = BATCH;

/** 256 v4 UUIDs (RFC 9562 §5.4) written as ASCII into one buffer, read back as one flat string. */
function refill(): void {
  randomFillSync(raw);
  let o = 0;
  for (let i = 0; i < BATCH; i++) {
    const at = i * 16;
    raw[at + 6] = ((raw[at + 6] ?? 0) & 0x0f) | 0x40; // version 4
    raw[at + 8] = ((raw[at + 8] ?? 0) & 0x3f) | 0x80; // the RFC's variant
    for (let b = 0; b < 16; b++) {
      if (b === 4 || b === 6 || b === 8 || b === 10) text[o++] = 0x2d;
      const v = raw[at + b] ?? 0;
      text[o++] = HEX[v >> 4] ?? 0;
      text[o++] = HEX[v & 15] ?? 0;
    }
  }
  ids = text.toString("latin1");
  next = 0;
}

/**
 * An exchange's id: a v4 UUID, cut from a string made for 256 at a time. A cycle records thousands of exchanges a
 * second. Node builds each randomUUID's text from twenty small strings, a tree V8 keeps until the text is read
 * whole, and flattening it per id made three strings more; a cut of one flat string is one small object that
 * points into it.
 */
export function exchangeId(): string {
  if (next === BATCH) refill();
  const at = next++ * 36;
  return ids.slice(at, at + 36);
}
