import type { FieldProblem } from "../model/problem.js";
import type { Skipped } from "../model/source-ref.js";
import { DNSENDPOINT_GROUP } from "./dns-endpoint.js";
import { GATEWAY_API_GROUP, ROUTE_KINDS } from "./gateway-api.js";
import { INGRESS_GROUP } from "./ingress.js";
import { ISTIO_GROUP } from "./istio-gateway.js";
import { apiGroupOf, isRecord } from "./kube-object.js";
import { describeValue } from "./publish.js";
import { TETRATE_GROUP } from "./tetrate-gateway.js";

/** The kinds whose objects can own records (group `` is core), so whose identity must be readable. */
const OWNING_KINDS: readonly { group: string; kind: string }[] = [
  { group: GATEWAY_API_GROUP, kind: "Gateway" },
  ...ROUTE_KINDS.map((r) => ({ group: GATEWAY_API_GROUP, kind: r.kind })),
  { group: ISTIO_GROUP, kind: "Gateway" },
  { group: TETRATE_GROUP, kind: "Gateway" },
  { group: "", kind: "Service" },
  { group: INGRESS_GROUP, kind: "Ingress" },
  { group: DNSENDPOINT_GROUP, kind: "DNSEndpoint" },
];

// Kubernetes' own rules (apimachinery validation): object names are DNS-1123 subdomains, namespaces
// DNS-1123 labels. The API server enforces them; manifests given to `plan` may not.
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Why an object of a kind that can own records has an identity the plan cannot trust (a name that
 * is a number or not a Kubernetes name, a namespace that is a list), as a skip that holds the records
 * of every object it could have been; undefined when its identity is fine or it is not such a kind.
 *
 * Such an object is not simply ignored: ignoring it would make its records look unwanted, and `sync`
 * would delete them (bad input never loses data).
 */
export function unreadableIdentity(value: unknown): Skipped | undefined {
  if (!isRecord(value) || typeof value.apiVersion !== "string" || typeof value.kind !== "string")
    return undefined;
  const group = apiGroupOf({ apiVersion: value.apiVersion });
  const kind = value.kind;
  if (!OWNING_KINDS.some((k) => k.group === group && k.kind === kind)) return undefined;
  const metadata = value.metadata;
  const problems: FieldProblem[] = [];
  const unreadable: ("namespace" | "name")[] = [];
  const name = isRecord(metadata) ? metadata.name : undefined;
  const namespace = isRecord(metadata) ? metadata.namespace : undefined;
  if (!isRecord(metadata))
    problems.push({ field: "metadata", value: describeValue(metadata), expected: "an object" });
  if (typeof name !== "string" || name.length > 253 || !DNS1123_SUBDOMAIN.test(name)) {
    unreadable.push("name");
    if (isRecord(metadata))
      problems.push({
        field: "metadata.name",
        value: describeValue(name),
        expected: "a Kubernetes name (lower-case DNS-1123 subdomain)",
      });
  }
  const namespaceOk =
    namespace === undefined ||
    (typeof namespace === "string" &&
      (namespace === "" || (namespace.length <= 63 && DNS1123_LABEL.test(namespace))));
  if (!namespaceOk) {
    unreadable.push("namespace");
    problems.push({
      field: "metadata.namespace",
      value: describeValue(namespace),
      expected: "a namespace name (lower-case DNS-1123 label)",
    });
  }
  if (problems.length === 0) return undefined;
  if (!isRecord(metadata)) unreadable.push("namespace");
  return {
    source: {
      group,
      kind,
      // A readable namespace is a string or absent (`default`, as kubectl reads a manifest without one).
      namespace: unreadable.includes("namespace") ? "?" : (namespace as string | undefined) || "default",
      name: unreadable.includes("name") ? describeValue(name ?? null) : String(name),
    },
    problem: { kind: "unreadable-metadata", objectKind: kind, fields: problems },
    unreadable,
  };
}
