import { describe, expect, it } from "vitest";
import type { OwnershipConflict, Plan } from "../../../src/model/changes.js";
import type { Problem } from "../../../src/model/problem.js";
import {
  STRICT_FINDING_KINDS,
  type StrictFindingKind,
  strictSummary,
  strictVerdict,
} from "../../../src/report/strict-verdict.js";
import {
  bookinfoWeighted50,
  change,
  EVERY_PROBLEM,
  emptyPlan,
  fullPlan,
  ZONE,
} from "../../fixtures/plans.js";

const SOURCE = { group: "networking.istio.io", kind: "Gateway", namespace: "shop", name: "web" };

function planSkipping(problem: Problem, hostname?: string): Plan {
  return {
    ...emptyPlan(),
    skipped: [{ source: SOURCE, problem, ...(hostname ? { hostname } : {}) }],
  };
}

describe("strictVerdict", () => {
  // Every problem kind a skip can carry: counted (its own kind) or not (the user's wish, the cluster's state).
  const notCounted = new Set(["opted-out", "no-address"]);
  it.each(EVERY_PROBLEM.map(([p]) => [p.kind, p] as const))("a skip of kind %s", (kind, problem) => {
    const verdict = strictVerdict(planSkipping(problem, "web.example.com"));
    if (notCounted.has(kind)) expect(verdict.findings).toEqual([]);
    else
      expect(verdict.findings).toEqual([
        {
          kind,
          text: expect.stringMatching(/^networking\.istio\.io\/Gateway shop\/web \(web\.example\.com\): ./),
        },
      ]);
  });

  it("counts ownership conflicts by their problem kind", () => {
    const problem: OwnershipConflict["problem"] = {
      kind: "contested",
      host: "app.tse.tetratelabs.io.",
      type: "A",
      setIdentifier: "c1",
      claims: [
        { record: "_gslb-a.app.tse.tetratelabs.io.", owner: "c1" },
        { record: "_gslb-a.app.tse.tetratelabs.io.", owner: "c2" },
      ],
    };
    const plan: Plan = {
      ...emptyPlan(),
      conflicts: [
        {
          ...ZONE,
          name: "app.tse.tetratelabs.io.",
          type: "A",
          setIdentifier: "c1",
          claims: problem.claims,
          problem,
        },
      ],
    };
    expect(strictVerdict(plan).findings).toEqual([
      { kind: "contested", text: expect.stringMatching(/^in zone tse\.tetratelabs\.io: contested: /) },
    ]);
  });

  it.each([
    ["deletion-budget", 1],
    ["policy", 0],
    ["unreadable-object", 0], // always reported through the skip that holds it, never twice
  ] as const)("a change held back for %s counts %d times", (kind, n) => {
    const plan: Plan = {
      ...emptyPlan(),
      heldBack: [{ change: change(bookinfoWeighted50, "DELETE"), kind, reason: "why" }],
    };
    const findings = strictVerdict(plan).findings;
    expect(findings).toHaveLength(n);
    if (n > 0)
      expect(findings[0]).toEqual({
        kind,
        text: expect.stringMatching(/^bookinfo\.tse\.tetratelabs\.io A .*: why$/),
      });
  });

  it("adds the caller's findings (manifest warnings) and drops ignored kinds", () => {
    const extra = [{ kind: "not-a-kubernetes-object" as const, text: "x.yaml:1: document 1 is a list" }];
    const plan = fullPlan(); // one invalid-annotation and one no-zone skip, a policy hold
    expect(strictVerdict(plan, extra).findings.map((f) => f.kind)).toEqual([
      "invalid-annotation",
      "no-zone",
      "not-a-kubernetes-object",
    ]);
    const ignore = new Set<StrictFindingKind>(["no-zone", "not-a-kubernetes-object"]);
    expect(strictVerdict(plan, extra, ignore).findings.map((f) => f.kind)).toEqual(["invalid-annotation"]);
  });

  it("finds nothing in an empty plan", () => {
    expect(strictVerdict(emptyPlan())).toEqual({ findings: [] });
  });

  it("lists every counted kind once, the skip kinds first, without the two that never count", () => {
    expect(new Set(STRICT_FINDING_KINDS).size).toBe(STRICT_FINDING_KINDS.length);
    expect(STRICT_FINDING_KINDS).not.toContain("opted-out");
    expect(STRICT_FINDING_KINDS).not.toContain("no-address");
    expect(STRICT_FINDING_KINDS.slice(-2)).toEqual(["deletion-budget", "not-a-kubernetes-object"]);
  });
});

describe("strictSummary", () => {
  it("counts by kind, in the documented order of kinds", () => {
    const verdict = {
      findings: [
        { kind: "no-zone" as const, text: "a" },
        { kind: "invalid-annotation" as const, text: "b" },
        { kind: "no-zone" as const, text: "c" },
      ],
    };
    expect(strictSummary(verdict)).toBe(
      "3 problems fail this plan under --strict: 1 invalid-annotation, 2 no-zone",
    );
    expect(strictSummary({ findings: [{ kind: "contested", text: "" }] })).toBe(
      "1 problem fails this plan under --strict: 1 contested",
    );
  });
});
