import { describe, expect, it } from "vitest";
import { describeHealthCheckSpec } from "../../../src/report/describe.js";
import { renderPlanText } from "../../../src/report/plan-text.js";
import { httpsHealthCheck } from "../../fixtures/health-checks.js";
import { bookinfoWeighted50, change, emptyPlan, fullPlan, policySwitchPlan } from "../../fixtures/plans.js";

describe("renderPlanText", () => {
  it("says No changes. for an empty plan", () => {
    expect(renderPlanText(emptyPlan())).toBe(
      "route53-gslb plan for cluster cluster-1 (owner cluster-1)\n\nNo changes.\n",
    );
  });

  it("renders every section of a full plan, terraform style", () => {
    expect(renderPlanText(fullPlan())).toMatchInlineSnapshot(`
      "route53-gslb plan for cluster cluster-1 (owner cluster-1)

      Zone tse.tetratelabs.io (Z0EXAMPLEBOOKINFO):
        + bookinfo.tse.tetratelabs.io A weighted set=cluster-1 weight=50 -> alias k8s-istiosys-istioing-1a2b3c4d5e-0123456789abcdef.elb.eu-west-2.amazonaws.com (zone ZD4D7Y8KGAS4G, evaluate-target-health) [gateway.networking.k8s.io/HTTPRoute bookinfo/bookinfo]
        + _gslb-a.bookinfo.tse.tetratelabs.io TXT weighted set=cluster-1 weight=0 -> "heritage=route53-gslb,owner=cluster-1,set-identifier=cluster-1" ttl=300 (ownership) [gateway.networking.k8s.io/HTTPRoute bookinfo/bookinfo]
        ~ ratings.tse.tetratelabs.io A failover set=cluster-1 PRIMARY -> alias k8s-istiosys-istioing-1a2b3c4d5e-0123456789abcdef.elb.eu-west-2.amazonaws.com (zone ZD4D7Y8KGAS4G, evaluate-target-health) health-check=(new r53gslb-abc123) [gateway.tsb.tetrate.io/Gateway bookinfo/ratings-gateway]

      Zone example.org (Z0EXAMPLEOTHER):
        - reviews.example.org CNAME latency set=cluster-1 region=eu-west-2 -> reviews.internal.example.net. ttl=60

      Health checks:
        + for ratings.tse.tetratelabs.io: HTTPS https://k8s-istiosys-istioing-1a2b3c4d5e-0123456789abcdef.elb.eu-west-2.amazonaws.com:443/health every 30s, 3 failures (caller reference r53gslb-abc123)

      Health checks owned by cluster-1 after this plan: 1 of 200 (account quota).

      Skipped:
        * networking.istio.io/Gateway bookinfo/details-gateway: Expected \`route53-gslb.io/weight\` to be an integer from 0 to 255, got \`heavy\`
        * gateway.networking.k8s.io/HTTPRoute bookinfo/legacy (productpage.bookinfo.example.com): no hosted zone | allowed by --domain-filter

      Held back (not applied):
        - old.tse.tetratelabs.io A weighted set=cluster-1 weight=50 -> alias k8s-istiosys-istioing-1a2b3c4d5e-0123456789abcdef.elb.eu-west-2.amazonaws.com (zone ZD4D7Y8KGAS4G, evaluate-target-health) [gateway.networking.k8s.io/HTTPRoute bookinfo/bookinfo]
            in zone tse.tetratelabs.io (Z0EXAMPLEBOOKINFO): --policy upsert-only does not allow deletes

      Plan: 3 to create, 1 to update, 1 to delete, 2 skipped.
      "
    `);
  });

  it.each([
    ["CREATE", "  + bookinfo.tse.tetratelabs.io A "],
    ["UPSERT", "  ~ bookinfo.tse.tetratelabs.io A "],
    ["DELETE", "  - bookinfo.tse.tetratelabs.io A "],
  ] as const)("marks %s with terraform's symbol", (action, prefix) => {
    const text = renderPlanText({ ...emptyPlan(), changes: [change(bookinfoWeighted50, action)] });
    expect(text.split("\n").some((l) => l.startsWith(prefix))).toBe(true);
  });

  it("never colours its output", () => {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for ANSI escapes on purpose
    expect(renderPlanText(fullPlan())).not.toMatch(/\u001b\[/);
  });

  it("still lists skipped objects when nothing changes", () => {
    const plan = { ...fullPlan(), changes: [], healthChecks: [], heldBack: [] };
    const text = renderPlanText(plan);
    expect(text).toContain("Skipped:\n");
    expect(text.trimEnd().endsWith("No changes. 2 skipped.")).toBe(true);
  });
});

describe("describeHealthCheckSpec", () => {
  const spec = httpsHealthCheck({ fqdn: "lb.example.com" });
  it("says when a check is inverted, as drain leaves it", () => {
    expect(describeHealthCheckSpec(spec)).toBe(
      "HTTPS https://lb.example.com:443/healthz every 30s, 3 failures",
    );
    expect(describeHealthCheckSpec({ ...spec, inverted: true })).toBe(
      "HTTPS https://lb.example.com:443/healthz every 30s, 3 failures, inverted (drained)",
    );
  });
});

describe("renderPlanText: policy switches", () => {
  it("lists each switch with its state, and marks another owner's records a conversion rewrites", () => {
    const text = renderPlanText(policySwitchPlan());
    expect(text).toContain(
      "  - shop.tse.tetratelabs.io A failover set=cluster-2 SECONDARY -> alias k8s-istiosys-istioing-1a2b3c4d5e-0123456789abcdef.elb.eu-west-2.amazonaws.com (zone ZD4D7Y8KGAS4G, evaluate-target-health) [policy switch, for cluster-2]",
    );
    const section = text.slice(text.indexOf("Policy switches"), text.indexOf("Plan:"));
    expect(section.trim().split("\n").slice(1)).toEqual([
      "  ~ shop.tse.tetratelabs.io A: failover -> latency region=eu-west-2, converting every member in one request: cluster-1 (set cluster-1), cluster-2 (set cluster-2)",
      "  . cart.tse.tetratelabs.io A: failover -> weighted weight=10, waiting for cluster-2 (wants failover SECONDARY); this cluster's member stays as it is",
      "  ! pay.tse.tetratelabs.io A: weighted -> geolocation location=country=US,subdivision=CA, blocked: set legacy has no ownership record: a member nobody here owns; this cluster's member stays as it is",
    ]);
  });

  it("shows a waiting switch even when the plan has no changes", () => {
    const plan = { ...policySwitchPlan(), changes: [] };
    const text = renderPlanText(plan);
    expect(text).toContain("waiting for cluster-2");
    expect(text.trimEnd().endsWith("No changes.")).toBe(true);
  });
});
