import { describe, expect, it } from "vitest";
import { buildGslbStatus, type GslbStatusInput } from "../../../src/report/gslb-status.js";
import { renderStatusJson, statusToJson } from "../../../src/report/status-json.js";
import { bookinfoZone, DOMAIN, otherZone, statusInput, ZONE_ID } from "../../fixtures/status.js";

function input(overrides: Partial<GslbStatusInput> = {}): GslbStatusInput {
  return statusInput(
    new Map([
      ["hc-primary", { ok: true, statuses: ["Success: HTTP Status Code 200, OK"] }],
      ["hc-secondary", { ok: true, statuses: [] }],
    ]),
    overrides,
  );
}

describe("renderStatusJson", () => {
  it("renders an empty view", () => {
    expect(JSON.parse(renderStatusJson(buildGslbStatus(input({ zones: [] }))))).toEqual({
      version: 1,
      names: [],
      unmatchedHostnames: [],
      warnings: [],
      summary: { names: 0, members: 0, healthy: 0 },
    });
  });

  it("keeps the documented key order at every level", () => {
    const json = statusToJson(buildGslbStatus(input()));
    expect(Object.keys(json)).toEqual(["version", "names", "unmatchedHostnames", "warnings", "summary"]);
    expect(Object.keys(json.names[0] ?? {})).toEqual(["zoneId", "zoneName", "name", "summary", "members"]);
    expect(Object.keys(json.names[0]?.members[0] ?? {})).toEqual([
      "type",
      "setIdentifier",
      "routingPolicy",
      "owner",
      "recordSet",
      "healthCheckId",
      "health",
    ]);
  });

  it("spells each member's record set as the AWS SDK does, with owner and health", () => {
    const json = statusToJson(
      buildGslbStatus(input({ hostnames: [`ratings.${DOMAIN}`, `bookinfo.${DOMAIN}`] })),
    );
    const [bookinfo, ratings] = json.names;
    expect(bookinfo).toMatchObject({
      zoneId: ZONE_ID,
      zoneName: DOMAIN,
      name: `bookinfo.${DOMAIN}`,
      summary: { members: 3, healthy: 0 },
    });
    expect(bookinfo?.members[0]).toEqual({
      type: "A",
      setIdentifier: "cluster-1",
      routingPolicy: "weighted",
      owner: {
        id: "cluster-1",
        resource: "gateway.networking.k8s.io/HTTPRoute/bookinfo/bookinfo",
        source: "gateway.networking.k8s.io/HTTPRoute bookinfo/bookinfo",
        drained: false,
      },
      recordSet: {
        Name: `bookinfo.${DOMAIN}`,
        Type: "A",
        SetIdentifier: "cluster-1",
        Weight: 50,
        AliasTarget: {
          HostedZoneId: "ZHURV8PSTC4K8",
          DNSName: "k8s-bookinfo-1.eu-west-2.elb.amazonaws.com.",
          EvaluateTargetHealth: true,
        },
      },
      healthCheckId: null,
      health: { status: "none" },
    });
    expect(bookinfo?.members[2]?.owner).toBeNull();
    expect(ratings?.members.map((m) => [m.recordSet.Failover, m.healthCheckId, m.health])).toEqual([
      ["PRIMARY", "hc-primary", { status: "healthy", checkers: 1, reportingSuccess: 1 }],
      ["SECONDARY", "hc-secondary", { status: "unknown", reason: "no checker has reported yet" }],
      ["PRIMARY", "hc-primary", { status: "healthy", checkers: 1, reportingSuccess: 1 }],
    ]);
    expect(json.summary).toEqual({ names: 2, members: 6, healthy: 2 });
  });

  it("gives the same bytes for the same view, with a trailing newline", () => {
    const a = renderStatusJson(buildGslbStatus(input()));
    const zones = [otherZone(), { ...bookinfoZone(), records: [...bookinfoZone().records].reverse() }];
    expect(renderStatusJson(buildGslbStatus(input({ zones })))).toBe(a);
    expect(a.endsWith("}\n")).toBe(true);
  });

  it("adds the wish of an owner that waits for a policy switch, with the keys ownership records use", () => {
    const status = buildGslbStatus(input({ hostnames: [`bookinfo.${DOMAIN}`] }));
    const [name] = status.names;
    const [first] = name?.members ?? [];
    if (!name || !first?.owner) throw new Error("fixture changed");
    const waiting = { ...first, owner: { ...first.owner, wants: { kind: "weighted" as const, weight: 7 } } };
    const json = statusToJson({ ...status, names: [{ ...name, members: [waiting] }] });
    expect(json.names[0]?.members[0]?.owner).toEqual({
      id: "cluster-1",
      resource: "gateway.networking.k8s.io/HTTPRoute/bookinfo/bookinfo",
      source: "gateway.networking.k8s.io/HTTPRoute bookinfo/bookinfo",
      drained: false,
      wants: { policy: "weighted", weight: 7 },
    });
  });
});
