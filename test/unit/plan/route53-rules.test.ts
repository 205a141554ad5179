import { describe, expect, it } from "vitest";
import type { RecordSet } from "../../../src/model/record-set.js";
import { memberRuleViolation } from "../../../src/plan/route53-rules.js";

describe("memberRuleViolation: geoproximity", () => {
  const member = (bias: number): RecordSet => ({
    name: "geo.example.com.",
    type: "A",
    policy: {
      kind: "geoproximity",
      setIdentifier: "c1",
      place: { kind: "region", region: "eu-west-1" },
      bias,
    },
    target: { kind: "values", values: ["192.0.2.1"], ttl: 60 },
  });
  it.each([
    [-99, undefined],
    [0, undefined],
    [99, undefined],
    [100, "geoproximity bias 100 is outside -99–99"],
    [-100, "geoproximity bias -100 is outside -99–99"],
    [1.5, "geoproximity bias 1.5 is outside -99–99"],
  ])("bias %s", (bias, violation) => {
    expect(memberRuleViolation(member(bias))).toBe(violation);
  });
});
