import { describe, expect, it } from "vitest";
import { problemMessage as msgOf, type Problem } from "../../../src/model/problem.js";
import { formatSourceRef } from "../../../src/model/source-ref.js";
import { istioGatewayEndpoints, istioHostname } from "../../../src/sources/istio-gateway.js";
import type { KubeObject } from "../../../src/sources/kube-object.js";
import { ELB, istioGateway, lbService } from "./objects.js";

/** A skip's or conflict's problem as plan output words it. */
const msg = (s: { problem: Problem } | undefined): string => (s ? msgOf(s.problem) : "");

const G = "networking.istio.io/Gateway";
const ingress = lbService(
  { name: "istio-ingressgateway", namespace: "istio-system" },
  { app: "istio-ingressgateway", istio: "ingressgateway" },
  [{ hostname: ELB }],
);

function summary(objects: KubeObject[]) {
  const out = istioGatewayEndpoints(objects);
  return {
    endpoints: out.endpoints.map(
      (e) => `${formatSourceRef(e.source)} ${e.hostname} -> ${e.targets.join(",")}`,
    ),
    skipped: out.skipped.map((s) => `${formatSourceRef(s.source)} | ${s.hostname ?? "-"} | ${msg(s)}`),
  };
}

describe("istioHostname", () => {
  const table: [string, string | undefined][] = [
    ["app.example.com", "app.example.com"],
    ["bookinfo/app.example.com", "app.example.com"],
    ["./app.example.com", "app.example.com"],
    ["*/app.example.com", "app.example.com"],
    ["*.example.com", "*.example.com"],
    ["ns/*.example.com", "*.example.com"],
    ["*", undefined],
    ["*/*", undefined],
    ["bookinfo/*", undefined],
  ];
  it.each(table)("%s -> %s", (entry, expected) => expect(istioHostname(entry)).toBe(expected));
});

describe("istioGatewayEndpoints", () => {
  it("an invalid server host names its place in spec.servers", () => {
    const gw = istioGateway({}, { istio: "ingressgateway" }, [
      ["a.example.com"],
      ["bookinfo/bad_name.example.com"],
    ]);
    expect(summary([gw, ingress]).skipped).toEqual([
      expect.stringMatching(
        /\| bad_name\.example\.com \| invalid hostname in spec\.servers\[1\]\.hosts\[0\]: /,
      ),
    ]);
  });

  it("publishes server hosts in every form at the LoadBalancer Service that selects the gateway pods", () => {
    const gw = istioGateway({ name: "bookinfo-gw", namespace: "bookinfo" }, { istio: "ingressgateway" }, [
      ["bookinfo/bookinfo.example.com", "./reviews.example.com"],
      ["*.apps.example.com", "*/ratings.example.com", "*", "*/*"],
    ]);
    expect(summary([gw, ingress])).toEqual({
      endpoints: [
        `${G} bookinfo/bookinfo-gw bookinfo.example.com. -> ${ELB}`,
        `${G} bookinfo/bookinfo-gw reviews.example.com. -> ${ELB}`,
        `${G} bookinfo/bookinfo-gw *.apps.example.com. -> ${ELB}`,
        `${G} bookinfo/bookinfo-gw ratings.example.com. -> ${ELB}`,
      ],
      skipped: [
        `${G} bookinfo/bookinfo-gw | * | a host that matches every name cannot be published`,
        `${G} bookinfo/bookinfo-gw | */* | a host that matches every name cannot be published`,
      ],
    });
  });

  it.each(["networking.istio.io/v1", "networking.istio.io/v1beta1", "networking.istio.io/v1alpha3"])(
    "reads %s",
    (apiVersion) => {
      const gw = istioGateway({}, { istio: "ingressgateway" }, [["a.example.com"]], apiVersion);
      expect(summary([gw, ingress]).endpoints).toEqual([`${G} default/istio-gw a.example.com. -> ${ELB}`]);
    },
  );

  it("ignores a Gateway API Gateway and Services that are not LoadBalancers or do not match", () => {
    const gw = istioGateway({}, { istio: "ingressgateway" }, [["a.example.com"]]);
    const clusterIp = lbService(
      { name: "cip" },
      { istio: "ingressgateway" },
      [{ ip: "192.0.2.99" }],
      "ClusterIP",
    );
    const other = lbService({ name: "other" }, { istio: "eastwestgateway" }, [{ ip: "192.0.2.98" }]);
    const ipv4 = lbService({ name: "v4", namespace: "edge" }, { istio: "ingressgateway", extra: "x" }, [
      { ip: "192.0.2.5" },
    ]);
    expect(summary([gw, clusterIp, other, ipv4, ingress]).endpoints).toEqual([
      `${G} default/istio-gw a.example.com. -> 192.0.2.5,${ELB}`,
    ]);
  });

  it("skips with a reason when no Service matches, it has no address, or the selector is empty", () => {
    const gw = istioGateway({}, { istio: "ingressgateway" }, [["a.example.com"]]);
    expect(summary([gw]).skipped).toEqual([
      `${G} default/istio-gw | - | no LoadBalancer Service selects the gateway pods (istio=ingressgateway)`,
    ]);
    const pending = lbService({ name: "ing", namespace: "istio-system" }, { istio: "ingressgateway" }, []);
    expect(summary([gw, pending]).skipped).toEqual([
      `${G} default/istio-gw | - | LoadBalancer Service istio-system/ing has no address in status.loadBalancer.ingress yet`,
    ]);
    expect(summary([istioGateway({}, undefined, [["a.example.com"]]), ingress]).skipped).toEqual([
      `${G} default/istio-gw | - | spec.selector is empty, so no LoadBalancer Service can be told apart as its target`,
    ]);
  });

  it("reads the Gateway's annotations", () => {
    const gw = istioGateway(
      { annotations: { "route53-gslb.io/routing-policy": "latency" } },
      { istio: "ingressgateway" },
      [["a.example.com"]],
    );
    expect(istioGatewayEndpoints([gw, ingress]).endpoints[0]?.routing).toEqual({
      policy: "latency",
      healthCheckSettings: {},
    });
  });
});
