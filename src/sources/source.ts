import type { EndpointIntent } from "../model/endpoint.js";
import { problemMessage } from "../model/problem.js";
import { formatSourceRef, type Skipped } from "../model/source-ref.js";
import { compareText } from "../model/text-order.js";
import { weakMemo } from "../model/weak-memo.js";
import { sortedUnique } from "./addresses.js";
import { dnsEndpointEndpoints } from "./dns-endpoint.js";
import { gatewayApiEndpoints } from "./gateway-api.js";
import { ingressEndpoints } from "./ingress.js";
import { istioGatewayEndpoints } from "./istio-gateway.js";
import { isKubeObject, type KubeObject } from "./kube-object.js";
import { unreadableIdentity } from "./object-identity.js";
import type { SourceOutput } from "./publish.js";
import { serviceEndpoints } from "./service.js";
import { tetrateGatewayEndpoints } from "./tetrate-gateway.js";

export type { SourceOutput } from "./publish.js";

/** The kinds of source objects the controller can publish from. */
export const SOURCE_KINDS = [
  "gateway-api",
  "istio-gateway",
  "tetrate-gateway",
  "service",
  "ingress",
  "dnsendpoint",
] as const;
/** One of {@link SOURCE_KINDS}. */
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** A source turns the objects it understands into endpoints; it ignores every other object. */
export type Source = (objects: KubeObject[]) => SourceOutput;

const SOURCES: Record<SourceKind, Source> = {
  "gateway-api": gatewayApiEndpoints,
  "istio-gateway": istioGatewayEndpoints,
  "tetrate-gateway": tetrateGatewayEndpoints,
  service: serviceEndpoints,
  ingress: ingressEndpoints,
  dnsendpoint: dnsEndpointEndpoints,
};

/** Options of {@link endpointsFromObjects}. */
export interface SourceOptions {
  /**
   * Which sources publish endpoints. Services are read as gateway targets whatever this says.
   * @default every kind in SOURCE_KINDS
   */
  sources?: readonly SourceKind[];
}

/**
 * Every endpoint the given objects ask for, and every object or hostname left out with its reason.
 * Used by `plan` on manifests and by the controller on its informer caches. Objects of kinds no
 * source reads are ignored. The output is deterministic: endpoints are sorted by source then
 * hostname, targets are sorted and unique, and one object asking twice for a hostname with the same
 * routing (an HTTPRoute attached to two Gateways) gives one endpoint with the union of the targets.
 */
export function endpointsFromObjects(objects: readonly unknown[], options: SourceOptions = {}): SourceOutput {
  const kubeObjects: KubeObject[] = [];
  const skipped = new Map<string, Skipped>();
  for (const obj of objects) {
    const unreadable = unreadableIdentity(obj);
    if (unreadable)
      skipped.set(
        JSON.stringify([formatSourceRef(unreadable.source), "", problemMessage(unreadable.problem)]),
        unreadable,
      );
    else if (isKubeObject(obj)) kubeObjects.push(obj);
  }
  const all: EndpointIntent[] = [];
  for (const kind of SOURCE_KINDS) {
    if (options.sources && !options.sources.includes(kind)) continue;
    const out = SOURCES[kind](kubeObjects);
    for (const e of out.endpoints) all.push(e);
    for (const s of out.skipped) {
      skipped.set(
        JSON.stringify([formatSourceRef(s.source), s.hostname ?? "", problemMessage(s.problem)]),
        s,
      );
    }
  }
  return {
    endpoints: mergedByKey(all),
    skipped: [...skipped.entries()].sort(byKey).map(([, s]) => s),
  };
}

/**
 * The endpoints sorted by {@link endpointKey}, those with the same key merged in the order they came.
 * A sort (stable, and nearly linear: the sources give each object's endpoints in object order) and one
 * pass, instead of a map by key: an event run at 20,000 Services made a 20,000-entry map for the few
 * merges one object asking twice can need.
 */
function mergedByKey(endpoints: EndpointIntent[]): EndpointIntent[] {
  endpoints.sort((a, b) => compareText(endpointKey(a), endpointKey(b)));
  let last = -1;
  for (const e of endpoints) {
    const previous = endpoints[last];
    if (previous !== undefined && endpointKey(previous) === endpointKey(e))
      endpoints[last] = mergeEndpoints(previous, e);
    else endpoints[++last] = e;
  }
  endpoints.length = last + 1;
  return endpoints;
}

/*
 * Each endpoint's key, by object: the sources hand out the same endpoint objects while their objects
 * do not change (sources/service.ts), and the controller reads every object on every run.
 */
/**
 * Source, hostname and routing: one object's endpoints with the same key are merged, and
 * {@link endpointsFromObjects} gives its endpoints in the order of their keys (by `compareText`),
 * each key once.
 */
export const endpointKey = weakMemo((e: EndpointIntent): string =>
  JSON.stringify([formatSourceRef(e.source), e.hostname, e.routing]),
);

/**
 * One endpoint from two asking for the same hostname with the same routing: the union of the
 * targets; the gateway Service only when both name the same one, since the readiness default must
 * hold for every target the member gets.
 */
function mergeEndpoints(a: EndpointIntent, b: EndpointIntent): EndpointIntent {
  const { gatewayService: _dropped, ...rest } = a;
  const same = JSON.stringify(a.gatewayService) === JSON.stringify(b.gatewayService);
  return {
    ...rest,
    targets: sortedUnique([...a.targets, ...b.targets]),
    ...(same && a.gatewayService ? { gatewayService: a.gatewayService } : {}),
  };
}

// Keys are JSON arrays that start with source then hostname, so comparing them sorts by both.
function byKey(a: [string, unknown], b: [string, unknown]): number {
  return compareText(a[0], b[0]);
}
