import type { EndpointIntent, RoutingIntent } from "../model/endpoint.js";
import { GATEWAY_STATUS_PORT, type GatewayService } from "../model/gateway-service.js";
import { normalizeHostname } from "../model/hostname.js";
import type { Problem } from "../model/problem.js";
import { err, ok, type Result } from "../model/result.js";
import { shorten } from "../model/shorten.js";
import type { Skipped, SourceRef } from "../model/source-ref.js";
import { normalizeTarget, sortedUnique } from "./addresses.js";
import { ANNOTATION_PREFIX } from "./annotation-keys.js";
import { type ParsedAnnotations, parseAnnotations } from "./annotations.js";
import {
  asArray,
  asNumber,
  asRecord,
  asString,
  asStringMap,
  type KubeObject,
  namespaceOf,
} from "./kube-object.js";

/** What one source makes of a set of objects: endpoints to publish, and what it left out and why. */
export interface SourceOutput {
  endpoints: EndpointIntent[];
  skipped: Skipped[];
}

/** A fresh, empty output. */
export function emptyOutput(): SourceOutput {
  return { endpoints: [], skipped: [] };
}

/** Record that an object (or one hostname of it) produces no record. */
export function skip(out: SourceOutput, source: SourceRef, problem: Problem, hostname?: string): void {
  out.skipped.push(hostname === undefined ? { source, problem } : { source, hostname, problem });
}

/** Where an object's annotations come from when it inherits some (an HTTPRoute from its Gateway). */
export interface Inheritance {
  from: SourceRef;
  /** The parent's annotations; a problem with one of these keys is marked as inherited. */
  base: Record<string, string>;
  /** The object's own annotations, which win over the parent's. */
  own: Record<string, string>;
}

const ENABLED_KEY = `${ANNOTATION_PREFIX}enabled`;

/**
 * Parse an object's annotations. On problems, or when the object opts out, records why it is
 * skipped and returns undefined: a bad annotation skips only its own object.
 */
export function readAnnotations(
  out: SourceOutput,
  source: SourceRef,
  annotations: Record<string, string>,
  inheritance?: Inheritance,
): ParsedAnnotations | undefined {
  const inherited = (key: string): { inheritedFrom?: SourceRef } =>
    inheritance && key in inheritance.base && !(key in inheritance.own)
      ? { inheritedFrom: inheritance.from }
      : {};
  const parsed = parseAnnotations(annotations);
  if (!parsed.ok) {
    for (const p of parsed.error) {
      const { key, value, accepted, message: text } = p;
      skip(out, source, { kind: "invalid-annotation", key, value, accepted, text, ...inherited(key) });
    }
    return undefined;
  }
  if (!parsed.value.enabled) {
    // `opted-out`: the planner removes the object's records, as it would for a deleted object.
    skip(out, source, { kind: "opted-out", key: ENABLED_KEY, ...inherited(ENABLED_KEY) });
    return undefined;
  }
  return parsed.value;
}

/**
 * Where each hostname an object asks for is written (`spec.rules[0].host`, an annotation), so that a
 * message about an invalid one names the field to fix; the first field that gives a hostname wins.
 */
export type HostnameFields = ReadonlyMap<string, string>;

/** The fields of an object's hostnames: `spec` as [hostname, field] pairs, then its annotation's. */
export function hostnameFields(
  parsed: Pick<ParsedAnnotations, "extraHostnames" | "hostnamesKey">,
  spec: Iterable<readonly [string, string]> = [],
): Map<string, string> {
  const fields = new Map<string, string>();
  for (const [raw, field] of spec) if (!fields.has(raw)) fields.set(raw, field);
  if (parsed.hostnamesKey !== undefined) {
    const field = `metadata.annotations[${JSON.stringify(parsed.hostnamesKey)}]`;
    for (const raw of parsed.extraHostnames) if (!fields.has(raw)) fields.set(raw, field);
  }
  return fields;
}

/**
 * Normalise a hostname for publishing; an invalid one is recorded as skipped (naming the hostname
 * and what is wrong) and gives undefined.
 */
export function normalizeOrSkip(
  out: SourceOutput,
  source: SourceRef,
  raw: string,
  field?: string,
): string | undefined {
  const name = normalizeHostname(raw);
  if (name.ok) return name.value;
  // A typo'd hostname holds every record of the object: the records to keep are at the old, correct
  // name, which the object no longer mentions (plan/held-records.ts).
  out.skipped.push({
    source,
    hostname: raw,
    problem: { kind: "invalid-hostname", error: name.error, ...(field === undefined ? {} : { field }) },
    holdsObject: true,
  });
  return undefined;
}

/**
 * Record that a field the source reads has the wrong type (`spec.hostnames: 42`): the object cannot
 * be read, so it publishes nothing and every record it owns is held, never deleted.
 */
export function skipMalformed(
  out: SourceOutput,
  source: SourceRef,
  field: string,
  value: unknown,
  expected: string,
): void {
  out.skipped.push({
    source,
    problem: { kind: "invalid-field", field, value: describeValue(value), expected },
    holdsObject: true,
  });
}

/**
 * The strings of a list field, or undefined when the field is there but is not a list of strings
 * (recorded with {@link skipMalformed}). An absent field is an empty list.
 */
