/**
 * A short, stable, dependency-free hash for deterministic identifiers (health-check
 * `CallerReference`). Not cryptographic: it only has to be the same for the same input on every run
 * and machine. Two FNV-1a 32-bit passes with different offsets give 64 bits.
 */
export function stableHash(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x01000193) >>> 0;
    b = (b ^ (b >>> 13)) >>> 0;
  }
  return a.toString(16).padStart(8, "0") + b.toString(16).padStart(8, "0");
}
