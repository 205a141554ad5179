import { describe, expect, it } from "vitest";
import { DEFAULT_ZONE_FILTER, type ZoneFilter } from "../../../src/config/config.js";
import type { CallSettings, PolicyCommand } from "../../../src/iam/calls-by-command.js";
import { type LeastPrivilegeInput, leastPrivilegePolicy } from "../../../src/iam/least-privilege.js";
import type { PolicyStatement } from "../../../src/iam/policy-document.js";
import { evaluate } from "../../fixtures/iam-policy-evaluator.js";

const ALL_ON: CallSettings = { healthChecks: true, loadBalancers: true, changePolicy: "sync" };
const ROLE = "arn:aws:iam::222222222222:role/route53-gslb-dns";
const NAMES = "route53:ChangeResourceRecordSetsNormalizedRecordNames";
const TYPES = "route53:ChangeResourceRecordSetsRecordTypes";
const ACTIONS = "route53:ChangeResourceRecordSetsActions";

function policyFor(over: {
  commands?: PolicyCommand[];
  filter?: Partial<ZoneFilter>;
  settings?: Partial<CallSettings>;
  partition?: string;
  assumeRole?: LeastPrivilegeInput["assumeRole"];
}) {
  return leastPrivilegePolicy({
    commands: over.commands ?? ["controller"],
    zoneFilter: { ...DEFAULT_ZONE_FILTER, ...over.filter },
    settings: { ...ALL_ON, ...over.settings },
    partition: over.partition ?? "aws",
    ...(over.assumeRole ? { assumeRole: over.assumeRole } : {}),
  });
}
const statement = (statements: PolicyStatement[], sid: string) => statements.find((s) => s.Sid === sid);
const actionsOf = (statements: PolicyStatement[]) => statements.flatMap((s) => s.Action).sort();

describe("leastPrivilegePolicy: actions per command", () => {
  // Each row: the commands, the settings, and exactly the actions the policy must hold.
  const rows: [string, PolicyCommand[], Partial<CallSettings>, string[]][] = [
    [
      "the controller",
      ["controller"],
      {},
      [
        "elasticloadbalancing:DescribeLoadBalancers",
        "route53:ChangeResourceRecordSets",
        "route53:ChangeTagsForResource",
        "route53:CreateHealthCheck",
        "route53:DeleteHealthCheck",
        "route53:ListHealthChecks",
        "route53:ListHostedZones",
        "route53:ListResourceRecordSets",
        "route53:ListTagsForResources",
        "route53:UpdateHealthCheck",
      ],
    ],
    [
      "apply without health checks or load balancers",
      ["apply"],
      { healthChecks: false, loadBalancers: false },
      [
        "route53:ChangeResourceRecordSets",
        "route53:ListHealthChecks",
        "route53:ListHostedZones",
        "route53:ListResourceRecordSets",
        "route53:ListTagsForResources",
      ],
    ],
    [
      "plan --zones aws: read only",
      ["plan"],
      {},
      [
        "elasticloadbalancing:DescribeLoadBalancers",
        "route53:ListHealthChecks",
        "route53:ListHostedZones",
        "route53:ListResourceRecordSets",
        "route53:ListTagsForResources",
      ],
    ],
    [
      "status",
      ["status"],
      {},
      [
        "route53:GetHealthCheckStatus",
        "route53:ListHealthChecks",
        "route53:ListHostedZones",
        "route53:ListResourceRecordSets",
        "route53:ListTagsForResources",
      ],
    ],
    [
      "status without health checks reads only zones and records",
      ["status"],
      { healthChecks: false },
      ["route53:ListHostedZones", "route53:ListResourceRecordSets"],
    ],
    [
      "drain and undrain: no load balancers, health checks only updated and tagged",
      ["drain", "undrain"],
      {},
      [
        "route53:ChangeResourceRecordSets",
        "route53:ChangeTagsForResource",
        "route53:ListHealthChecks",
        "route53:ListHostedZones",
        "route53:ListResourceRecordSets",
        "route53:ListTagsForResources",
        "route53:UpdateHealthCheck",
      ],
    ],
  ];
  it.each(rows)("%s", (_, commands, settings, actions) => {
    expect(actionsOf(policyFor({ commands, settings }).policy.Statement)).toEqual(actions);
  });

  it("several commands get the union of their actions, each once", () => {
    const statements = policyFor({ commands: ["controller", "status"] }).policy.Statement;
    expect(actionsOf(statements)).toContain("route53:GetHealthCheckStatus");
    expect(actionsOf(statements)).toContain("route53:CreateHealthCheck");
    expect(new Set(actionsOf(statements)).size).toBe(actionsOf(statements).length);
  });
});

