import { isIPv4, isIPv6 } from "../model/address.js";
import { displayName, isWildcard, normalizeHostname } from "../model/hostname.js";
import { pushTo } from "../model/multimap.js";
import { quote } from "../model/shorten.js";
import type { SourceRef } from "../model/source-ref.js";
import { normalizeTarget, sortedUnique } from "./addresses.js";
import { HOSTNAME_ANNOTATION_KEYS, overlayAnnotations } from "./annotation-keys.js";
import { chooseHostnames, hostnameSourceOrSkip } from "./hostname-source.js";
import {
  annotationsOf,
  asArray,
  asNumber,
  asRecord,
  asString,
  isKind,
  type KubeObject,
  labelsOf,
  matchesLabelSelector,
  namespaceOf,
  sourceRefOf,
} from "./kube-object.js";
import {
  emptyOutput,
  gatewayServiceOf,
  hostnameFields,
  isLoadBalancerService,
  listAt,
  listOf,
  loadBalancerAddresses,
  normalizeOrSkip,
  publish,
  readAnnotations,
  type SourceOutput,
  skip,
  skipMalformed,
  stringListAt,
} from "./publish.js";

/** The Gateway API group. */
export const GATEWAY_API_GROUP = "gateway.networking.k8s.io";
const VERSIONS = ["v1", "v1beta1"];

/** A Gateway API route kind: how it is served, and how it attaches to a Gateway's listeners. */
export interface RouteKind {
  kind: string;
  /** The resource name in URLs. */
  plural: string;
  /** Versions read, current first (the watchers use the first one the API server serves). */
  versions: readonly string[];
  /** False for TCPRoute, which has no `spec.hostnames`: only its `hostnames` annotation names it. */
  specHostnames: boolean;
  /** Whether a listener of this protocol takes the route when `allowedRoutes.kinds` is empty. */
  defaultFor: (protocol: string | undefined) => boolean;
}

// Layer-4 listeners take only layer-4 routes; HTTP, HTTPS and implementation-specific protocols
// (`example.com/h3`) take the HTTP-based ones, as this source always did for HTTPRoute.
const httpBased = (protocol: string | undefined) => !["TLS", "TCP", "UDP"].includes(protocol ?? "");

/**
 * The route kinds read, with the versions Gateway API releases serve them under: GRPCRoute is `v1`
 * since v1.1 (`v1alpha2` before), TLSRoute `v1` since v1.5 (`v1alpha3` in v1.4's experimental
 * channel, `v1alpha2` before), TCPRoute `v1` since v1.6 (`v1alpha2` before). A TCPRoute may attach
 * to a TLS listener that terminates TLS, as external-dns also accepts.
 */
export const ROUTE_KINDS: readonly RouteKind[] = [
  {
    kind: "HTTPRoute",
    plural: "httproutes",
    versions: ["v1", "v1beta1"],
    specHostnames: true,
    defaultFor: httpBased,
  },
  {
    kind: "GRPCRoute",
    plural: "grpcroutes",
    versions: ["v1", "v1alpha2"],
    specHostnames: true,
    defaultFor: httpBased,
  },
  {
    kind: "TLSRoute",
    plural: "tlsroutes",
    versions: ["v1", "v1alpha3", "v1alpha2"],
    specHostnames: true,
    defaultFor: (p) => p === "TLS",
  },
  {
    kind: "TCPRoute",
    plural: "tcproutes",
    versions: ["v1", "v1alpha2"],
    specHostnames: false,
    defaultFor: (p) => p === "TCP" || p === "TLS",
  },
];

interface Listener {
  name: string;
  /** Normalised; undefined when the listener accepts every hostname. */
  hostname: string | undefined;
  /** The hostname as written, for the Gateway's own endpoints. */
  rawHostname: string | undefined;
  /** The written hostname is not a valid name: routes cannot attach to this listener. */
  invalid: boolean;
  port: number | undefined;
  protocol: string | undefined;
  allowedRoutes: Record<string, unknown>;
}

/**
 * Endpoints of Gateway API objects: each Gateway's listener hostnames (and its `hostnames`
 * annotation) pointing at its `status.addresses`, and each route's hostnames (HTTPRoute, GRPCRoute,
 * TLSRoute; a TCPRoute has only its `hostnames` annotation) attached to a Gateway through
 * `parentRefs`, intersected with the listener hostnames as the Gateway API says.
 */
