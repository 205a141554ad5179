import { ANNOTATION_PREFIX, HOSTNAME_ANNOTATION_KEYS } from "./annotation-keys.js";
import { annotationsOf, type KubeObject, sourceRefOf } from "./kube-object.js";
import {
  emptyOutput,
  gatewayServiceOf,
  isLoadBalancerService,
  loadBalancerAddresses,
  publish,
  readAnnotations,
  type SourceOutput,
  skip,
} from "./publish.js";

const OWN_HOSTNAMES = `${ANNOTATION_PREFIX}hostnames`;

/**
 * Endpoints of LoadBalancer Services that carry `route53-gslb.io/hostnames` (or external-dns's
 * `hostname`), pointing at `status.loadBalancer.ingress`. Other Services produce nothing: they are
 * only the targets of the gateway sources.
 */
export function serviceEndpoints(objects: KubeObject[]): SourceOutput {
  const out = emptyOutput();
  for (const service of objects) {
    if (service.apiVersion !== "v1" || service.kind !== "Service") continue;
    const annotations = annotationsOf(service);
    if (!HOSTNAME_ANNOTATION_KEYS.some((k) => k in annotations)) continue;
    const ref = sourceRefOf(service);
    if (!isLoadBalancerService(service)) {
      // external-dns publishes other Service types too; only our own key is worth a complaint.
      if (OWN_HOSTNAMES in annotations) {
        skip(out, ref, {
          kind: "not-supported",
          detail: `\`${OWN_HOSTNAMES}\` is read only on Services of type LoadBalancer`,
        });
      }
      continue;
    }
    const parsed = readAnnotations(out, ref, annotations);
    if (!parsed) continue;
    const targets = loadBalancerAddresses(service);
    if (targets.length === 0) {
      skip(out, ref, { kind: "no-address", detail: "no address in status.loadBalancer.ingress yet" });
      continue;
    }
    // A gateway's own Service (Istio's `istio-ingressgateway`, say) published directly is its own
    // gateway Service: the health-check default looks at its ports as the gateway sources do.
    publish(out, ref, parsed.extraHostnames, targets, parsed.routing, gatewayServiceOf([service]));
  }
  return out;
}