describe("leastPrivilegePolicy: zones, names and record types", () => {
  it("with zone ids, records are read and changed only in those zones", () => {
    const { Statement } = policyFor({ filter: { zoneIds: ["Z2", "/hostedzone/Z1"] } }).policy;
    const zones = ["arn:aws:route53:::hostedzone/Z1", "arn:aws:route53:::hostedzone/Z2"];
    expect(statement(Statement, "ReadManagedZones")?.Resource).toEqual(zones);
    expect(statement(Statement, "ChangeRecordsInManagedZones")?.Resource).toEqual(zones);
  });

  it("with domain filters only, zones are hostedzone/* and changes are held to the names below the filters", () => {
    const result = policyFor({ filter: { domainFilter: ["Example.COM.", ".apps.example.org"] } });
    const change = statement(result.policy.Statement, "ChangeRecordsInManagedZones");
    expect(change?.Resource).toEqual(["arn:aws:route53:::hostedzone/*"]);
    expect(change?.Condition).toEqual({
      "ForAllValues:StringEquals": { [TYPES]: ["A", "AAAA", "CNAME", "TXT"] },
      "ForAllValues:StringLike": {
        [NAMES]: ["apps.example.org", "*.apps.example.org", "example.com", "*.example.com"],
      },
    });
    expect(result.notes.join("\n")).toMatch(/without --zone-id .* every zone of the account may be read/);
  });

  it("zone ids and domain filters together: both the resources and the names condition", () => {
    const change = statement(
      policyFor({ filter: { zoneIds: ["Z1"], domainFilter: ["example.com"] } }).policy.Statement,
      "ChangeRecordsInManagedZones",
    );
    expect(change?.Resource).toEqual(["arn:aws:route53:::hostedzone/Z1"]);
    expect(change?.Condition?.["ForAllValues:StringLike"]?.[NAMES]).toEqual(["example.com", "*.example.com"]);
  });

  it("the names condition allows every record route53-gslb writes under a filter, and nothing outside", () => {
    const { policy } = policyFor({ filter: { domainFilter: ["example.com"] } });
    const change = (names: string[], types = ["A", "TXT"]) =>
      evaluate(policy, {
        action: "route53:ChangeResourceRecordSets",
        resources: ["arn:aws:route53:::hostedzone/Z9"],
        context: { [NAMES]: names, [TYPES]: types, [ACTIONS]: ["CREATE"] },
      }).allowed;
    // The apex, a host, a wildcard (Route 53 normalises `*` to \052) and their ownership records.
    expect(change(["example.com", "_gslb-a.example.com"])).toBe(true);
    expect(change(["web.example.com", "_gslb-a.web.example.com"])).toBe(true);
    expect(
      change(["\\052.apps.example.com", "_gslb-cname._wildcard.apps.example.com"], ["CNAME", "TXT"]),
    ).toBe(true);
    expect(change(["web.example.org"])).toBe(false);
    expect(change(["badexample.com"])).toBe(false);
    expect(change(["web.example.com"], ["MX"])).toBe(false);
  });

  it("without zone ids or domain filters: every zone, no names condition, and a note that says so", () => {
    const result = policyFor({});
    const change = statement(result.policy.Statement, "ChangeRecordsInManagedZones");
    expect(change?.Resource).toEqual(["arn:aws:route53:::hostedzone/*"]);
    expect(change?.Condition?.["ForAllValues:StringLike"]).toBeUndefined();
    expect(result.notes.join("\n")).toMatch(/every hosted zone of the account may be read and changed/);
  });

  it("an excluded domain is denied outright, whatever the zone", () => {
    const { policy } = policyFor({
      filter: { domainFilter: ["example.com"], excludeDomains: ["internal.example.com"] },
    });
    expect(statement(policy.Statement, "NeverChangeExcludedNames")).toEqual({
      Sid: "NeverChangeExcludedNames",
      Effect: "Deny",
      Action: ["route53:ChangeResourceRecordSets"],
      Resource: "arn:aws:route53:::hostedzone/*",
      Condition: {
        "ForAnyValue:StringLike": { [NAMES]: ["internal.example.com", "*.internal.example.com"] },
      },
    });
    const request = (names: string[]) => ({
      action: "route53:ChangeResourceRecordSets",
      resources: ["arn:aws:route53:::hostedzone/Z1"],
      context: { [NAMES]: names, [TYPES]: ["A"] },
    });
    expect(evaluate(policy, request(["web.example.com"])).allowed).toBe(true);
    expect(evaluate(policy, request(["web.example.com", "db.internal.example.com"])).allowed).toBe(false);
  });

  it("--zone-type cannot be expressed: a note says to pin the zones with --zone-id", () => {
    expect(policyFor({ filter: { zoneType: "public" } }).notes.join("\n")).toMatch(/--zone-type public/);
    expect(policyFor({ filter: { zoneType: "public", zoneIds: ["Z1"] } }).notes.join("\n")).not.toMatch(
      /--zone-type/,
    );
  });

  it("ARNs are written in the partition given", () => {
    const { Statement } = policyFor({ partition: "aws-cn", filter: { zoneIds: ["Z1"] } }).policy;
    expect(statement(Statement, "ReadManagedZones")?.Resource).toEqual([
      "arn:aws-cn:route53:::hostedzone/Z1",
    ]);
    expect(statement(Statement, "ManageHealthChecks")?.Resource).toBe("arn:aws-cn:route53:::healthcheck/*");
  });
});

