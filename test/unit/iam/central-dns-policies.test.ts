import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";

// The central-DNS-account policies in iam/ are derived from policy.json by hand: keep them from drifting.

interface Statement {
  Sid: string;
  Effect: string;
  Action: string | string[];
  Principal?: Record<string, string | string[]>;
  Resource?: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}
const policy = (file: string): Statement[] =>
  (
    JSON.parse(readFileSync(resolve(import.meta.dirname, "../../../iam", file), "utf8")) as {
      Statement: Statement[];
    }
  ).Statement;
const actions = (statements: Statement[]) => statements.flatMap((s) => s.Action).sort();

describe("iam/: the two roles of a central DNS account", () => {
  it("the DNS role holds exactly policy.json's Route 53 statements", () => {
    const route53Only = policy("policy.json").filter((s) => s.Sid !== "FindLoadBalancers");
    expect(policy("dns-account-policy.json")).toEqual(route53Only);
    expect(actions(route53Only).every((a) => a.startsWith("route53:"))).toBe(true);
  });

  it("the DNS role trusts the cluster roles only with the external id", () => {
    const [trust, ...rest] = policy("dns-account-trust-policy.json");
    expect(rest).toEqual([]);
    expect(trust?.Action).toBe("sts:AssumeRole");
    expect(trust?.Principal?.AWS).toEqual(["arn:aws:iam::CLUSTER_ACCOUNT_ID:role/route53-gslb-CLUSTER"]);
    expect(trust?.Condition?.StringEquals?.["sts:ExternalId"]).toBe("EXTERNAL_ID");
  });

  it("the cluster role may assume the DNS role and look up its own load balancers, nothing else", () => {
    expect(actions(policy("cluster-role-policy-central-dns.json"))).toEqual([
      "elasticloadbalancing:DescribeLoadBalancers",
      "sts:AssumeRole",
    ]);
  });

  it("an EKS Pod Identity role trusts pods.eks.amazonaws.com to assume and tag sessions", () => {
    expect(policy("trust-policy-pod-identity.json")).toEqual([
      expect.objectContaining({
        Principal: { Service: "pods.eks.amazonaws.com" },
        Action: ["sts:AssumeRole", "sts:TagSession"],
      }),
    ]);
  });
});
