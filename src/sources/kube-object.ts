import type { SourceRef } from "../model/source-ref.js";

/** The metadata fields sources read. Everything else in `metadata` is ignored. */
export interface KubeMetadata {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  creationTimestamp?: string;
  uid?: string;
}

/**
 * A Kubernetes object as plain data: parsed from YAML/JSON by `plan`, or taken from an informer's cache.
 * `spec` and `status` stay `unknown`: manifests are user input, and each source narrows what it reads.
 */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: KubeMetadata;
  spec?: unknown;
  status?: unknown;
}

/** True for a value with the shape every Kubernetes object has (`apiVersion`, `kind`, `metadata.name`). */
export function isKubeObject(value: unknown): value is KubeObject {
  if (!isRecord(value)) return false;
  const metadata = value.metadata;
  return (
    typeof value.apiVersion === "string" &&
    typeof value.kind === "string" &&
    isRecord(metadata) &&
    typeof metadata.name === "string"
  );
}

/** A plain (JSON-like) object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The object itself when it is a plain object, else an empty one, so reads of absent fields give undefined. */
export function asRecord(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

/** The value when it is an array, else an empty array. */
export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The value when it is a string, else undefined. */
export function asString(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** The value when it is a finite number, else undefined. */
export function asNumber(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/** A string map (labels, selectors); entries whose values are not strings are dropped. */
export function asStringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(asRecord(value))) {
    if (typeof v === "string") out[k] = v;
  }
  return out;
}

/** The API group of `apiVersion` (`gateway.networking.k8s.io/v1` → `gateway.networking.k8s.io`, `v1` → ``). */
export function apiGroupOf(obj: Pick<KubeObject, "apiVersion">): string {
  const slash = obj.apiVersion.indexOf("/");
  return slash < 0 ? "" : obj.apiVersion.slice(0, slash);
}

/** The version part of `apiVersion`. */
export function apiVersionOf(obj: Pick<KubeObject, "apiVersion">): string {
  const slash = obj.apiVersion.indexOf("/");
  return slash < 0 ? obj.apiVersion : obj.apiVersion.slice(slash + 1);
}

/** True when the object has this kind, this API group, and one of these versions. */
export function isKind(obj: KubeObject, group: string, kind: string, versions: readonly string[]): boolean {
  return obj.kind === kind && apiGroupOf(obj) === group && versions.includes(apiVersionOf(obj));
}

/** The namespace of a namespaced object; manifests often leave it out, meaning `default`. */
export function namespaceOf(obj: KubeObject): string {
  const ns = asString(asRecord(obj.metadata).namespace);
  return ns === undefined || ns === "" ? "default" : ns;
}

/** The object's identity as plan output, Events and the planner's conflict rules see it. */
export function sourceRefOf(obj: KubeObject): SourceRef {
  const metadata = asRecord(obj.metadata);
  const ref: SourceRef = {
    group: apiGroupOf(obj),
    kind: obj.kind,
    namespace: namespaceOf(obj),
    name: asString(metadata.name) ?? "",
  };
  const created = metadata.creationTimestamp;
  // YAML parsers may turn an unquoted timestamp into a Date.
  if (typeof created === "string") ref.creationTimestamp = created;
  else if (created instanceof Date && !Number.isNaN(created.getTime())) {
    ref.creationTimestamp = created.toISOString().replace(/\.000Z$/, "Z");
  }
  const uid = asString(metadata.uid);
  if (uid !== undefined) ref.uid = uid;
  return ref;
}

/**
 * The object's annotations as strings. The API server only stores strings, but a hand-written
 * manifest may say `route53-gslb.io/weight: 50` unquoted; scalars are read as the text the user
 * wrote, anything else as its JSON so that the annotation parser can name the bad value.
 */
export function annotationsOf(obj: KubeObject): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(asRecord(asRecord(obj.metadata).annotations))) {
    if (typeof v === "string") out[k] = v;
    else if (typeof v === "number" || typeof v === "boolean") out[k] = String(v);
    else out[k] = JSON.stringify(v) ?? String(v);
  }
  return out;
}

/** The labels of an object (Namespaces are matched by label selectors). */
export function labelsOf(obj: KubeObject): Record<string, string> {
  return asStringMap(asRecord(obj.metadata).labels);
}

/**
 * Whether labels match a Kubernetes `LabelSelector` (`matchLabels` and `matchExpressions`, operators
 * In, NotIn, Exists, DoesNotExist). An empty selector matches everything; an unknown operator nothing.
 */
export function matchesLabelSelector(labels: Record<string, string>, selector: unknown): boolean {
  const s = asRecord(selector);
  for (const [k, v] of Object.entries(asStringMap(s.matchLabels))) {
    if (labels[k] !== v) return false;
  }
  return asArray(s.matchExpressions).every((e) => {
    const expr = asRecord(e);
    const key = asString(expr.key) ?? "";
    const values = asArray(expr.values).filter((v): v is string => typeof v === "string");
    const has = Object.hasOwn(labels, key);
    switch (expr.operator) {
      case "In":
        return has && values.includes(labels[key] ?? "");
      case "NotIn":
        return !has || !values.includes(labels[key] ?? "");
      case "Exists":
        return has;
      case "DoesNotExist":
        return !has;
      default:
        return false;
    }
  });
}