export function gatewayApiEndpoints(objects: KubeObject[]): SourceOutput {
  const out = emptyOutput();
  const gateways = new Map<string, KubeObject>();
  const namespaces = new Map<string, Record<string, string>>();
  for (const obj of objects) {
    if (isKind(obj, GATEWAY_API_GROUP, "Gateway", VERSIONS)) {
      gateways.set(`${namespaceOf(obj)}/${obj.metadata.name}`, obj);
    } else if (obj.apiVersion === "v1" && obj.kind === "Namespace") {
      namespaces.set(obj.metadata.name, labelsOf(obj));
    }
  }
  const services = servicesByAddress(objects.filter(isLoadBalancerService));
  for (const gateway of gateways.values()) publishGateway(out, gateway, services);
  for (const obj of objects) {
    const routeKind = ROUTE_KINDS.find((k) => isKind(obj, GATEWAY_API_GROUP, k.kind, k.versions));
    if (routeKind) publishRoute(out, obj, routeKind, gateways, namespaces, services);
  }
  return out;
}

/**
 * The LoadBalancer Service(s) behind a Gateway: those whose `status.loadBalancer.ingress` holds one of
 * the Gateway's addresses. The Gateway API names no Service, and each implementation names and labels
 * its own differently (Istio: `<gateway>-<class>`), but an implementation that provisions a Service
 * reports that Service's address in the Gateway's `status.addresses`, so the address finds it whatever
 * the implementation.
 */
function gatewayServiceFor(targets: string[], services: ServicesByAddress) {
  const found = new Set<KubeObject>();
  for (const target of targets) for (const s of services.get(target) ?? []) found.add(s);
  return gatewayServiceOf([...found]);
}

/** LoadBalancer Services by the addresses in their status. */
type ServicesByAddress = ReadonlyMap<string, readonly KubeObject[]>;

/*
 * An index, not a scan per Gateway and route: with thousands of Gateways and Services, reading every
 * Service's addresses for each of them made this source quadratic (56 s for 20,000 objects of each).
 */
function servicesByAddress(services: readonly KubeObject[]): ServicesByAddress {
  const index = new Map<string, KubeObject[]>();
  for (const s of services) for (const address of loadBalancerAddresses(s)) pushTo(index, address, s);
  return index;
}

function publishGateway(out: SourceOutput, gateway: KubeObject, services: ServicesByAddress): void {
  const ref = sourceRefOf(gateway);
  if (!listenerHostnamesReadable(out, ref, gateway)) return;
  const parsed = readAnnotations(out, ref, annotationsOf(gateway));
  if (!parsed) return;
  const specFields = listenersOf(gateway).flatMap((l, i) =>
    l.rawHostname === undefined ? [] : [[l.rawHostname, `spec.listeners[${i}].hostname`] as const],
  );
  const hostnames = [...specFields.map(([raw]) => raw), ...parsed.extraHostnames];
  // A Gateway with hostname-less listeners only serves its routes, which report for themselves.
  if (hostnames.length === 0) return;
  const targets = gatewayAddresses(gateway);
  if (targets.length === 0) {
    skip(out, ref, {
      kind: "no-address",
      detail: "no addresses in status.addresses yet (the Gateway has not been programmed)",
    });
    return;
  }
  publish(out, ref, hostnames, targets, parsed.routing, {
    gatewayService: gatewayServiceFor(targets, services),
    fields: hostnameFields(parsed, specFields),
  });
}