export function stringListAt(
  out: SourceOutput,
  source: SourceRef,
  field: string,
  value: unknown,
): string[] | undefined {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) {
    skipMalformed(out, source, field, value, "a list of strings");
    return undefined;
  }
  return value;
}

/** The entries of a list field, or undefined when it is there but is not a list (recorded). */
export function listAt(
  out: SourceOutput,
  source: SourceRef,
  field: string,
  value: unknown,
): unknown[] | undefined {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    skipMalformed(out, source, field, value, "a list");
    return undefined;
  }
  return value;
}

/** A value as a message quotes it: its JSON, shortened like every quoted user value. */
export function describeValue(value: unknown): string {
  return shorten(JSON.stringify(value) ?? String(value));
}

/**
 * Add one endpoint per distinct valid hostname, all pointing at `targets`. `gatewayService` is the
 * gateway Service those targets came from, when the source knows it; `fields` say where each hostname
 * was read, for the message about an invalid one.
 */
export function publish(
  out: SourceOutput,
  source: SourceRef,
  hostnames: Iterable<string>,
  targets: string[],
  routing: RoutingIntent,
  { gatewayService, fields }: { gatewayService?: GatewayService | undefined; fields?: HostnameFields } = {},
): void {
  const seen = new Set<string>();
  for (const raw of hostnames) {
    const hostname = normalizeOrSkip(out, source, raw, fields?.get(raw));
    if (hostname === undefined || seen.has(hostname)) continue;
    seen.add(hostname);
    out.endpoints.push({
      source,
      hostname,
      targets: sortedUnique(targets),
      routing,
      ...(gatewayService ? { gatewayService } : {}),
    });
  }
}

/** True for a core `v1` Service of type LoadBalancer. */
export function isLoadBalancerService(obj: KubeObject): boolean {
  return obj.apiVersion === "v1" && obj.kind === "Service" && asRecord(obj.spec).type === "LoadBalancer";
}

/** The addresses a LoadBalancer Service has been given (`status.loadBalancer.ingress[].hostname|ip`). */
export function loadBalancerAddresses(service: KubeObject): string[] {
  const out: string[] = [];
  for (const entry of asArray(asRecord(asRecord(service.status).loadBalancer).ingress)) {
    const e = asRecord(entry);
    // Prefer the hostname: for AWS load balancers it is the alias target, and the IPs behind it change.
    const raw = asString(e.hostname) || asString(e.ip);
    const address = raw === undefined ? undefined : normalizeTarget(raw);
    if (address?.ok) out.push(address.value);
  }
  return sortedUnique(out);
}

/**
 * The gateway Service facts of the LoadBalancer Services that gave an endpoint its targets; undefined
 * when there are none. The status port counts only when every one of them exposes it as a Service
 * `port` (the port its load balancer listens on; `targetPort` is the pod's side).
 */
export function gatewayServiceOf(services: KubeObject[]): GatewayService | undefined {
  if (services.length === 0) return undefined;
  return {
    names: sortedUnique(services.map((s) => `${namespaceOf(s)}/${s.metadata.name}`)),
    statusPort: services.every(exposesStatusPort),
  };
}

function exposesStatusPort(service: KubeObject): boolean {
  return asArray(asRecord(service.spec).ports).some(
    (p) => asNumber(asRecord(p).port) === GATEWAY_STATUS_PORT,
  );
}

/** True when `selector` holds every key/value of `required` (a Service that selects the gateway's pods). */
export function selectorContains(
  selector: Record<string, string>,
  required: Record<string, string>,
): boolean {
  return Object.entries(required).every(([k, v]) => selector[k] === v);
}

/** `k=v,k=v`: a selector as kubectl spells it. */
export function formatLabels(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(",");
}

/** The targets of a gateway and the Service(s) that gave them. */
export interface ServiceTargets {
  targets: string[];
  gatewayService: GatewayService;
}

/**
 * The addresses of the LoadBalancer Services whose selector holds every label of `labels` (only
 * those in `namespace`, when given): the target of an Istio or Tetrate Gateway, which runs on the
 * pods such a Service selects. Otherwise why not: `noService` when none selects them, or the
 * Services that do but have no address yet.
 */
export function selectedServiceTargets(
  services: KubeObject[],
  labels: Record<string, string>,
  noService: string,
  namespace?: string,
): Result<ServiceTargets, string> {
  const matching = services.filter(
    (s) =>
      (namespace === undefined || namespaceOf(s) === namespace) &&
      selectorContains(asStringMap(asRecord(s.spec).selector), labels),
  );
  const addressed = matching.filter((s) => loadBalancerAddresses(s).length > 0);
  const gatewayService = gatewayServiceOf(addressed);
  if (gatewayService) return ok({ targets: addressed.flatMap(loadBalancerAddresses), gatewayService });
  if (matching.length === 0) return err(noService);
  const found = matching.map((s) => `${namespaceOf(s)}/${s.metadata.name}`).join(", ");
  return err(`LoadBalancer Service ${found} has no address in status.loadBalancer.ingress yet`);
}

/** A human list of names: `a`, `a and b`, `a, b and c`. */
export function listOf(items: string[]): string {
  const quoted = items.map((i) => `\`${i}\``);
  return quoted.length <= 1 ? (quoted[0] ?? "") : `${quoted.slice(0, -1).join(", ")} and ${quoted.at(-1)}`;
}
