import { describe, expect, it } from "vitest";
import type { HealthCheckBasis } from "../../../src/model/health-check-basis.js";
import { planChanges } from "../../../src/plan/planner.js";
import { describeHealthCheckBasis } from "../../../src/report/describe.js";
import { planToJson } from "../../../src/report/plan-json.js";
import { renderPlanMarkdown } from "../../../src/report/plan-markdown.js";
import { renderPlanText } from "../../../src/report/plan-text.js";
import { endpointsFromObjects } from "../../../src/sources/source.js";
import { config, lbCluster1, soa, state, zone } from "../../fixtures/planner.js";

describe("describeHealthCheckBasis", () => {
  const cases: [HealthCheckBasis, string][] = [
    [
      { kind: "gateway-readiness", services: ["istio-system/istio-ingressgateway"], port: 15021 },
      "gateway readiness: Service istio-system/istio-ingressgateway exposes status port 15021",
    ],
    [
      { kind: "traffic-port", why: "no-status-port", services: ["default/web"] },
      "traffic port default: Service default/web exposes no status port 15021",
    ],
    [
      { kind: "traffic-port", why: "no-status-port", services: ["a/x", "a/y"] },
      "traffic port default: Services a/x, a/y do not all expose status port 15021",
    ],
    [
      { kind: "traffic-port", why: "no-gateway-service", ipAddress: true },
      "traffic port default: no gateway LoadBalancer Service known for the object, IPAddress check on the target's IP",
    ],
    [
      { kind: "traffic-port", why: "target-annotation" },
      "traffic port default: route53-gslb.io/target replaces the gateway Service's addresses",
    ],
    [
      { kind: "annotations", keys: ["port", "path"] },
      "annotations route53-gslb.io/health-check-port, route53-gslb.io/health-check-path",
    ],
  ];
  it.each(cases)("%j", (basis, words) => expect(describeHealthCheckBasis(basis)).toBe(words));
});

describe("plan output says which health-check default was chosen and why", () => {
  // An Istio gateway's Service, published for itself as a failover PRIMARY (health-check `auto`).
  const service = {
    apiVersion: "v1",
    kind: "Service",
    metadata: {
      name: "istio-ingressgateway",
      namespace: "istio-system",
      uid: "u-1",
      annotations: {
        "route53-gslb.io/hostnames": "shop.example.com",
        "route53-gslb.io/routing-policy": "failover",
        "route53-gslb.io/failover": "primary",
      },
    },
    spec: {
      type: "LoadBalancer",
      selector: { istio: "ingressgateway" },
      ports: [
        { name: "status-port", port: 15021, targetPort: 15021 },
        { name: "https", port: 443, targetPort: 8443 },
      ],
    },
    status: { loadBalancer: { ingress: [{ hostname: lbCluster1.dnsName }] } },
  };
  const { endpoints, skipped } = endpointsFromObjects([service]);
  const plan = planChanges({ config: config(), endpoints, skipped, state: state([zone([soa])]) });
  const words = "gateway readiness: Service istio-system/istio-ingressgateway exposes status port 15021";

  it("text", () => {
    const line = renderPlanText(plan)
      .split("\n")
      .find((l) => l.includes("for shop.example.com:"));
    expect(line).toContain(`HTTP http://${lbCluster1.dnsName}:15021/healthz/ready every 30s, 3 failures`);
    expect(line).toMatch(new RegExp(`\\); ${words}$`));
  });

  it("markdown", () => {
    expect(renderPlanMarkdown(plan)).toContain(`/healthz/ready every 30s, 3 failures (${words})`);
  });

  it("JSON", () => {
    expect(planToJson(plan).healthChecks).toEqual([
      expect.objectContaining({
        action: "CREATE",
        config: expect.objectContaining({ Type: "HTTP", Port: 15021, ResourcePath: "/healthz/ready" }),
        basis: { kind: "gateway-readiness", ipAddress: false, text: words },
      }),
    ]);
  });
});
