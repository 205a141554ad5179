import { describe, expect, it } from "vitest";
import { buildGslbStatus, type GslbStatusInput } from "../../../src/report/gslb-status.js";
import { describeHealth, describeOwner, renderStatusText } from "../../../src/report/status-text.js";
import { resourceId } from "../../fixtures/planner.js";
import {
  bookinfoZone,
  DOMAIN,
  HTTPROUTE,
  reviewsLatencyCluster1,
  statusInput,
} from "../../fixtures/status.js";

function input(overrides: Partial<GslbStatusInput> = {}): GslbStatusInput {
  return statusInput(
    new Map([
      ["hc-primary", { ok: true, statuses: ["Success: HTTP Status Code 200, OK", "Failure: timed out"] }],
      ["hc-secondary", { ok: false, error: "GetHealthCheckStatus failed: AccessDenied: not allowed" }],
    ]),
    overrides,
  );
}

describe("renderStatusText", () => {
  it("groups names by zone, one line per member with its owner and health", () => {
    const text = renderStatusText(
      buildGslbStatus(input({ hostnames: [`ratings.${DOMAIN}`, `bookinfo.${DOMAIN}`, `docs.${DOMAIN}`] })),
    );
    expect(text).toBe(
      [
        "route53-gslb status (from Route 53)",
        "",
        "Zone tse.tetratelabs.io (Z0EXAMPLEBOOKINFO):",
        "  bookinfo.tse.tetratelabs.io: 3 members, 0 healthy",
        "    A weighted set=cluster-1 weight=50 -> alias k8s-bookinfo-1.eu-west-2.elb.amazonaws.com (zone ZHURV8PSTC4K8, evaluate-target-health)",
        "      owner cluster-1 (gateway.networking.k8s.io/HTTPRoute bookinfo/bookinfo), health -",
        "    A weighted set=cluster-2 weight=50 -> alias k8s-bookinfo-2.eu-west-1.elb.amazonaws.com (zone ZHURV8PSTC4K8, evaluate-target-health)",
        "      owner cluster-2 (gateway.networking.k8s.io/HTTPRoute bookinfo/bookinfo), health -",
        "    A weighted set=maintenance weight=0 -> 203.0.113.10 ttl=60",
        "      owner -, health -",
        "  ratings.tse.tetratelabs.io: 3 members, 2 healthy",
        "    A failover set=cluster-1 PRIMARY -> alias k8s-ratings-1.elb.eu-west-2.amazonaws.com (zone ZHURV8PSTC4K8, evaluate-target-health) health-check=hc-primary",
        "      owner cluster-1 (gateway.tsb.tetrate.io/Gateway bookinfo/ratings-gateway), health healthy (1 of 2 checkers report success)",
        "    A failover set=cluster-2 SECONDARY -> alias k8s-ratings-2.elb.eu-west-1.amazonaws.com (zone ZHURV8PSTC4K8, evaluate-target-health) health-check=hc-secondary",
        "      owner cluster-2 (gateway.tsb.tetrate.io/Gateway bookinfo/ratings-gateway), health unknown (GetHealthCheckStatus failed: AccessDenied: not allowed)",
        "    AAAA failover set=cluster-1 PRIMARY -> alias k8s-ratings-1.elb.eu-west-2.amazonaws.com (zone ZHURV8PSTC4K8, evaluate-target-health) health-check=hc-primary",
        "      owner cluster-1 (gateway.tsb.tetrate.io/Gateway bookinfo/ratings-gateway), health healthy (1 of 2 checkers report success)",
        "",
        "Not found (no route53-gslb ownership record for these names in the zones the filters allow):",
        "  * docs.tse.tetratelabs.io",
        "",
        "2 managed names, 6 members, 2 healthy.",
        "",
      ].join("\n"),
    );
  });

  it("lists warnings, and says so when there is no managed name", () => {
    const zone = bookinfoZone();
    zone.records = zone.records.filter((r) => r !== reviewsLatencyCluster1);
    const text = renderStatusText(
      buildGslbStatus(input({ zones: [zone], hostnames: [`reviews.${DOMAIN}`] })),
    );
    expect(text).toContain("  reviews.tse.tetratelabs.io: 0 members, 0 healthy\n");
    expect(text).toContain(
      "\nWarnings:\n  ! the ownership record _gslb-a.reviews.tse.tetratelabs.io of cluster-1 guards reviews.tse.tetratelabs.io A set=cluster-1, which does not exist",
    );
    expect(renderStatusText(buildGslbStatus(input({ zones: [] })))).toBe(
      "route53-gslb status (from Route 53)\n\nNo managed names.\n",
    );
  });

  it("spells owners and health as documented", () => {
    expect(describeOwner(undefined)).toBe("-");
    expect(describeOwner({ id: "cluster-1", drained: false })).toBe("cluster-1");
    expect(describeOwner({ id: "cluster-1", resource: HTTPROUTE, drained: true })).toBe(
      "cluster-1 (gateway.networking.k8s.io/HTTPRoute bookinfo/bookinfo), drained",
    );
    expect(describeOwner({ id: "cluster-1", resource: HTTPROUTE, drained: false })).toBe(
      "cluster-1 (gateway.networking.k8s.io/HTTPRoute bookinfo/bookinfo)",
    );
    expect(
      describeOwner({ id: "cluster-1", drained: false, wants: { kind: "failover", role: "PRIMARY" } }),
    ).toBe("cluster-1, wants failover PRIMARY");
    expect(
      describeOwner({ id: "c1", resource: resourceId("core/Service/default/web"), drained: false }),
    ).toBe("c1 (Service default/web)");
    expect(describeHealth({ status: "none" })).toBe("-");
    expect(describeHealth({ status: "unhealthy", checkers: 16, reportingSuccess: 2 })).toBe(
      "unhealthy (2 of 16 checkers report success)",
    );
    expect(describeHealth({ status: "unknown", reason: "no checker has reported yet" })).toBe(
      "unknown (no checker has reported yet)",
    );
  });
});
