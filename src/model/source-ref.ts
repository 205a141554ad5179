import type { Problem } from "./problem.js";

/** The Kubernetes object an endpoint or a problem comes from. */
export interface SourceRef {
  /** API group, empty for the core group (`Service`). */
  group: string;
  kind: string;
  namespace: string;
  name: string;
  /** RFC 3339; the oldest object wins a hostname claimed by two objects. */
  creationTimestamp?: string;
  uid?: string;
}

/** `<group>/<Kind> <namespace>/<name>`, the spelling used in plan output, Events and logs. */
export function formatSourceRef(ref: SourceRef): string {
  const gk = ref.group ? `${ref.group}/${ref.kind}` : ref.kind;
  return `${gk} ${ref.namespace}/${ref.name}`;
}

/** An object, or one hostname of it, that produced no record, and why. */
export interface Skipped {
  source: SourceRef;
  hostname?: string;
  /**
   * Why, as data (see {@link Problem}). An `opted-out` object (`route53-gslb.io/enabled: "false"`) has
   * its records removed like those of a deleted object; any other problem keeps the object's existing
   * records (bad input never deletes).
   */
  problem: Problem;
  /**
   * The object cannot be read as a whole (a hostname that is not one, a field of the wrong type), so
   * every record it owns is held, not only those at `hostname`. Skips without a hostname always hold
   * the whole object.
   */
  holdsObject?: boolean;
  /**
   * Parts of the object's identity that are malformed (`metadata.namespace` a list, say): the records
   * of every object of its kind that matches the rest are held, since the plan cannot tell which
   * object this was meant to be.
   */
  unreadable?: ("namespace" | "name")[];
}
