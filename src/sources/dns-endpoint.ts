import { isIPv4, isIPv6 } from "../model/address.js";
import type { EndpointIntent, RoutingIntent } from "../model/endpoint.js";
import { displayName, normalizeHostname } from "../model/hostname.js";
import { isLoadBalancerHostname } from "../model/load-balancer.js";
import type { Problem } from "../model/problem.js";
import { quote } from "../model/shorten.js";
import type { SourceRef } from "../model/source-ref.js";
import { normalizeTarget, sortedUnique } from "./addresses.js";
import { ANNOTATION_PREFIX, classifyKey, overlayAnnotations } from "./annotation-keys.js";
import { MAX_TTL } from "./annotation-values.js";
import { parseAnnotations } from "./annotations.js";
import { annotationsOf, asRecord, isKind, isRecord, type KubeObject, sourceRefOf } from "./kube-object.js";
import {
  describeValue,
  emptyOutput,
  listAt,
  normalizeOrSkip,
  type SourceOutput,
  skip,
  skipMalformed,
  stringListAt,
} from "./publish.js";

/** external-dns's API group, home of the `DNSEndpoint` CRD. */
export const DNSENDPOINT_GROUP = "externaldns.k8s.io";
const VERSIONS = ["v1alpha1"];
const RECORD_TYPES: readonly string[] = ["A", "AAAA", "CNAME"];

// external-dns makes `aws/<attr>` of the annotation `external-dns.alpha.kubernetes.io/aws-<attr>`;
// read back the same way, a provider-specific setting means exactly what that annotation means.
const ED = "external-dns.alpha.kubernetes.io/";
const OWN_HOSTNAMES = `${ANNOTATION_PREFIX}hostnames`;
const OWN_TARGET = `${ANNOTATION_PREFIX}target`;

/**
 * Endpoints of external-dns's `DNSEndpoint` objects (`externaldns.k8s.io/v1alpha1`): each entry of
 * `spec.endpoints[]` is one record — its `dnsName`, `recordType` (A, AAAA or CNAME), `targets`,
 * `recordTTL`, `setIdentifier`, and the `providerSpecific` settings of external-dns's AWS provider
 * (`aws/weight`, `aws/failover`, `alias`, …) read as the annotations they come from. The object's
 * own `route53-gslb.io/` annotations are defaults every entry may override.
 *
 * An entry this cluster cannot write as asked — another record type, a setting it cannot honour —
 * is skipped with a reason naming the field, and the other entries are published: leaving a
 * setting out would silently change the record's routing.
 */
export function dnsEndpointEndpoints(objects: KubeObject[]): SourceOutput {
  const out = emptyOutput();
  for (const obj of objects) {
    if (isKind(obj, DNSENDPOINT_GROUP, "DNSEndpoint", VERSIONS)) publishDnsEndpoint(out, obj);
  }
  return out;
}

function publishDnsEndpoint(out: SourceOutput, obj: KubeObject): void {
  const ref = sourceRefOf(obj);
  // external-dns reads none of a DNSEndpoint's annotations (its annotation filter only selects), so
  // reading its keys here would change records it wrote without them; our own keys are read.
  const own = Object.fromEntries(
    Object.entries(annotationsOf(obj)).filter(([k]) => classifyKey(k).kind !== "external-dns"),
  );
  if (OWN_HOSTNAMES in own || OWN_TARGET in own) {
    skip(out, ref, {
      kind: "not-supported",
      detail: `${quote(OWN_HOSTNAMES)} and ${quote(OWN_TARGET)} are not read on a DNSEndpoint: each entry of spec.endpoints names its own dnsName and targets`,
    });
    return;
  }
  // The object's keys are defaults: a policy it names may need a setting only the entries give
  // (`routing-policy: failover`, each entry its `aws/failover`), so they are checked per entry.
  const base = parseAnnotations(own);
  if (base.ok && !base.value.enabled) {
    skip(out, ref, { kind: "opted-out", key: `${ANNOTATION_PREFIX}enabled` });
    return;
  }
  const entries = listAt(out, ref, "spec.endpoints", asRecord(obj.spec).endpoints);
  if (entries === undefined) return;
  const byHost = new Map<string, { index: number; endpoint: EndpointIntent }>();
  for (const [i, raw] of entries.entries()) {
    const entry = readEntry(out, ref, own, raw, `spec.endpoints[${i}]`);
    if (!entry) continue;
    const seen = byHost.get(entry.hostname);
    if (!seen) {
      byHost.set(entry.hostname, { index: i, endpoint: { source: ref, ...entry } });
    } else if (JSON.stringify(seen.endpoint.routing) === JSON.stringify(entry.routing)) {
      // An A and an AAAA entry of one name: one endpoint, both families.
      seen.endpoint.targets = sortedUnique([...seen.endpoint.targets, ...entry.targets]);
    } else {
      skip(
        out,
        ref,
        {
          kind: "not-supported",
          detail: `spec.endpoints[${i}] asks for other routing, TTL or set identifier than spec.endpoints[${seen.index}] at the same name; a cluster writes one member per name, so the entries of one name must agree`,
        },
        displayName(entry.hostname),
      );
    }
  }
  for (const { endpoint } of byHost.values()) out.endpoints.push(endpoint);
}

