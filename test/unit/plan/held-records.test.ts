import { describe, expect, it } from "vitest";
import type { Problem } from "../../../src/model/problem.js";
import type { Skipped, SourceRef } from "../../../src/model/source-ref.js";
import { HeldRecords } from "../../../src/plan/held-records.js";
import type { ResourceId } from "../../../src/plan/ownership.js";

/** A problem that only words itself: the hold rule depends on the skip's shape, not on its kind. */
const because = (detail: string): Problem => ({ kind: "unresolvable-target", detail });

const web: SourceRef = { group: "", kind: "Service", namespace: "default", name: "web" };
const api: ResourceId = { group: "", kind: "Service", namespace: "default", name: "api" };
const gw: ResourceId = {
  group: "gateway.networking.k8s.io",
  kind: "Gateway",
  namespace: "default",
  name: "web",
};

describe("HeldRecords", () => {
  // skip → (host, resource) asked → held?
  const table: [string, Skipped[], string, ResourceId | undefined, boolean][] = [
    [
      "opted out releases",
      [{ source: web, problem: { kind: "opted-out", key: "route53-gslb.io/enabled" } }],
      "a.example.com.",
      web,
      false,
    ],
    [
      "no hostname holds the object",
      [{ source: web, problem: because("bad annotation") }],
      "a.example.com.",
      web,
      true,
    ],
    [
      "…but not another object",
      [{ source: web, problem: because("bad annotation") }],
      "a.example.com.",
      api,
      false,
    ],
    [
      "…nor the same name of another kind",
      [{ source: web, problem: because("bad") }],
      "a.example.com.",
      gw,
      false,
    ],
    [
      "a hostname skip holds that host",
      [{ source: web, hostname: "b.example.com", problem: because("conflict") }],
      "b.example.com.",
      api,
      true,
    ],
    [
      "…not the object's other hosts",
      [{ source: web, hostname: "b.example.com", problem: because("conflict") }],
      "a.example.com.",
      web,
      false,
    ],
    [
      "holdsObject holds every host of the object",
      [{ source: web, hostname: "s3.example_com", problem: because("invalid hostname"), holdsObject: true }],
      "s3.example.com.",
      web,
      true,
    ],
    [
      "unreadable name holds every object of the kind in the namespace",
      [{ source: { ...web, name: "1234" }, problem: because("metadata"), unreadable: ["name"] }],
      "a.example.com.",
      api,
      true,
    ],
    [
      "…but not in another namespace",
      [{ source: { ...web, name: "1234" }, problem: because("metadata"), unreadable: ["name"] }],
      "a.example.com.",
      { ...api, namespace: "other" },
      false,
    ],
    [
      "unreadable namespace and name hold the whole kind",
      [
        {
          source: { ...web, namespace: "?", name: "?" },
          problem: because("metadata"),
          unreadable: ["namespace", "name"],
        },
      ],
      "a.example.com.",
      { ...api, namespace: "other" },
      true,
    ],
    [
      "an unknown object is held only by its host",
      [{ source: web, problem: because("bad") }],
      "a.example.com.",
      undefined,
      false,
    ],
  ];
  for (const [what, skipped, host, resource, held] of table) {
    it(what, () => {
      const reason = new HeldRecords(skipped).reasonFor(host, resource);
      expect(reason !== undefined).toBe(held);
      if (reason !== undefined) expect(reason).toMatch(/^held: Service [^ ]+ cannot be used \(/);
    });
  }

  it("names the first reason whatever the order of the skips (plans are deterministic)", () => {
    const skips: Skipped[] = [
      { source: web, problem: because("b reason") },
      { source: web, problem: because("a reason") },
    ];
    const one = new HeldRecords(skips).reasonFor("x.", web);
    const other = new HeldRecords([...skips].reverse()).reasonFor("x.", web);
    expect(one).toBe(other);
    expect(one).toBe("held: Service default/web cannot be used (a reason)");
  });

  it("holds a host the planner adds (a conflict found in a zone)", () => {
    const held = new HeldRecords([]);
    held.holdHost("c.example.com.", "Service default/web cannot be used (conflict)");
    expect(held.reasonFor("c.example.com.", undefined)).toBe(
      "held: Service default/web cannot be used (conflict)",
    );
  });
});
