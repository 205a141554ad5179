import { describe, expect, it } from "vitest";
import { parseIamPolicyFlags, type RawIamPolicyFlags } from "../../../src/cli/iam-policy-options.js";
import { main } from "../../../src/cli/main.js";

const ROLE = "arn:aws:iam::222222222222:role/route53-gslb-dns";

function problems(flags: RawIamPolicyFlags, env: Record<string, string | undefined> = {}): string[] {
  const r = parseIamPolicyFlags(flags, env);
  return r.ok ? [] : r.error;
}

async function run(argv: string[], env: Record<string, string | undefined> = {}) {
  let out = "";
  let err = "";
  const code = await main(
    ["iam-policy", ...argv],
    {
      stdout: (s) => {
        out += s;
      },
      stderr: (s) => {
        err += s;
      },
      readStdin: async () => "",
    },
    env,
  );
  return { code, out, err };
}

describe("parseIamPolicyFlags", () => {
  it("defaults: the controller's policy, health checks and load balancers, every zone, partition aws", () => {
    expect(parseIamPolicyFlags({})).toEqual({
      ok: true,
      value: {
        commands: ["controller"],
        zoneFilter: {
          domainFilter: [],
          excludeDomains: [],
          zoneType: "any",
          zoneIds: [],
          zoneTags: [],
          splitHorizon: false,
        },
        settings: { healthChecks: true, loadBalancers: true, changePolicy: "sync" },
        partition: "aws",
      },
    });
  });

  it("reads the zone flags exactly as the other commands do", () => {
    const r = parseIamPolicyFlags({
      domainFilter: [".Example.com"],
      excludeDomain: ["internal.example.com."],
      zoneType: "public",
      zoneId: ["/hostedzone/Z0EXAMPLE"],
      commands: "status,apply",
      healthChecks: false,
      loadBalancers: false,
      policy: "create-only",
    });
    expect(r).toEqual({
      ok: true,
      value: {
        commands: ["status", "apply"],
        zoneFilter: {
          domainFilter: ["example.com."],
          excludeDomains: ["internal.example.com."],
          zoneType: "public",
          zoneIds: ["Z0EXAMPLE"],
          zoneTags: [],
          splitHorizon: false,
        },
        settings: { healthChecks: false, loadBalancers: false, changePolicy: "create-only" },
        partition: "aws",
      },
    });
  });

  it("the partition follows --aws-region (and AWS_REGION)", () => {
    expect(parseIamPolicyFlags({ awsRegion: "cn-north-1" })).toMatchObject({
      ok: true,
      value: { partition: "aws-cn" },
    });
    expect(parseIamPolicyFlags({}, { AWS_REGION: "us-gov-west-1" })).toMatchObject({
      ok: true,
      value: { partition: "aws-us-gov" },
    });
  });

  it("--aws-assume-role needs --for, and --for needs the role", () => {
    expect(parseIamPolicyFlags({ awsAssumeRole: ROLE, for: "dns-account" })).toMatchObject({
      ok: true,
      value: { assumeRole: { roleArn: ROLE, for: "dns-account" } },
    });
    expect(problems({ awsAssumeRole: ROLE })).toEqual([
      "Expected `--for` to be `cluster` or `dns-account` with `--aws-assume-role`: the two roles get different policies",
    ]);
    expect(problems({ for: "cluster" })).toEqual([
      "Expected `--aws-assume-role` with `--for cluster`, got no role",
    ]);
  });

  it("reports every bad value at once, in the options' own words", () => {
    expect(
      problems({
        commands: "controller,plan --zones aws",
        for: "everyone",
        zoneId: ["hostedzone"],
        awsAssumeRole: "arn:aws-cn:iam::222222222222:role/dns",
      }),
    ).toEqual([
      "Expected `--zone-id` to be a hosted zone id such as `Z0123456789ABC` or `/hostedzone/Z0123456789ABC`, got `hostedzone`",
      "Expected `--commands` to be one of `controller`, `apply`, `plan`, `status`, `drain` or `undrain`, got `plan --zones aws`",
      "Expected `--for` to be one of `cluster` or `dns-account`, got `everyone`",
      "Expected `--aws-assume-role` in the partition of --aws-region us-east-1 (`arn:aws:`), got `arn:aws-cn:iam::222222222222:role/dns`",
    ]);
  });
});

describe("route53-gslb iam-policy", () => {
  it("prints the policy as JSON on stdout and what IAM cannot restrict on stderr", async () => {
    const r = await run(["--domain-filter", "example.com"]);
    expect(r.code).toBe(0);
    const policy = JSON.parse(r.out) as { Version: string; Statement: { Sid: string }[] };
    expect(policy.Version).toBe("2012-10-17");
    expect(policy.Statement.map((s) => s.Sid)).toContain("ChangeRecordsInManagedZones");
    expect(r.err).toMatch(/^note: without --zone-id /m);
  });

  it("with --aws-assume-role, prints one role's policy", async () => {
    const cluster = await run(["--aws-assume-role", ROLE, "--for", "cluster"]);
    expect(JSON.parse(cluster.out).Statement.flatMap((s: { Action: string[] }) => s.Action)).toEqual([
      "sts:AssumeRole",
      "elasticloadbalancing:DescribeLoadBalancers",
    ]);
  });

  it("a bad flag is an error, exit 1, and nothing on stdout", async () => {
    const r = await run(["--aws-assume-role", ROLE]);
    expect(r).toMatchObject({ code: 1, out: "" });
    expect(r.err).toMatch(/Expected `--for`/);
  });
});
