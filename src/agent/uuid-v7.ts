// UUIDv7 thread ids: time-ordered, so rollouts and ids sort by creation time.

import type { Clock } from "./clock.js";

/** A UUIDv7 from the clock's milliseconds and 74 random bits. */
export function uuidV7(clock: Pick<Clock, "now">, randomBytes: (n: number) => Uint8Array): string {
  const bytes = randomBytes(16);
  const ms = BigInt(Math.floor(clock.now()));
  for (let i = 0; i < 6; i++) bytes[i] = Number((ms >> BigInt(8 * (5 - i))) & 0xffn);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x70;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
