import { describe, expect, it } from "vitest";
import { pendingCallerReference } from "../../../src/model/changes.js";
import type { DesiredMembers } from "../../../src/plan/desired-records.js";
import { healthCheckSpec } from "../../../src/plan/health-planner.js";
import { memberHealth } from "../../../src/plan/member-health.js";
import { config, endpoint, handMade, zone } from "../../fixtures/planner.js";

const spec = healthCheckSpec({}, "a.example.com.");
const claim = (healthCheck: DesiredMembers["healthCheck"]): DesiredMembers => ({
  endpoint: endpoint("a.example.com"),
  zone: zone(),
  records: [
    { ...handMade("a.example.com"), policy: { kind: "weighted", setIdentifier: "cluster-1", weight: 1 } },
  ],
  healthCheck,
});

describe("memberHealth", () => {
  it("none: no id, nothing to do", () => {
    expect(memberHealth(claim({ kind: "none" }), config(), new Map(), new Map())).toEqual({
      changes: [],
      kept: [],
    });
  });
  it("an existing id is used as given", () => {
    expect(memberHealth(claim({ kind: "existing", id: "abc" }), config(), new Map(), new Map())).toEqual({
      id: "abc",
      changes: [],
      kept: [],
    });
  });
  it("managed, none yet: a CREATE and a pending id naming its caller reference", () => {
    const out = memberHealth(claim({ kind: "managed", spec }), config(), new Map(), new Map());
    expect(out.changes.map((c) => c.action)).toEqual(["CREATE"]);
    expect(pendingCallerReference(out.id ?? "")).toBe(out.changes[0]?.callerReference);
  });
  it("create-only keeps the check an existing member already has", () => {
    const member = { ...(claim({ kind: "none" }).records[0] ?? handMade("x")), healthCheckId: "hc-old" };
    const owned = new Map([["a.example.com.|A|cluster-1", member]]);
    const out = memberHealth(
      claim({ kind: "managed", spec }),
      config({ policy: "create-only" }),
      owned,
      new Map(),
    );
    expect(out).toEqual({ id: "hc-old", changes: [], kept: ["hc-old"] });
  });
});
