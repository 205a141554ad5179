import { chooseHostnames, hostnameSourceOrSkip } from "./hostname-source.js";
import { annotationsOf, asRecord, isKind, type KubeObject, sourceRefOf } from "./kube-object.js";
import {
  emptyOutput,
  hostnameFields,
  listAt,
  loadBalancerAddresses,
  publish,
  readAnnotations,
  type SourceOutput,
  skip,
  skipMalformed,
  stringListAt,
} from "./publish.js";

/** The API group of Ingress. */
export const INGRESS_GROUP = "networking.k8s.io";
const VERSIONS = ["v1"];

/**
 * Endpoints of Ingresses (`networking.k8s.io/v1`), as external-dns reads them: the hosts of
 * `spec.rules[]` and `spec.tls[].hosts` plus the `hostnames` annotation (external-dns's
 * `ingress-hostname-source` narrows them), pointing at `status.loadBalancer.ingress` — or at the
 * `target` annotation alone, which Ingress controllers that never fill the status rely on.
 */
export function ingressEndpoints(objects: KubeObject[]): SourceOutput {
  const out = emptyOutput();
  for (const ingress of objects) {
    if (!isKind(ingress, INGRESS_GROUP, "Ingress", VERSIONS)) continue;
    const ref = sourceRefOf(ingress);
    const annotations = annotationsOf(ingress);
    const specFields: [string, string][] = [];
    const specHosts = definedHosts(out, ingress, specFields);
    if (specHosts === undefined) continue;
    const hostnameSource = hostnameSourceOrSkip(out, ref, annotations, "ingress-hostname-source");
    if (hostnameSource === undefined) continue;
    const parsed = readAnnotations(out, ref, annotations);
    if (!parsed) continue;
    const hostnames = chooseHostnames(hostnameSource, specHosts, parsed.extraHostnames);
    // A default-backend-only Ingress names no host: there is nothing to publish, and nothing to say.
    if (hostnames.length === 0) continue;
    const targets = loadBalancerAddresses(ingress);
    if (targets.length === 0 && parsed.routing.targets === undefined) {
      skip(out, ref, {
        kind: "no-address",
        detail: "no address in status.loadBalancer.ingress yet, and no `target` annotation",
      });
      continue;
    }
    publish(out, ref, hostnames, targets, parsed.routing, { fields: hostnameFields(parsed, specFields) });
  }
  return out;
}

/**
 * `spec.rules[].host` and `spec.tls[].hosts`, empty hosts left out (a rule without host matches
 * every name, which cannot be published); undefined when a field has the wrong type (recorded, the
 * object held).
 */
function definedHosts(
  out: SourceOutput,
  ingress: KubeObject,
  fields: [string, string][],
): string[] | undefined {
  const ref = sourceRefOf(ingress);
  const spec = asRecord(ingress.spec);
  const rules = listAt(out, ref, "spec.rules", spec.rules);
  const tls = listAt(out, ref, "spec.tls", spec.tls);
  if (rules === undefined || tls === undefined) return undefined;
  const hosts: string[] = [];
  for (const [i, rule] of rules.entries()) {
    const host = asRecord(rule).host;
    if (host === undefined || host === null || host === "") continue;
    if (typeof host !== "string") {
      skipMalformed(out, ref, `spec.rules[${i}].host`, host, "a hostname");
      return undefined;
    }
    hosts.push(host);
    fields.push([host, `spec.rules[${i}].host`]);
  }
  for (const [i, entry] of tls.entries()) {
    const list = stringListAt(out, ref, `spec.tls[${i}].hosts`, asRecord(entry).hosts);
    if (list === undefined) return undefined;
    for (const [j, h] of list.entries()) {
      if (h === "") continue;
      hosts.push(h);
      fields.push([h, `spec.tls[${i}].hosts[${j}]`]);
    }
  }
  return hosts;
}