interface Entry {
  hostname: string;
  targets: string[];
  routing: RoutingIntent;
}

/** Where a setting written as a synthetic annotation came from, for messages. */
interface Origin {
  field: string;
  /** The provider-specific name, or the field's own name. */
  name: string;
}

/** One entry of `spec.endpoints`, or undefined when it cannot be published (recorded). */
function readEntry(
  out: SourceOutput,
  ref: SourceRef,
  own: Record<string, string>,
  raw: unknown,
  path: string,
): Entry | undefined {
  if (!isRecord(raw)) {
    skipMalformed(out, ref, path, raw, "an endpoint (`dnsName`, `recordType`, `targets`, …)");
    return undefined;
  }
  const shape = readShape(out, ref, raw, path);
  if (!shape) return undefined;
  if (!RECORD_TYPES.includes(shape.recordType)) {
    // Checked before the name: SRV and TXT records live at names such as `_sip._tcp.example.com`,
    // which are not hostnames; the records held are at the name as the planner spells it when it is one.
    const name = normalizeHostname(shape.dnsName);
    skip(
      out,
      ref,
      {
        kind: "not-supported",
        detail: `${path}.recordType is ${quote(shape.recordType)}: route53-gslb writes A, AAAA and CNAME records (a load balancer as an alias); leave other record types to another tool`,
      },
      name.ok ? displayName(name.value) : shape.dnsName.trim(),
    );
    return undefined;
  }
  const hostname = normalizeOrSkip(out, ref, shape.dnsName, `${path}.dnsName`);
  if (hostname === undefined) return undefined;
  const shown = displayName(hostname);
  // Bad values hold every record of the object, as a bad annotation does; a setting or record type
  // this cluster cannot write holds the records at the name.
  const invalid = (field: string, value: unknown, expected: string): undefined => {
    out.skipped.push({
      source: ref,
      hostname: shown,
      problem: { kind: "invalid-field", field, value: describeValue(value), expected },
      holdsObject: true,
    });
    return undefined;
  };
  const unsupported = (detail: string): undefined => {
    skip(out, ref, { kind: "not-supported", detail }, shown);
    return undefined;
  };

  const synthetic: Record<string, string> = {};
  const origins = new Map<string, Origin>();
  let alias: { value: string; field: string } | undefined;
  for (const [j, p] of shape.providerSpecific.entries()) {
    const field = `${path}.providerSpecific[${j}]`;
    if (p.name === "alias") {
      alias = { value: p.value, field: `${field}.value` };
      continue;
    }
    if (!p.name.startsWith("aws/")) {
      // `cloudflare/proxied`, `webhook/…`: another provider's setting, which external-dns's AWS
      // provider ignores as well; a name without provider is nobody's.
      if (/^[a-z0-9-]+\/./.test(p.name)) continue;
      return unsupported(
        `${field} names ${quote(p.name)}, which route53-gslb does not know; it reads \`alias\` and external-dns's \`aws/…\` settings`,
      );
    }
    const key = `${ED}aws-${p.name.slice("aws/".length)}`;
    if (classifyKey(key).kind !== "external-dns") {
      return unsupported(
        `${field} sets ${quote(p.name)}, an external-dns setting route53-gslb cannot honour; publishing the record without it would change its routing`,
      );
    }
    if (key in synthetic) return invalid(`${field}.name`, p.name, "each provider-specific name once");
    let value = p.value;
    if (p.name === "aws/multi-value-answer") {
      // external-dns reads the key's presence, whatever its value, as a multivalue answer.
      if (value !== "" && value !== "true") {
        return invalid(
          `${field}.value`,
          value,
          "no value or `true`: external-dns reads the key's presence as a multivalue answer",
        );
      }
      value = "true";
    }
    synthetic[key] = value;
    origins.set(key, { field: `${field}.value`, name: p.name });
  }
  if (shape.setIdentifier !== undefined) {
    synthetic[`${ED}set-identifier`] = shape.setIdentifier;
    origins.set(`${ED}set-identifier`, { field: `${path}.setIdentifier`, name: "setIdentifier" });
  }
  // external-dns reads a TTL of 0 as "not configured".
  if (shape.ttl !== undefined && shape.ttl > 0) synthetic[`${ED}ttl`] = String(shape.ttl);

  const parsed = parseAnnotations(overlayAnnotations(own, synthetic));
  if (!parsed.ok) {
    const relabel = (text: string) =>
      [...origins].reduce((t, [key, o]) => t.replaceAll(quote(key), quote(o.name)), text);
    for (const p of parsed.error) {
      const origin = origins.get(p.key);
      const why = relabel(p.detail === undefined ? p.accepted : `${p.accepted}: ${p.detail}`);
      if (origin) invalid(origin.field, p.value, `${why} (\`${origin.name}\`)`);
      else {
        const problem: Problem = {
          kind: "invalid-annotation",
          key: p.key,
          value: p.value,
          accepted: p.accepted,
          text: relabel(p.message),
        };
        out.skipped.push({ source: ref, hostname: shown, problem, holdsObject: true });
      }
    }
    return undefined;
  }

  const targets: string[] = [];
  for (const t of shape.targets) {
    const target = normalizeTarget(t);
    if (!target.ok) return invalid(`${path}.targets`, t, `an IP address or a hostname: ${target.error}`);
    targets.push(target.value);
  }
  if (targets.length === 0) {
    return unsupported(
      `${path}.targets is empty: external-dns fills it from its --default-targets, which route53-gslb does not have; name the targets`,
    );
  }
  const [first] = targets;
  const loadBalancer = targets.length === 1 && first !== undefined && isLoadBalancerHostname(first);
  const problem = recordTypeProblem(shape.recordType, targets, loadBalancer, alias?.value === "true");
  if (problem) return invalid(`${path}.targets`, shape.targets, problem);
  if (alias !== undefined) {
    if (alias.value === "true" && !loadBalancer) {
      return unsupported(
        `${alias.field} asks for an alias to ${quote(first ?? "")}: route53-gslb writes aliases to load balancers only (found through ELBv2), so it cannot honour it`,
      );
    }
    if (alias.value === "false" && loadBalancer) {
      return unsupported(
        `${alias.field} asks for a CNAME to load balancer ${quote(first ?? "")}: route53-gslb publishes a load balancer as an alias, never a CNAME, so it cannot honour it`,
      );
    }
    if (alias.value === "A" || alias.value === "AAAA") {
      return unsupported(
        `${alias.field} asks for an ${alias.value} alias only: route53-gslb writes a load balancer's A alias, and its AAAA alias when it is dualstack`,
      );
    }
    if (alias.value !== "true" && alias.value !== "false") {
      return invalid(alias.field, alias.value, "`true` or `false`");
    }
  }
  return { hostname, targets: sortedUnique(targets), routing: parsed.value.routing };
}

