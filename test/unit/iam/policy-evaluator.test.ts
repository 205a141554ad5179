import { describe, expect, it } from "vitest";
import { type EvaluatedPolicy, evaluate, globMatches } from "../../fixtures/iam-policy-evaluator.js";

// The evaluator is what the call-log tests trust for resources and conditions (moto checks actions
// only), so its rules are pinned here against the IAM User Guide's own examples and edge cases.

const ZONE = "arn:aws:route53:::hostedzone/Z1";
const NAMES = "route53:ChangeResourceRecordSetsNormalizedRecordNames";
const TYPES = "route53:ChangeResourceRecordSetsRecordTypes";

const policy = (...Statement: EvaluatedPolicy["Statement"][]): EvaluatedPolicy => ({
  Statement: Statement.flat(),
});
const changeIn = (names: string[], types = ["A"]) => ({
  action: "route53:ChangeResourceRecordSets",
  resources: [ZONE],
  context: { [NAMES]: names, [TYPES]: types },
});
const allowChanges = {
  Sid: "Change",
  Effect: "Allow",
  Action: ["route53:ChangeResourceRecordSets"],
  Resource: [ZONE],
  Condition: {
    "ForAllValues:StringLike": { [NAMES]: ["example.com", "*.example.com"] },
    "ForAllValues:StringEquals": { [TYPES]: ["A", "TXT"] },
  },
};

describe("globMatches", () => {
  it.each([
    ["*.example.com", "\\052.example.com", true],
    ["*.example.com", "_gslb-a.web.example.com", true],
    ["*.example.com", "example.com", false],
    ["*.example.com", "badexample.com", false],
    ["arn:aws:route53:::healthcheck/*", "arn:aws:route53:::healthcheck/abc", true],
    ["arn:aws:route53:::hostedzone/Z?", "arn:aws:route53:::hostedzone/Z1", true],
    ["arn:aws:route53:::hostedzone/Z?", "arn:aws:route53:::hostedzone/Z12", false],
    ["a.b", "axb", false],
    ["*", "*", true],
    ["arn:aws:route53:::*", "*", false],
  ])("%s ~ %s: %s", (pattern, value, expected) => {
    expect(globMatches(pattern, value)).toBe(expected);
  });
});

describe("evaluate", () => {
  it("allows a change whose every name and type the conditions allow", () => {
    expect(
      evaluate(policy(allowChanges), changeIn(["web.example.com", "_gslb-a.web.example.com"], ["A", "TXT"])),
    ).toEqual({ allowed: true, by: ["Change"] });
  });

  it("ForAllValues: one name outside the patterns fails the whole request", () => {
    expect(evaluate(policy(allowChanges), changeIn(["web.example.com", "web.example.org"]))).toMatchObject({
      allowed: false,
      reason: "no statement allows it",
    });
  });

  it("ForAllValues: one record type outside the list fails it too; every operator must hold", () => {
    expect(evaluate(policy(allowChanges), changeIn(["web.example.com"], ["A", "MX"])).allowed).toBe(false);
  });

  it("ForAllValues holds for a key the request does not have; ForAnyValue does not", () => {
    const request = { action: "route53:ChangeResourceRecordSets", resources: [ZONE] };
    expect(evaluate(policy(allowChanges), request).allowed).toBe(true);
    const anyOf = {
      ...allowChanges,
      Condition: { "ForAnyValue:StringLike": { [NAMES]: ["*.example.com"] } },
    };
    expect(evaluate(policy(anyOf), request).allowed).toBe(false);
  });

  it("an explicit Deny wins over any Allow", () => {
    const deny = {
      Sid: "NoInternal",
      Effect: "Deny",
      Action: "route53:ChangeResourceRecordSets",
      Resource: "*",
      Condition: {
        "ForAnyValue:StringLike": { [NAMES]: ["internal.example.com", "*.internal.example.com"] },
      },
    };
    expect(
      evaluate(policy(allowChanges, deny), changeIn(["a.internal.example.com", "web.example.com"])),
    ).toEqual({
      allowed: false,
      reason: "a statement denies it",
      resource: ZONE,
      by: "NoInternal",
    });
    expect(evaluate(policy(allowChanges, deny), changeIn(["web.example.com"])).allowed).toBe(true);
  });

  it("a resource outside the statement's ARNs is not allowed", () => {
    const request = { ...changeIn(["web.example.com"]), resources: ["arn:aws:route53:::hostedzone/Z2"] };
    expect(evaluate(policy(allowChanges), request).allowed).toBe(false);
  });

  it("an action without resource-level permissions needs Resource *", () => {
    const list = { action: "route53:ListHostedZones", resources: ["*"] };
    const onZones = { Effect: "Allow", Action: "route53:ListHostedZones", Resource: "arn:aws:route53:::*" };
    expect(evaluate(policy(onZones), list).allowed).toBe(false);
    expect(evaluate(policy({ ...onZones, Resource: "*" }), list).allowed).toBe(true);
  });

  it("actions ignore case and take wildcards; every resource of a request must be allowed", () => {
    const checks = {
      Sid: "Checks",
      Effect: "Allow",
      Action: "route53:*HealthCheck*",
      Resource: "arn:aws:route53:::healthcheck/a*",
    };
    expect(
      evaluate(policy(checks), {
        action: "Route53:UpdateHealthCheck",
        resources: ["arn:aws:route53:::healthcheck/ab"],
      }).allowed,
    ).toBe(true);
    expect(
      evaluate(policy(checks), {
        action: "route53:ListTagsForResources",
        resources: ["arn:aws:route53:::healthcheck/a1"],
      }).allowed,
    ).toBe(false);
    const tags = { ...checks, Action: "route53:ListTagsForResources" };
    expect(
      evaluate(policy(tags), {
        action: "route53:ListTagsForResources",
        resources: ["arn:aws:route53:::healthcheck/a1", "arn:aws:route53:::healthcheck/b2"],
      }),
    ).toMatchObject({ allowed: false, resource: "arn:aws:route53:::healthcheck/b2" });
  });

  it("refuses to evaluate what it does not implement, rather than guess", () => {
    const notAction = { Effect: "Allow", NotAction: "iam:*", Action: "route53:*", Resource: "*" };
    expect(() =>
      evaluate(policy(notAction), { action: "route53:ListHostedZones", resources: ["*"] }),
    ).toThrow(/NotAction/);
    const ifExists = { ...allowChanges, Condition: { StringEqualsIfExists: { [TYPES]: ["A"] } } };
    expect(() => evaluate(policy(ifExists), changeIn(["web.example.com"]))).toThrow(/StringEqualsIfExists/);
  });
});
