/**
 * Durations as people write them in flags and read them in messages: `500ms`, `5s`, `2m`, `1h`.
 * Pure: flags are parsed with it in cli/, and timeout errors in route53/ print with it, so both
 * spell a duration the same way.
 */

const UNITS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/** `1s`, `500ms`, `2m`, `1h`, or plain seconds; undefined when `text` is none of those. */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  return Math.round(n * UNITS[(m[2] ?? "s") as keyof typeof UNITS]);
}

/**
 * The shortest spelling `parseDuration` reads back to `ms`: `200ms`, `5s`, `1.5s`, `10m`. Messages
 * quote timeouts this way, so the figure in an error is the one to put in the flag.
 */
export function formatDuration(ms: number): string {
  for (const unit of ["h", "m", "s"] as const) {
    if (ms >= UNITS[unit] && ms % UNITS[unit] === 0) return `${ms / UNITS[unit]}${unit}`;
  }
  if (ms >= 1000 && ms % 100 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}
