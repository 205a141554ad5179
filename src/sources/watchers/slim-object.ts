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

/** `obj` without the fields no source reads. Plain JSON in, plain JSON out; `obj` is not changed. */
export function slimObject(obj: KubeObject): KubeObject {
  const slim: KubeObject = { ...obj };
  if (isRecord(obj.metadata)) {
    const metadata: Record<string, unknown> = obj.metadata as unknown as Record<string, unknown>;
    const kept: Record<string, unknown> = {};
    for (const key of KEPT_METADATA) if (key in metadata) kept[key] = metadata[key];
    const annotations = kept.annotations;
    if (isRecord(annotations) && UNREAD_ANNOTATIONS.some((key) => key in annotations)) {
      const trimmed = { ...annotations };
      for (const key of UNREAD_ANNOTATIONS) delete trimmed[key];
      kept.annotations = trimmed;
    }
    // Malformed metadata (a name that is not a string, say) is kept as it is: the sources report it.
    slim.metadata = kept as unknown as KubeObject["metadata"];
  }
  const status = isRecord(obj.status) ? obj.status : undefined;
  if (status && UNREAD_STATUS_FIELDS.some((key) => key in status)) {
    const trimmed = { ...status };
    for (const key of UNREAD_STATUS_FIELDS) delete trimmed[key];
    slim.status = trimmed;
  }
  return slim;
}
