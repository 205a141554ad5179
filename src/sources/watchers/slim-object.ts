/**
 * What the controller keeps of a watched object. The cache holds every selected object of every
 * watched kind for as long as the controller runs, so fields no source reads are dropped on the way
 * in: they are often most of an object's size (`kubectl apply` stores a copy of the whole object in
 * an annotation; server-side apply's managedFields are larger still). A test
 * (test/unit/sources/watchers/slim-object.test.ts) checks that every source publishes exactly the
 * same endpoints from slimmed objects as from whole ones.
 */
import { isRecord, type KubeObject } from "../kube-object.js";

/**
 * The metadata kept: what sources read (KubeMetadata) and the resourceVersion the watcher compares.
 * Gone are managedFields, ownerReferences, finalizers and the like.
 */
const KEPT_METADATA = [
  "name",
  "namespace",
  "labels",
  "annotations",
  "creationTimestamp",
  "uid",
  "resourceVersion",
] as const;

/** Annotations written by tools for themselves, never read by a source. */
const UNREAD_ANNOTATIONS = [
  "kubectl.kubernetes.io/last-applied-configuration",
  "deployment.kubernetes.io/revision",
] as const;

/**
 * Status fields no source reads: the object's own conditions and per-listener status of a Gateway.
 * Route status `parents[].conditions` stays: the Gateway API source reads whether a parent accepted
 * the route.
 */
const UNREAD_STATUS_FIELDS = ["conditions", "listeners"] as const;

/**
 * What the sources read of a core Service's spec (sources/publish.ts): whether it is a LoadBalancer,
 * the ports its load balancer listens on (the health-check default looks for the status port) and
 * its selector (a gateway's Service selects the gateway's pods). Services are the most numerous
 * watched kind, and the rest of their spec (cluster IPs, IP families, node and target ports, traffic
 * policies) was a third of what the cache held per Service.
 */
function slimServiceSpec(spec: Record<string, unknown>): Record<string, unknown> {
  const slim: Record<string, unknown> = {};
  if ("type" in spec) slim.type = spec.type;
  if (Array.isArray(spec.ports))
    slim.ports = spec.ports.map((p: unknown) => (isRecord(p) && "port" in p ? { port: p.port } : p));
  else if ("ports" in spec) slim.ports = spec.ports;
  if ("selector" in spec) slim.selector = spec.selector;
  return slim;
}

/**
 * `record` without `keys`, as a new object. Not `delete` on a copy: an object that lost a property
 * that way is kept by V8 as a hash table, several times its size.
 */
function without(record: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) if (!keys.includes(key)) out[key] = value;
  return out;
}

/** `obj` without the fields no source reads. Plain JSON in, plain JSON out; `obj` is not changed. */
export function slimObject(obj: KubeObject): KubeObject {
  const slim: KubeObject = { ...obj };
  if (isRecord(obj.metadata)) {
    const metadata: Record<string, unknown> = obj.metadata as unknown as Record<string, unknown>;
    const kept: Record<string, unknown> = {};
    for (const key of KEPT_METADATA) if (key in metadata) kept[key] = metadata[key];
    const annotations = kept.annotations;
    if (isRecord(annotations) && UNREAD_ANNOTATIONS.some((key) => key in annotations))
      kept.annotations = without(annotations, UNREAD_ANNOTATIONS);
    slim.metadata = kept as unknown as KubeObject["metadata"];
  }
  const status = isRecord(obj.status) ? obj.status : undefined;
  if (status && UNREAD_STATUS_FIELDS.some((key) => key in status))
    slim.status = without(status, UNREAD_STATUS_FIELDS);
  if (obj.apiVersion === "v1" && obj.kind === "Service" && isRecord(obj.spec))
    slim.spec = slimServiceSpec(obj.spec);
  return slim;
}