function publishRoute(
  out: SourceOutput,
  route: KubeObject,
  routeKind: RouteKind,
  gateways: Map<string, KubeObject>,
  namespaces: Map<string, Record<string, string>>,
  services: ServicesByAddress,
): void {
  const ref = sourceRefOf(route);
  const own = annotationsOf(route);
  const spec = asRecord(route.spec);
  // A TCPRoute without a hostname annotation asks for no name: its parents are none of our business.
  if (!routeKind.specHostnames && !HOSTNAME_ANNOTATION_KEYS.some((k) => k in own)) return;
  const specHostnames = routeKind.specHostnames
    ? stringListAt(out, ref, "spec.hostnames", spec.hostnames)
    : [];
  if (specHostnames === undefined) return;
  const hostnameSource = hostnameSourceOrSkip(out, ref, own, "gateway-hostname-source");
  if (hostnameSource === undefined) return;
  // Hostname (normalised) → whether some listener took it, once at least one parent was usable.
  const matched = new Map<string, boolean>();
  const normalized = new Map<string, string | undefined>();
  const usableGateways: string[] = [];
  for (const parentRef of asArray(spec.parentRefs).map(asRecord)) {
    if ((asString(parentRef.group) ?? GATEWAY_API_GROUP) !== GATEWAY_API_GROUP) continue;
    if ((asString(parentRef.kind) ?? "Gateway") !== "Gateway") continue;
    const parentNs = asString(parentRef.namespace) ?? ref.namespace;
    const parentName = asString(parentRef.name);
    // The API server requires a name; a manifest without one points nowhere.
    if (!parentName) continue;
    const sectionName = asString(parentRef.sectionName);
    const port = asNumber(parentRef.port);
    const label = `Gateway ${parentNs}/${parentName}`;
    const gateway = gateways.get(`${parentNs}/${parentName}`);
    if (!gateway) {
      skip(out, ref, { kind: "not-attached", detail: `parent ${label} not found` });
      continue;
    }
    const rejection = rejectedBy(route, ref, parentNs, parentName, sectionName);
    if (rejection !== undefined) {
      skip(out, ref, { kind: "not-attached", detail: `not accepted by parent ${label}: ${rejection}` });
      continue;
    }
    const gatewayAnnotations = annotationsOf(gateway);
    const parsed = readAnnotations(out, ref, overlayAnnotations(gatewayAnnotations, own), {
      from: sourceRefOf(gateway),
      base: gatewayAnnotations,
      own,
    });
    if (!parsed) continue;
    const targets = gatewayAddresses(gateway);
    if (targets.length === 0) {
      skip(out, ref, {
        kind: "no-address",
        detail: `parent ${label} has no addresses in status.addresses yet`,
      });
      continue;
    }
    let listeners = listenersOf(gateway);
    if (sectionName !== undefined) listeners = listeners.filter((l) => l.name === sectionName);
    if (port !== undefined) listeners = listeners.filter((l) => l.port === port);
    if (listeners.length === 0) {
      const which = [sectionName && `named ${quote(sectionName)}`, port && `on port ${port}`].filter(Boolean);
      skip(out, ref, { kind: "not-attached", detail: `parent ${label} has no listener ${which.join(" ")}` });
      continue;
    }
    const gatewayNs = namespaceOf(gateway);
    listeners = listeners.filter(
      (l) => !l.invalid && allowsRoute(l, routeKind, ref.namespace, gatewayNs, namespaces),
    );
    if (listeners.length === 0) {
      skip(out, ref, {
        kind: "not-attached",
        detail: `no listener of parent ${label} allows ${routeKind.kind}s from namespace ${quote(ref.namespace)}`,
      });
      continue;
    }
    usableGateways.push(`${parentNs}/${parentName}`);
    const names: string[] = [];
    // The hostnames annotation is the route's own (never inherited from the Gateway).
    const fields = hostnameFields(
      parsed,
      specHostnames.map((h, j) => [h, `spec.hostnames[${j}]`] as const),
    );
    for (const raw of chooseHostnames(hostnameSource, specHostnames, parsed.extraHostnames)) {
      if (!normalized.has(raw)) normalized.set(raw, normalizeOrSkip(out, ref, raw, fields.get(raw)));
      const hostname = normalized.get(raw);
      if (hostname === undefined) continue;
      if (!matched.has(hostname)) matched.set(hostname, false);
      for (const listener of listeners) {
        const name = intersectHostnames(listener.hostname, hostname);
        if (name === undefined) continue;
        names.push(name);
        matched.set(hostname, true);
      }
    }
    publish(out, ref, names, targets, parsed.routing, {
      gatewayService: gatewayServiceFor(targets, services),
    });
  }
  for (const [hostname, ok] of matched) {
    if (ok) continue;
    const where = `Gateway ${listOf(sortedUnique(usableGateways))}`;
    skip(
      out,
      ref,
      { kind: "not-attached", detail: `matches no listener hostname of ${where}` },
      displayName(hostname),
    );
  }
}

/**
 * The hostname a route publishes through a listener, or undefined when they do not intersect
 * (Gateway API `HTTPRoute.spec.hostnames`): a listener without hostname takes the route's name;
 * equal names match; a wildcard matches names with one or more extra labels, and the more specific
 * of the two names is the one published. Both names are normalised.
 */
export function intersectHostnames(listener: string | undefined, route: string): string | undefined {
  if (listener === undefined || listener === route) return route;
  if (isWildcard(listener) && covers(listener, route)) return route;
  if (isWildcard(route) && covers(route, listener)) return listener;
  return undefined;
}

function covers(wildcard: string, name: string): boolean {
  return name !== wildcard && name.endsWith(wildcard.slice(1));
}