describe("leastPrivilegePolicy: change actions", () => {
  const actionsCondition = (commands: PolicyCommand[], settings: Partial<CallSettings> = {}) =>
    statement(policyFor({ commands, settings }).policy.Statement, "ChangeRecordsInManagedZones")?.Condition?.[
      "ForAllValues:StringEquals"
    ]?.[ACTIONS];

  it.each([
    ["sync: every action, so no condition", ["controller"], {}, undefined],
    [
      "upsert-only replaces members (DELETE + CREATE): every action",
      ["apply"],
      { changePolicy: "upsert-only" },
      undefined,
    ],
    ["create-only: CREATE alone", ["controller"], { changePolicy: "create-only" }, ["CREATE"]],
    ["drain and undrain: UPSERT alone", ["drain", "undrain"], {}, ["UPSERT"]],
    ["create-only and drain", ["controller", "drain"], { changePolicy: "create-only" }, ["CREATE", "UPSERT"]],
  ] as [string, PolicyCommand[], Partial<CallSettings>, string[] | undefined][])(
    "%s",
    (_, commands, settings, expected) => {
      expect(actionsCondition(commands, settings)).toEqual(expected);
    },
  );
});

describe("leastPrivilegePolicy: a central DNS account (--aws-assume-role)", () => {
  it("the cluster's role: AssumeRole on the DNS role and its own load balancers, nothing of Route 53", () => {
    const { Statement } = policyFor({ assumeRole: { roleArn: ROLE, for: "cluster" } }).policy;
    expect(Statement).toEqual([
      { Sid: "AssumeDnsAccountRole", Effect: "Allow", Action: ["sts:AssumeRole"], Resource: ROLE },
      {
        Sid: "FindLoadBalancers",
        Effect: "Allow",
        Action: ["elasticloadbalancing:DescribeLoadBalancers"],
        Resource: "*",
      },
    ]);
  });

  it("the cluster's role for status, drain: AssumeRole alone (they look up no load balancer)", () => {
    const { Statement } = policyFor({
      commands: ["status", "drain"],
      assumeRole: { roleArn: ROLE, for: "cluster" },
    }).policy;
    expect(actionsOf(Statement)).toEqual(["sts:AssumeRole"]);
  });

  it("the DNS account's role: the Route 53 statements of the one-account policy, no ELBv2, no STS", () => {
    const filter = { domainFilter: ["example.com"], zoneIds: ["Z1"] };
    const own = policyFor({ filter }).policy.Statement;
    const dns = policyFor({ filter, assumeRole: { roleArn: ROLE, for: "dns-account" } }).policy.Statement;
    expect(dns).toEqual(own.filter((s) => s.Sid !== "FindLoadBalancers"));
    expect(actionsOf(dns).every((a) => a.startsWith("route53:"))).toBe(true);
  });
});
