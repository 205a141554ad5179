/**
 * How much of a user-supplied value a message shows. Annotations, hostnames and manifest fields can be
 * arbitrarily long (an annotation may hold 256 KB); a message quoting all of it buries the reason in
 * the plan output, logs and Kubernetes Events (whose messages are cut at 1 KB anyway).
 */
export const SHOWN_CHARACTERS = 80;

/**
 * `value` as a message shows it: unchanged when it has at most `max` characters, else its first `max`
 * characters, `…` and the full length, as in `aaaa… (100000 characters)`. Characters are code points,
 * so the cut never splits a surrogate pair.
 */
export function shorten(value: string, max: number = SHOWN_CHARACTERS): string {
  // Cheap test first: a string of at most `max` UTF-16 units has at most `max` code points.
  if (value.length <= max) return value;
  const chars = Array.from(value);
  if (chars.length <= max) return value;
  return `${chars.slice(0, max).join("")}… (${chars.length} characters)`;
}

/** A user-supplied value in backticks, as messages show keys and values; shortened by {@link shorten}. */
export function quote(value: string): string {
  return `\`${shorten(value)}\``;
}