/** Whether `spec.listeners[].hostname` has the shape the Gateway API gives it; records why not. */
function listenerHostnamesReadable(out: SourceOutput, ref: SourceRef, gateway: KubeObject): boolean {
  const listeners = listAt(out, ref, "spec.listeners", asRecord(gateway.spec).listeners);
  if (listeners === undefined) return false;
  return listeners.every((entry, i) => {
    const hostname = asRecord(entry).hostname;
    if (hostname === undefined || hostname === null || typeof hostname === "string") return true;
    skipMalformed(out, ref, `spec.listeners[${i}].hostname`, hostname, "a hostname");
    return false;
  });
}

function listenersOf(gateway: KubeObject): Listener[] {
  return asArray(asRecord(gateway.spec).listeners).map((entry) => {
    const l = asRecord(entry);
    const rawHostname = asString(l.hostname) || undefined;
    const name = rawHostname === undefined ? undefined : normalizeHostname(rawHostname);
    return {
      name: asString(l.name) ?? "",
      hostname: name?.ok ? name.value : undefined,
      rawHostname,
      invalid: name !== undefined && !name.ok,
      port: asNumber(l.port),
      protocol: asString(l.protocol),
      allowedRoutes: asRecord(l.allowedRoutes),
    };
  });
}

/** `status.addresses`: `IPAddress` (the default type) or `Hostname`; other types are not DNS targets. */
function gatewayAddresses(gateway: KubeObject): string[] {
  const out: string[] = [];
  for (const entry of asArray(asRecord(gateway.status).addresses)) {
    const a = asRecord(entry);
    const type = asString(a.type) ?? "IPAddress";
    const value = asString(a.value);
    if (value === undefined || (type !== "IPAddress" && type !== "Hostname")) continue;
    const isIp = isIPv4(value.trim()) || isIPv6(value.trim());
    const target = normalizeTarget(value);
    if (target.ok && isIp === (type === "IPAddress")) out.push(target.value);
  }
  return sortedUnique(out);
}

/**
 * Whether a listener admits a route of `routeKind` from `routeNs` (`allowedRoutes`): namespaces
 * `Same` (the default), `All` or `Selector`, and route kinds, by default those of the listener's
 * protocol.
 */
function allowsRoute(
  listener: Listener,
  routeKind: RouteKind,
  routeNs: string,
  gatewayNs: string,
  namespaces: Map<string, Record<string, string>>,
): boolean {
  const from = asRecord(listener.allowedRoutes.namespaces);
  const mode = asString(from.from) ?? "Same";
  // The API server labels every Namespace with its name, so a selector on that label works even
  // when the manifests given to `plan` do not include the Namespace.
  const labels = { ...namespaces.get(routeNs), "kubernetes.io/metadata.name": routeNs };
  const nsOk =
    mode === "All" ||
    (mode === "Same" && routeNs === gatewayNs) ||
    (mode === "Selector" && matchesLabelSelector(labels, from.selector));
  if (!nsOk) return false;
  const kinds = asArray(listener.allowedRoutes.kinds).map(asRecord);
  if (kinds.length > 0) {
    return kinds.some(
      (k) => (asString(k.group) ?? GATEWAY_API_GROUP) === GATEWAY_API_GROUP && k.kind === routeKind.kind,
    );
  }
  return routeKind.defaultFor(listener.protocol);
}

/**
 * The reason a parent rejected the route (`status.parents[].conditions` Accepted=False), or
 * undefined. No status at all is fine: manifests given to `plan` usually have none.
 */
function rejectedBy(
  route: KubeObject,
  ref: SourceRef,
  parentNs: string,
  parentName: string,
  sectionName: string | undefined,
): string | undefined {
  let rejection: string | undefined;
  for (const entry of asArray(asRecord(route.status).parents).map(asRecord)) {
    const p = asRecord(entry.parentRef);
    if ((asString(p.group) ?? GATEWAY_API_GROUP) !== GATEWAY_API_GROUP) continue;
    if ((asString(p.kind) ?? "Gateway") !== "Gateway" || asString(p.name) !== parentName) continue;
    if ((asString(p.namespace) ?? ref.namespace) !== parentNs || asString(p.sectionName) !== sectionName)
      continue;
    const accepted = asArray(entry.conditions)
      .map(asRecord)
      .find((c) => c.type === "Accepted");
    // Several controllers may report on one parent; one that accepted the route is enough.
    if (accepted?.status === "True") return undefined;
    if (accepted?.status === "False") {
      rejection =
        [asString(accepted.reason), asString(accepted.message)].filter(Boolean).join(": ") ||
        "Accepted=False";
    }
  }
  return rejection;
}
