/**
 * Which Kubernetes kinds the controller watches for a set of sources, and how objects from all of
 * them are put in one deterministic order. Pure: the I/O lives in kind-watcher.ts.
 */
import { DNSENDPOINT_GROUP } from "../dns-endpoint.js";
import { GATEWAY_API_GROUP, ROUTE_KINDS } from "../gateway-api.js";
import { INGRESS_GROUP } from "../ingress.js";
import { ISTIO_GROUP } from "../istio-gateway.js";
import { type KubeObject, namespaceOf } from "../kube-object.js";
import type { SourceKind } from "../source.js";
import { TETRATE_GROUP } from "../tetrate-gateway.js";

/**
 * What a watched kind is for, which decides how the filters apply to it:
 * - `source`: publishes hostnames; `labelSelector` and `annotationFilter` select which objects;
 * - `target`: a Service read only as the address of an Istio or Tetrate gateway, or for the ports of
 *   a Gateway API Gateway's Service, never filtered (external-dns filters the Gateways, not the
 *   Services they point at);
 * - `metadata`: Namespace labels for the `allowedRoutes` selectors of Gateway listeners, never filtered.
 */
export type KindRole = "source" | "target" | "metadata";

/** One kind to list and watch. */
export interface KindSpec {
  /** The object kind (`Gateway`). */
  kind: string;
  /** The API group; `` for the core group. */
  group: string;
  /** Versions to try, preferred first; the first one the API server serves is watched. */
  versions: readonly string[];
  /** The resource name in URLs (`gateways`). */
  plural: string;
  /** False for cluster-scoped kinds (Namespace). */
  namespaced: boolean;
  /** The roles this kind plays for the enabled sources (a Service can be both source and target). */
  roles: readonly KindRole[];
  /** True for kinds defined by a CRD: their absence is expected and watched for, never fatal. */
  crd: boolean;
}

/** Options of {@link watchedKinds}. */
export interface WatchedKindsOptions {
  /** The enabled sources. */
  sources: readonly SourceKind[];
  /**
   * Watch Namespaces so that a listener's `allowedRoutes.namespaces.selector` sees their labels
   * (needs `list`/`watch` on namespaces). Without it only `kubernetes.io/metadata.name` matches.
   * @default true
   */
  namespaceLabels?: boolean;
}

const gatewayApi = (kind: string, plural: string): KindSpec => ({
  kind,
  group: GATEWAY_API_GROUP,
  versions: ["v1"],
  plural,
  namespaced: true,
  roles: ["source"],
  crd: true,
});

/** The kinds to watch for these sources, in a fixed order. */
export function watchedKinds(options: WatchedKindsOptions): KindSpec[] {
  const on = (s: SourceKind) => options.sources.includes(s);
  const kinds: KindSpec[] = [];
  if (on("gateway-api")) {
    kinds.push(gatewayApi("Gateway", "gateways"));
    // Each route kind is its own CRD (TLSRoute and TCPRoute only in some channels and releases):
    // one that is missing is reported and polled while the others are watched.
    for (const r of ROUTE_KINDS) kinds.push({ ...gatewayApi(r.kind, r.plural), versions: r.versions });
    if (options.namespaceLabels ?? true) {
      kinds.push({
        kind: "Namespace",
        group: "",
        versions: ["v1"],
        plural: "namespaces",
        namespaced: false,
        roles: ["metadata"],
        crd: false,
      });
    }
  }
  if (on("istio-gateway")) {
    // Istio serves v1 since 1.22; older installations only v1beta1.
    kinds.push({ ...gatewayApi("Gateway", "gateways"), group: ISTIO_GROUP, versions: ["v1", "v1beta1"] });
  }
  if (on("tetrate-gateway")) {
    kinds.push({ ...gatewayApi("Gateway", "gateways"), group: TETRATE_GROUP, versions: ["v2"] });
  }
  if (on("ingress")) {
    kinds.push({
      kind: "Ingress",
      group: INGRESS_GROUP,
      versions: ["v1"],
      plural: "ingresses",
      namespaced: true,
      roles: ["source"],
      crd: false,
    });
  }
  if (on("dnsendpoint")) {
    kinds.push({
      kind: "DNSEndpoint",
      group: DNSENDPOINT_GROUP,
      versions: ["v1alpha1"],
      plural: "dnsendpoints",
      namespaced: true,
      roles: ["source"],
      crd: true,
    });
  }
  const roles: KindRole[] = [];
  if (on("service")) roles.push("source");
  // Istio and Tetrate Gateways point at the LoadBalancer Services that select their pods; a Gateway
  // API Gateway's Service tells whether it exposes the status port (the health-check default).
  if (on("istio-gateway") || on("tetrate-gateway") || on("gateway-api")) roles.push("target");
  if (roles.length > 0) {
    kinds.push({
      kind: "Service",
      group: "",
      versions: ["v1"],
      plural: "services",
      namespaced: true,
      roles,
      crd: false,
    });
  }
  return kinds;
}

/** `group/version`, or `version` for the core group. */
export function apiVersionFor(group: string, version: string): string {
  return group === "" ? version : `${group}/${version}`;
}

/** The collection URL path of a kind, across all namespaces or in one. */
export function collectionPath(spec: KindSpec, version: string, namespace?: string): string {
  const base = spec.group === "" ? `/api/${version}` : `/apis/${spec.group}/${version}`;
  return spec.namespaced && namespace
    ? `${base}/namespaces/${namespace}/${spec.plural}`
    : `${base}/${spec.plural}`;
}

/** A human label for logs and status: `Gateway.gateway.networking.k8s.io`, or `Service` for core. */
export function kindLabel(spec: Pick<KindSpec, "kind" | "group">): string {
  return spec.group === "" ? spec.kind : `${spec.kind}.${spec.group}`;
}

/**
 * The order of {@link ObjectStore.objects}: by API group, kind, namespace, name, then version.
 * Sources are order-independent in what they publish, but skipped-object reports, logs and tests
 * are not, and informer caches iterate in arrival order.
 */
export function compareObjects(a: KubeObject, b: KubeObject): number {
  return compareTuples(orderKey(a), orderKey(b));
}

function orderKey(obj: KubeObject): string[] {
  const slash = obj.apiVersion.indexOf("/");
  const group = slash < 0 ? "" : obj.apiVersion.slice(0, slash);
  return [group, obj.kind, obj.metadata.namespace ? namespaceOf(obj) : "", obj.metadata.name, obj.apiVersion];
}

function compareTuples(a: string[], b: string[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? "";
    const y = b[i] ?? "";
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/**
 * Delay before the `attempt`-th restart (0-based) of a failed watch: `baseMs · 2^attempt`, capped
 * at `maxMs`. No jitter: one process has one watcher per kind, so there is no herd to spread.
 */
export function backoffDelay(attempt: number, backoff: { baseMs: number; maxMs: number }): number {
  return Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.min(attempt, 30));
}
