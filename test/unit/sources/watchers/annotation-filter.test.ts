import { describe, expect, it } from "vitest";
import {
  matchesSelector,
  parseSelector,
  type Selector,
} from "../../../../src/sources/watchers/annotation-filter.js";

function selector(text: string): Selector {
  const parsed = parseSelector(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

const matches = (text: string, map: Record<string, string>) => matchesSelector(selector(text), map);

describe("parseSelector", () => {
  it("reads every operator of the label-selector syntax", () => {
    expect(selector("a=1, b==2,c!=3, d in (x, y), e notin (z), f, !g, h>5, i<-1").requirements).toEqual([
      { key: "a", op: "in", values: ["1"] },
      { key: "b", op: "in", values: ["2"] },
      { key: "c", op: "notin", values: ["3"] },
      { key: "d", op: "in", values: ["x", "y"] },
      { key: "e", op: "notin", values: ["z"] },
      { key: "f", op: "exists" },
      { key: "g", op: "absent" },
      { key: "h", op: "gt", value: 5 },
      { key: "i", op: "lt", value: -1 },
    ]);
  });

  it("accepts prefixed keys and empty values", () => {
    expect(
      selector("route53-gslb.io/publish=true,external-dns.alpha.kubernetes.io/hostname=").requirements,
    ).toEqual([
      { key: "route53-gslb.io/publish", op: "in", values: ["true"] },
      { key: "external-dns.alpha.kubernetes.io/hostname", op: "in", values: [""] },
    ]);
  });

  it("gives an empty selector for empty or blank text", () => {
    expect(selector("").requirements).toEqual([]);
    expect(selector("  ").requirements).toEqual([]);
  });

  it.each([
    ["a=1,,b=2", "empty requirement"],
    ["a in ()", "at least one value"],
    ["a in (x y)", "not a valid value"],
    ["a=has space", "not a valid value"],
    ["Bad_Prefix/x=1", "not a valid key prefix"],
    ["-a=1", "not a valid key"],
    ["a>b", "needs an integer"],
    ["a b", "cannot parse"],
    ["a in x", "cannot parse"],
  ])("rejects %s", (text, reason) => {
    const parsed = parseSelector(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toContain(reason);
  });
});

describe("matchesSelector", () => {
  const annotations = { "route53-gslb.io/publish": "true", team: "a", weight: "50" };

  it("matches everything with an empty selector", () => {
    expect(matches("", {})).toBe(true);
  });

  it("needs every requirement", () => {
    expect(matches("route53-gslb.io/publish=true,team in (a,b)", annotations)).toBe(true);
    expect(matches("route53-gslb.io/publish=true,team in (b,c)", annotations)).toBe(false);
  });

  it("treats a missing key as Kubernetes does", () => {
    expect(matches("missing!=x", annotations)).toBe(true);
    expect(matches("missing notin (x)", annotations)).toBe(true);
    expect(matches("missing=x", annotations)).toBe(false);
    expect(matches("missing in (x)", annotations)).toBe(false);
    expect(matches("!missing", annotations)).toBe(true);
    expect(matches("team", annotations)).toBe(true);
    expect(matches("!team", annotations)).toBe(false);
  });

  it("compares integers with > and <, and never a non-integer value", () => {
    expect(matches("weight>10", annotations)).toBe(true);
    expect(matches("weight<10", annotations)).toBe(false);
    expect(matches("team>1", annotations)).toBe(false);
    expect(matches("missing<1", annotations)).toBe(false);
  });

  it("compares values exactly (case-sensitive)", () => {
    expect(matches("route53-gslb.io/publish=True", annotations)).toBe(false);
  });
});
