import { weakMemo } from "../model/weak-memo.js";
import { ANNOTATION_PREFIX, HOSTNAME_ANNOTATION_KEYS } from "./annotation-keys.js";
import { annotationsOf, type KubeObject, sourceRefOf } from "./kube-object.js";
import {
  emptyOutput,
  gatewayServiceOf,
  hostnameFields,
  isLoadBalancerService,
  loadBalancerAddresses,
  publish,
  readAnnotations,
  type SourceOutput,
  skip,
} from "./publish.js";

const OWN_HOSTNAMES = `${ANNOTATION_PREFIX}hostnames`;

/*
 * Each Service's part, by object. A Service's endpoints depend on that object alone, and the
 * controller's informer cache keeps an object until the apiserver sends a new version of it (never
 * modified in place), so an event run reads only the Services that changed instead of all of them.
 */
const partOf = weakMemo((service: KubeObject): SourceOutput => {
  const part = emptyOutput();
  readService(part, service);
  // Kept for as long as the Service: copied to their length, since a list grown by push keeps room
  // for 16 more entries (a Service's one endpoint would hold 136 bytes of nothing, 2.6 MiB at 20,000).
  return { endpoints: part.endpoints.slice(), skipped: part.skipped.slice() };
});

/**
 * Endpoints of LoadBalancer Services that carry `route53-gslb.io/hostnames` (or external-dns's
 * `hostname`), pointing at `status.loadBalancer.ingress`. Other Services produce nothing: they are
 * only the targets of the gateway sources.
 */
export function serviceEndpoints(objects: KubeObject[]): SourceOutput {
  const out = emptyOutput();
  for (const service of objects) {
    if (service.apiVersion !== "v1" || service.kind !== "Service") continue;
    const part = partOf(service);
    out.endpoints.push(...part.endpoints);
    out.skipped.push(...part.skipped);
  }
  return out;
}

function readService(out: SourceOutput, service: KubeObject): void {
  const annotations = annotationsOf(service);
  if (!HOSTNAME_ANNOTATION_KEYS.some((k) => k in annotations)) return;
  const ref = sourceRefOf(service);
  if (!isLoadBalancerService(service)) {
    // external-dns publishes other Service types too; only our own key is worth a complaint.
    if (OWN_HOSTNAMES in annotations) {
      skip(out, ref, {
        kind: "not-supported",
        detail: `\`${OWN_HOSTNAMES}\` is read only on Services of type LoadBalancer`,
      });
    }
    return;
  }
  const parsed = readAnnotations(out, ref, annotations);
  if (!parsed) return;
  const targets = loadBalancerAddresses(service);
  if (targets.length === 0) {
    skip(out, ref, { kind: "no-address", detail: "no address in status.loadBalancer.ingress yet" });
    return;
  }
  // A gateway's own Service (Istio's `istio-ingressgateway`, say) published directly is its own
  // gateway Service: the health-check default looks at its ports as the gateway sources do.
  publish(out, ref, parsed.extraHostnames, targets, parsed.routing, {
    gatewayService: gatewayServiceOf([service]),
    fields: hostnameFields(parsed),
  });
}
