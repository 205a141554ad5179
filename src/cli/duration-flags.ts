import { parseDuration } from "../model/duration.js";

/**
 * Reads duration flags (`--interval`, `--aws-request-timeout`, `--timeout`, ...), each a positive
 * duration such as `1s`, `500ms` or `2m`. A bad value is added to `problems`, worded like every other
 * flag error, and the fallback is returned so that parsing goes on and reports every problem at once.
 */
export function durationFlagReader(
  problems: string[],
): (flag: string, value: string | undefined, fallback: number) => number {
  return (flag, value, fallback) => {
    if (value === undefined) return fallback;
    const ms = parseDuration(value);
    if (ms === undefined || ms <= 0) {
      problems.push(
        `Expected \`${flag}\` to be a duration such as \`1s\`, \`500ms\` or \`2m\`, got \`${value}\``,
      );
      return fallback;
    }
    return ms;
  };
}
