/**
 * The Kubernetes API calls the watchers make besides the watch itself: discovery (which version of
 * a kind is served, if any) and the list that starts every informer. Only this file and
 * kind-watcher.ts import @kubernetes/client-node.
 */
import {
  CoreV1Api,
  CustomObjectsApi,
  type KubeConfig,
  type KubernetesListObject,
  type KubernetesObject,
} from "@kubernetes/client-node";
import type { KubeObject } from "../kube-object.js";
import { apiVersionFor, type KindSpec } from "./watched-kinds.js";

/** What a list call needs besides the kind. */
export interface ListScope {
  /** Only this namespace (namespaced kinds). */
  namespace?: string;
  /** Server-side label selector. */
  labelSelector?: string;
  /** Server-side field selector. */
  fieldSelector?: string;
}

/** The HTTP status of a failed client-node call: `ApiException.code` (lists) or `statusCode` (watches). */
export function statusCodeOf(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const e = error as { code?: unknown; statusCode?: unknown };
  if (typeof e.code === "number") return e.code;
  if (typeof e.statusCode === "number") return e.statusCode;
  return undefined;
}

/** A one-line description of an error for status and logs. */
export function describeError(error: unknown): string {
  const code = statusCodeOf(error);
  const message = error instanceof Error ? error.message : String(error);
  // ApiException messages embed the whole response body; the first line says what matters.
  const first = message.split("\n")[0] ?? message;
  return code === undefined || first.includes(String(code)) ? first : `HTTP ${code}: ${first}`;
}

/**
 * The first version of `spec.versions` that the API server serves the kind under, or undefined
 * when none is (for a CRD kind: not installed). Core kinds are always served. Other failures
 * (API server unreachable, 403) are thrown: they say nothing about the CRD.
 */
export async function discoverVersion(kc: KubeConfig, spec: KindSpec): Promise<string | undefined> {
  if (!spec.crd) return spec.versions[0];
  const api = kc.makeApiClient(CustomObjectsApi);
  for (const version of spec.versions) {
    try {
      // GET /apis/<group>/<version>: 404 when no CRD of the group serves this version. A 200 is not
      // enough: Gateway and HTTPRoute are separate CRDs of one group, so look for the resource too.
      const resources = await api.getAPIResources({ group: spec.group, version });
      if (resources.resources.some((r) => r.name === spec.plural)) return version;
    } catch (error) {
      if (statusCodeOf(error) !== 404) throw error;
    }
  }
  return undefined;
}

/** A function listing every object of a kind once, as the informer's list step. Items are plain JSON. */
export function listFunction(
  kc: KubeConfig,
  spec: KindSpec,
  version: string,
  scope: ListScope,
): () => Promise<KubernetesListObject<KubernetesObject>> {
  const { namespace, labelSelector, fieldSelector } = scope;
  const ns = spec.namespaced ? namespace : undefined;
  const plainList = listOf(apiVersionFor(spec.group, version), spec.kind);
  if (spec.group !== "") {
    const api = kc.makeApiClient(CustomObjectsApi);
    const base = { group: spec.group, version, plural: spec.plural, labelSelector, fieldSelector };
    return async () =>
      plainList(
        ns === undefined
          ? await api.listCustomObjectForAllNamespaces(base)
          : await api.listNamespacedCustomObject({ ...base, namespace: ns }),
      );
  }
  const core = kc.makeApiClient(CoreV1Api);
  const query = { labelSelector, fieldSelector };
  switch (spec.plural) {
    case "services":
      return async () =>
        plainList(
          ns === undefined
            ? await core.listServiceForAllNamespaces(query)
            : await core.listNamespacedService({ ...query, namespace: ns }),
        );
    case "namespaces":
      return async () => plainList(await core.listNamespace(query));
    default:
      throw new Error(`no list call for core resource ${spec.plural}`);
  }
}

/**
 * Unwraps a list response into plain items. The API server leaves `apiVersion` and `kind` out of
 * the items of a built-in kind's list (watch events carry them); sources need them, so they are set.
 */
function listOf(apiVersion: string, kind: string): (list: unknown) => KubernetesListObject<KubernetesObject> {
  return (list) => {
    const l = (list ?? {}) as { metadata?: { resourceVersion?: string }; items?: unknown[] };
    return {
      metadata: { resourceVersion: l.metadata?.resourceVersion ?? "" },
      items: (l.items ?? []).map((i) => ({ ...toPlainObject(i), apiVersion, kind }) as KubernetesObject),
    };
  };
}

/**
 * An object as plain JSON, the shape a YAML manifest has. CoreV1Api returns class instances with
 * `Date` timestamps, while watch events and custom objects are plain JSON; without this, a Service
 * from a list and the same Service from a watch would differ. The generated classes of Service and
 * Namespace use the JSON field names (only `V1ListMeta._continue` differs, and lists are unwrapped
 * here), so a JSON round trip is exact once `Date`s are written as the API server writes them.
 * `managedFields` are dropped: no source reads them and they are most of an object's size.
 */
export function toPlainObject(value: unknown): KubeObject {
  const text = JSON.stringify(value, function (this: Record<string, unknown>, key, v) {
    const raw = this[key];
    if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? v : formatKubeTime(raw);
    if (key === "managedFields") return undefined;
    return v;
  });
  return JSON.parse(text) as KubeObject;
}

/** RFC 3339 with second precision, as `metav1.Time` is serialised (`2024-05-01T10:00:00Z`). */
export function formatKubeTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}
