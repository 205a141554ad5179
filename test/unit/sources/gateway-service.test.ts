import { describe, expect, it } from "vitest";
import type { GatewayService } from "../../../src/model/gateway-service.js";
import type { KubeObject } from "../../../src/sources/kube-object.js";
import { endpointsFromObjects } from "../../../src/sources/source.js";
import { slimObject } from "../../../src/sources/watchers/slim-object.js";
import { ELB, gateway, httpRoute, istioGateway, lbService, listener, tetrateGateway } from "./objects.js";

/** A LoadBalancer Service with these ports, as Istio's gateway Service has them. */
function withPorts(service: KubeObject, ports: Record<string, unknown>[]): KubeObject {
  return { ...service, spec: { ...(service.spec as Record<string, unknown>), ports } };
}

const HTTPS = { name: "https", port: 443, targetPort: 8443, protocol: "TCP" };
const STATUS = { name: "status-port", port: 15021, targetPort: 15021, protocol: "TCP" };

const istioSvc = (ports: Record<string, unknown>[]) =>
  withPorts(
    lbService({ name: "istio-ingressgateway", namespace: "istio-system" }, { istio: "ingressgateway" }, [
      { hostname: ELB },
    ]),
    ports,
  );
const tsbSvc = (ports: Record<string, unknown>[]) =>
  withPorts(lbService({ name: "edgegw", namespace: "edge" }, { app: "edgegw" }, [{ hostname: ELB }]), ports);
// Istio's Gateway API implementation provisions `<gateway>-<class>` and reports its address.
const gwApiSvc = (ports: Record<string, unknown>[]) =>
  withPorts(
    lbService(
      { name: "gw-istio", namespace: "default" },
      { "gateway.networking.k8s.io/gateway-name": "gw" },
      [{ hostname: ELB }],
    ),
    ports,
  );

const istioGw = istioGateway({ name: "shop", namespace: "shop" }, { istio: "ingressgateway" }, [
  ["shop.example.com"],
]);
const tsbGw = tetrateGateway(
  { name: "edge", namespace: "edge" },
  { workloadSelector: { labels: { app: "edgegw" } }, http: [{ hostname: "shop.example.com" }] },
);
const gwApi = gateway(
  { name: "gw" },
  [listener("https", "shop.example.com")],
  [{ type: "Hostname", value: ELB }],
);
const gwApiRouted = gateway({ name: "gw" }, [listener("https")], [{ type: "Hostname", value: ELB }]);
const route = httpRoute({ name: "shop" }, ["shop.example.com"], [{ name: "gw" }]);
const selfPublished = (ports: Record<string, unknown>[]) => {
  const svc = istioSvc(ports);
  return {
    ...svc,
    metadata: { ...svc.metadata, annotations: { "route53-gslb.io/hostnames": "shop.example.com" } },
  };
};

function gatewayServices(objects: KubeObject[]): (GatewayService | undefined)[] {
  const out = endpointsFromObjects(objects);
  expect(out.skipped).toEqual([]);
  return out.endpoints.map((e) => e.gatewayService);
}

describe("sources: the gateway Service and its status port (health-check default)", () => {
  const withStatus = (names: string[]): GatewayService => ({ names, statusPort: true });
  const without = (names: string[]): GatewayService => ({ names, statusPort: false });
  const cases: [string, KubeObject[], (GatewayService | undefined)[]][] = [
    [
      "Istio Gateway, Service exposes 15021",
      [istioGw, istioSvc([HTTPS, STATUS])],
      [withStatus(["istio-system/istio-ingressgateway"])],
    ],
    [
      "Istio Gateway, Service without 15021",
      [istioGw, istioSvc([HTTPS])],
      [without(["istio-system/istio-ingressgateway"])],
    ],
    // 15021 as the pod's targetPort only: the load balancer does not listen on it.
    [
      "Istio Gateway, 15021 only as a targetPort",
      [istioGw, istioSvc([{ port: 9000, targetPort: 15021 }])],
      [without(["istio-system/istio-ingressgateway"])],
    ],
    [
      "Tetrate Gateway, Service exposes 15021",
      [tsbGw, tsbSvc([HTTPS, STATUS])],
      [withStatus(["edge/edgegw"])],
    ],
    ["Tetrate Gateway, Service without 15021", [tsbGw, tsbSvc([HTTPS])], [without(["edge/edgegw"])]],
    [
      "Gateway API Gateway, its Service (found by address) exposes 15021",
      [gwApi, gwApiSvc([HTTPS, STATUS])],
      [withStatus(["default/gw-istio"])],
    ],
    [
      "Gateway API HTTPRoute, its parent's Service exposes 15021",
      [gwApiRouted, route, gwApiSvc([HTTPS, STATUS])],
      [withStatus(["default/gw-istio"])],
    ],
    ["Gateway API Gateway, no Service with its address", [gwApi], [undefined]],
    [
      "Gateway API Gateway, Service without 15021",
      [gwApi, gwApiSvc([HTTPS])],
      [without(["default/gw-istio"])],
    ],
    [
      "a gateway's own Service publishing for itself",
      [selfPublished([HTTPS, STATUS])],
      [withStatus(["istio-system/istio-ingressgateway"])],
    ],
  ];

  it.each(cases)("%s", (_name, objects, expected) => {
    expect(gatewayServices(objects)).toEqual(expected);
  });

  it.each(cases)("%s: the same through the controller's slimmed objects", (_name, objects, expected) => {
    expect(gatewayServices(objects.map(slimObject))).toEqual(expected);
  });

  it("an Istio Gateway selected by two Services: the status port only when both expose it", () => {
    const second = withPorts(
      lbService({ name: "ingress-b", namespace: "istio-system" }, { istio: "ingressgateway" }, [
        { hostname: ELB },
      ]),
      [HTTPS],
    );
    expect(gatewayServices([istioGw, istioSvc([HTTPS, STATUS]), second])).toEqual([
      without(["istio-system/ingress-b", "istio-system/istio-ingressgateway"]),
    ]);
  });
});
