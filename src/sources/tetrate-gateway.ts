import {
  annotationsOf,
  asArray,
  asRecord,
  asString,
  asStringMap,
  isKind,
  type KubeObject,
  namespaceOf,
  sourceRefOf,
} from "./kube-object.js";
import {
  emptyOutput,
  formatLabels,
  isLoadBalancerService,
  publish,
  readAnnotations,
  type SourceOutput,
  selectedServiceTargets,
  skip,
} from "./publish.js";

/** Tetrate Service Bridge's gateway API group. */
export const TETRATE_GROUP = "gateway.tsb.tetrate.io";
const VERSIONS = ["v2"];

/**
 * Endpoints of Tetrate `gateway.tsb.tetrate.io/v2` Gateways: the hostnames of `spec.http[]`,
 * `spec.tls[]` and `spec.tcp[]` pointing at the LoadBalancer Service in
 * `spec.workloadSelector.namespace` (default: the Gateway's) that selects every label of
 * `spec.workloadSelector.labels`.
 */
export function tetrateGatewayEndpoints(objects: KubeObject[]): SourceOutput {
  const out = emptyOutput();
  const services = objects.filter(isLoadBalancerService);
  for (const gateway of objects) {
    if (!isKind(gateway, TETRATE_GROUP, "Gateway", VERSIONS)) continue;
    const ref = sourceRefOf(gateway);
    const parsed = readAnnotations(out, ref, annotationsOf(gateway));
    if (!parsed) continue;
    const spec = asRecord(gateway.spec);
    const hostnames: string[] = [...parsed.extraHostnames];
    for (const section of [spec.http, spec.tls, spec.tcp]) {
      for (const server of asArray(section)) {
        const hostname = asString(asRecord(server).hostname);
        if (hostname) hostnames.push(hostname);
      }
    }
    if (hostnames.length === 0) continue;
    const workloadSelector = asRecord(spec.workloadSelector);
    const namespace = asString(workloadSelector.namespace) || namespaceOf(gateway);
    const labels = asStringMap(workloadSelector.labels);
    if (Object.keys(labels).length === 0) {
      skip(out, ref, "spec.workloadSelector.labels is empty, so no LoadBalancer Service can be told apart");
      continue;
    }
    const targets = selectedServiceTargets(
      services,
      labels,
      `no LoadBalancer Service in namespace \`${namespace}\` selects ${formatLabels(labels)}`,
      namespace,
    );
    if (!targets.ok) skip(out, ref, targets.error);
    else publish(out, ref, hostnames, targets.value, parsed.routing);
  }
  return out;
}
