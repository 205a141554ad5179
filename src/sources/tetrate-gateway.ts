import { quote } from "../model/shorten.js";
import type { SourceRef } from "../model/source-ref.js";
import {
  annotationsOf,
  apiGroupOf,
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
  hostnameFields,
  isLoadBalancerService,
  listAt,
  publish,
  readAnnotations,
  type SourceOutput,
  selectedServiceTargets,
  skip,
  skipMalformed,
} from "./publish.js";

/** Tetrate Service Bridge's gateway API group. */
export const TETRATE_GROUP = "gateway.tsb.tetrate.io";
const VERSIONS = ["v2"];
/** TSB's install API group: its gateway kinds deploy an Envoy and its LoadBalancer Service. */
const TETRATE_INSTALL_GROUP = "install.tetrate.io";

/**
 * Tetrate gateway kinds a user may expect to be published but this source does not read: TSB's older
 * per-tier gateways, and the install resources that deploy a gateway. Reported as skipped so that they
 * are not dropped without a word. Other TSB kinds (`Group`, workspaces, traffic and security settings)
 * carry no hostnames and are ignored like any unrelated kind.
 */
const UNSUPPORTED_KINDS: Record<string, readonly string[]> = {
  [TETRATE_GROUP]: ["IngressGateway", "Tier1Gateway", "EgressGateway", "Gateway"],
  [TETRATE_INSTALL_GROUP]: ["IngressGateway", "Tier1Gateway", "EgressGateway", "Gateway"],
};
const SUPPORTED = `\`${TETRATE_GROUP}/${VERSIONS.join("`, `")}\` \`Gateway\``;

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
    const unsupported = unsupportedKind(gateway);
    if (unsupported !== undefined) {
      skip(out, sourceRefOf(gateway), { kind: "not-supported", detail: unsupported });
      continue;
    }
    if (!isKind(gateway, TETRATE_GROUP, "Gateway", VERSIONS)) continue;
    const ref = sourceRefOf(gateway);
    const parsed = readAnnotations(out, ref, annotationsOf(gateway));
    if (!parsed) continue;
    const spec = asRecord(gateway.spec);
    const hostnames: string[] = [...parsed.extraHostnames];
    const specFields: [string, string][] = [];
    if (!serverHostnames(out, ref, spec, hostnames, specFields)) continue;
    if (hostnames.length === 0) continue;
    const workloadSelector = asRecord(spec.workloadSelector);
    const namespace = asString(workloadSelector.namespace) || namespaceOf(gateway);
    const labels = asStringMap(workloadSelector.labels);
    if (Object.keys(labels).length === 0) {
      skip(out, ref, {
        kind: "no-address",
        detail: "spec.workloadSelector.labels is empty, so no LoadBalancer Service can be told apart",
      });
      continue;
    }
    const targets = selectedServiceTargets(
      services,
      labels,
      `no LoadBalancer Service in namespace ${quote(namespace)} selects ${formatLabels(labels)}`,
      namespace,
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
 * Collect `spec.{http,tls,tcp}[].hostname` into `hostnames`; false (recorded) when one of them has
 * the wrong type, since the object then cannot be read.
 */
function serverHostnames(
  out: SourceOutput,
  ref: SourceRef,
  spec: Record<string, unknown>,
  hostnames: string[],
  fields: [string, string][],
): boolean {
  for (const section of ["http", "tls", "tcp"] as const) {
    const servers = listAt(out, ref, `spec.${section}`, spec[section]);
    if (servers === undefined) return false;
    for (const [i, server] of servers.entries()) {
      const hostname = asRecord(server).hostname;
      if (hostname === undefined || hostname === null || hostname === "") continue;
      if (typeof hostname !== "string") {
        skipMalformed(out, ref, `spec.${section}[${i}].hostname`, hostname, "a hostname");
        return false;
      }
      hostnames.push(hostname);
      fields.push([hostname, `spec.${section}[${i}].hostname`]);
    }
  }
  return true;
}

/** Why a Tetrate gateway object is not read, or undefined when it is read or is no Tetrate gateway kind. */
function unsupportedKind(obj: KubeObject): string | undefined {
  if (isKind(obj, TETRATE_GROUP, "Gateway", VERSIONS)) return undefined;
  if (!UNSUPPORTED_KINDS[apiGroupOf(obj)]?.includes(obj.kind)) return undefined;
  return (
    `${quote(obj.apiVersion)} ${quote(obj.kind)} is not supported: route53-gslb reads Tetrate hostnames from ${SUPPORTED} ` +
    "only; publish them through such a Gateway, or annotate the gateway's LoadBalancer Service with " +
    "route53-gslb.io/hostnames"
  );
}
