import { annotationsOf, asRecord, asStringMap, isKind, type KubeObject, sourceRefOf } from "./kube-object.js";
import {
  emptyOutput,
  formatLabels,
  hostnameFields,
  isLoadBalancerService,
  listAt,
  publish,
  readAnnotations,
  type SourceOutput,
  selectedServiceTargets,
  skip,
  stringListAt,
} from "./publish.js";

/** Istio's networking API group. */
export const ISTIO_GROUP = "networking.istio.io";
const VERSIONS = ["v1", "v1beta1", "v1alpha3"];

/**
 * Endpoints of Istio Gateways: the hosts of `spec.servers[]` pointing at the LoadBalancer Services
 * (in any namespace) that select the gateway pods, i.e. whose `spec.selector` holds every label of
 * the Gateway's `spec.selector`.
 */
export function istioGatewayEndpoints(objects: KubeObject[]): SourceOutput {
  const out = emptyOutput();
  const services = objects.filter(isLoadBalancerService);
  for (const gateway of objects) {
    if (!isKind(gateway, ISTIO_GROUP, "Gateway", VERSIONS)) continue;
    const ref = sourceRefOf(gateway);
    const parsed = readAnnotations(out, ref, annotationsOf(gateway));
    if (!parsed) continue;
    const hostnames: string[] = [...parsed.extraHostnames];
    const servers = listAt(out, ref, "spec.servers", asRecord(gateway.spec).servers);
    if (servers === undefined) continue;
    const hostLists = servers.map((server, i) =>
      stringListAt(out, ref, `spec.servers[${i}].hosts`, asRecord(server).hosts),
    );
    if (hostLists.some((l) => l === undefined)) continue;
    const specFields: [string, string][] = [];
    for (const [i, hosts] of hostLists.entries()) {
      for (const [j, host] of (hosts ?? []).entries()) {
        const name = istioHostname(host);
        if (name !== undefined) specFields.push([name, `spec.servers[${i}].hosts[${j}]`]);
        if (name === undefined)
          skip(
            out,
            ref,
            { kind: "not-supported", detail: "a host that matches every name cannot be published" },
            host,
          );
        else hostnames.push(name);
      }
    }
    if (hostnames.length === 0) continue;
    const selector = asStringMap(asRecord(gateway.spec).selector);
    if (Object.keys(selector).length === 0) {
      skip(out, ref, {
        kind: "no-address",
        detail: "spec.selector is empty, so no LoadBalancer Service can be told apart as its target",
      });
      continue;
    }
    const targets = selectedServiceTargets(
      services,
      selector,
      `no LoadBalancer Service selects the gateway pods (${formatLabels(selector)})`,
    );
    if (!targets.ok) skip(out, ref, { kind: "no-address", detail: targets.error });
    else
      publish(out, ref, hostnames, targets.value.targets, parsed.routing, {
        gatewayService: targets.value.gatewayService,
        fields: hostnameFields(parsed, specFields),
      });
  }
  return out;
}

/**
 * The DNS name in an Istio `hosts` entry: `namespace/host`, `./host` and `*\/host` name the host
 * after the slash. Undefined for `*`, which matches every name and cannot be published.
 */
export function istioHostname(entry: string): string | undefined {
  const slash = entry.indexOf("/");
  const host = (slash < 0 ? entry : entry.slice(slash + 1)).trim();
  return host === "*" ? undefined : host;
}