/** What the targets of a record type must be, when they are not; undefined when they fit. */
function recordTypeProblem(
  recordType: string,
  targets: string[],
  loadBalancer: boolean,
  alias: boolean,
): string | undefined {
  switch (recordType) {
    case "A":
      return targets.every(isIPv4) || (loadBalancer && alias)
        ? undefined
        : "IPv4 addresses for an A record (or one load balancer, with `alias: true`)";
    case "AAAA":
      return targets.every(isIPv6)
        ? undefined
        : "IPv6 addresses for an AAAA record (a load balancer's AAAA alias comes with its A alias, from recordType CNAME or A)";
    default:
      return targets.length === 1 && !isIPv4(targets[0] ?? "") && !isIPv6(targets[0] ?? "")
        ? undefined
        : "exactly one hostname for a CNAME record";
  }
}

/** The fields of an entry, each of the type external-dns's schema gives it. */
interface Shape {
  dnsName: string;
  recordType: string;
  targets: string[];
  ttl?: number;
  setIdentifier?: string;
  providerSpecific: { name: string; value: string }[];
}

/** The fields of an entry, or undefined when one has the wrong type (recorded: the object is held). */
function readShape(
  out: SourceOutput,
  ref: SourceRef,
  raw: Record<string, unknown>,
  path: string,
): Shape | undefined {
  const malformed = (field: string, value: unknown, expected: string): undefined => {
    skipMalformed(out, ref, `${path}.${field}`, value, expected);
    return undefined;
  };
  const { dnsName, recordType, recordTTL, setIdentifier } = raw;
  if (typeof dnsName !== "string") return malformed("dnsName", dnsName, "a hostname");
  if (typeof recordType !== "string") {
    return malformed("recordType", recordType, "a record type: `A`, `AAAA` or `CNAME`");
  }
  const targets = stringListAt(out, ref, `${path}.targets`, raw.targets);
  if (targets === undefined) return undefined;
  const shape: Shape = { dnsName, recordType, targets, providerSpecific: [] };
  if (recordTTL !== undefined && recordTTL !== null) {
    if (
      typeof recordTTL !== "number" ||
      !Number.isInteger(recordTTL) ||
      recordTTL < 0 ||
      recordTTL > MAX_TTL
    ) {
      return malformed("recordTTL", recordTTL, `a TTL in seconds, an integer from 0 to ${MAX_TTL}`);
    }
    shape.ttl = recordTTL;
  }
  if (setIdentifier !== undefined && setIdentifier !== null && setIdentifier !== "") {
    if (typeof setIdentifier !== "string") return malformed("setIdentifier", setIdentifier, "a string");
    shape.setIdentifier = setIdentifier;
  }
  const settings = listAt(out, ref, `${path}.providerSpecific`, raw.providerSpecific);
  if (settings === undefined) return undefined;
  for (const [j, s] of settings.entries()) {
    const name = asRecord(s).name;
    const value = asRecord(s).value ?? "";
    if (!isRecord(s) || typeof name !== "string" || typeof value !== "string") {
      return malformed(`providerSpecific[${j}]`, s, "a `name` and a `value`, both strings");
    }
    shape.providerSpecific.push({ name, value });
  }
  return shape;
}
