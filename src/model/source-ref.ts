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
  reason: string;
  /**
   * True when the object opted out (`route53-gslb.io/enabled: "false"`): its records are removed like
   * those of a deleted object. Any other skip keeps the object's existing records (bad input never
   * deletes).
   */
  optedOut?: boolean;
}
