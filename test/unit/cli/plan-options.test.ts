import { describe, expect, it } from "vitest";
import { DEFAULT_REQUEST_DEADLINES } from "../../../src/aws/deadline-handler.js";
import { DEFAULT_RATE_LIMIT_CONFIG } from "../../../src/aws/rate-limiter.js";
import { parsePlanFlags, type RawPlanFlags } from "../../../src/cli/plan-options.js";

const base: RawPlanFlags = {
  filename: ["examples/bookinfo/cluster-1"],
  zones: "zones.json",
  clusterName: "cluster-1",
};

function problems(flags: RawPlanFlags): string[] {
  const r = parsePlanFlags({ ...base, ...flags });
  return r.ok ? [] : r.error;
}

describe("parsePlanFlags", () => {
  it("fills the documented defaults", () => {
    const r = parsePlanFlags(base);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toEqual({
      manifests: ["examples/bookinfo/cluster-1"],
      zonesFile: "zones.json",
      output: "text",
      detailedExitCode: false,
      strict: false,
      strictIgnore: [],
      planner: {
        clusterName: "cluster-1",
        ownerId: "cluster-1",
        zoneFilter: {
          domainFilter: [],
          excludeDomains: [],
          zoneType: "any",
          zoneIds: [],
          zoneTags: [],
          splitHorizon: false,
        },
        defaultRoutingPolicy: "weighted",
        defaultWeight: 100,
        defaultTtl: 60,
        policy: "sync",
        maxDeletions: { kind: "percent", value: 50 },
        drain: false,
        healthCheckQuota: 200,
      },
      aws: {
        region: "us-east-1",
        rateLimits: DEFAULT_RATE_LIMIT_CONFIG,
        timeouts: DEFAULT_REQUEST_DEADLINES,
      },
      timeoutMs: 600_000,
      dryRun: false,
    });
  });

  it("takes every flag", () => {
    const r = parsePlanFlags({
      ...base,
      ownerId: "team-a.c1",
      domainFilter: ["TSE.tetratelabs.io", ".example.org."],
      excludeDomain: ["internal.tse.tetratelabs.io"],
      zoneType: "public",
      zoneId: ["/hostedzone/Z0EXAMPLEBOOKINFO", "Z123"],
      zoneTags: ["team=dns", "kubernetes.io/cluster", "note=a=b c"],
      splitHorizon: true,
      defaultRoutingPolicy: "simple",
      defaultWeight: "0",
      policy: "upsert-only",
      maxDeletions: "10",
      output: "json",
      detailedExitcode: true,
      strict: true,
      strictIgnore: "no-zone,deletion-budget",
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.output).toBe("json");
    expect(r.value.detailedExitCode).toBe(true);
    expect(r.value.strict).toBe(true);
    expect(r.value.strictIgnore).toEqual(["no-zone", "deletion-budget"]);
    expect(r.value.planner).toMatchObject({
      ownerId: "team-a.c1",
      zoneFilter: {
        domainFilter: ["tse.tetratelabs.io.", "example.org."],
        excludeDomains: ["internal.tse.tetratelabs.io."],
        zoneType: "public",
        zoneIds: ["Z0EXAMPLEBOOKINFO", "Z123"],
        zoneTags: [
          { key: "team", value: "dns" },
          { key: "kubernetes.io/cluster" },
          { key: "note", value: "a=b c" },
        ],
        splitHorizon: true,
      },
      defaultRoutingPolicy: "simple",
      defaultWeight: 0,
      policy: "upsert-only",
      maxDeletions: { kind: "count", value: 10 },
    });
  });

  it.each<[RawPlanFlags, string]>([
    [{ defaultWeight: "x" }, "Expected `--default-weight` to be an integer from 0 to 255, got `x`"],
    [{ defaultWeight: "256" }, "Expected `--default-weight` to be an integer from 0 to 255, got `256`"],
    [{ defaultWeight: "-1" }, "Expected `--default-weight` to be an integer from 0 to 255, got `-1`"],
    [{ defaultWeight: "1.5" }, "Expected `--default-weight` to be an integer from 0 to 255, got `1.5`"],
    [{ output: "yaml" }, "Expected `--output` to be one of `text`, `json` or `markdown`, got `yaml`"],
    [{ zoneType: "both" }, "Expected `--zone-type` to be one of `public`, `private` or `any`, got `both`"],
    [
      { policy: "delete-all" },
      "Expected `--policy` to be one of `sync`, `upsert-only` or `create-only`, got `delete-all`",
    ],
    [
      { defaultRoutingPolicy: "cidr" },
      "Expected `--default-routing-policy` to be one of `simple`, `weighted`, `latency`, `failover`, `geolocation`, `multivalue` or `geoproximity`, got `cidr`",
    ],
    [
      { maxDeletions: "150%" },
      "Expected `--max-deletions` to be a count such as `10` or a percentage from 0% to 100% such as `50%`, got `150%`",
    ],
    [
      { clusterName: "cluster 1" },
      "Expected `--cluster-name` to be 1 to 128 letters, digits, `.`, `_`, `:` or `-`, starting with a letter or digit, got `cluster 1`",
    ],
    [
      { clusterName: undefined },
      "Expected `--cluster-name` to be 1 to 128 letters, digits, `.`, `_`, `:` or `-`, starting with a letter or digit, got nothing",
    ],
    [
      { ownerId: "a,b" },
      "Expected `--owner-id` to be 1 to 128 letters, digits, `.`, `_`, `:` or `-`, starting with a letter or digit, got `a,b`",
    ],
    [
      { domainFilter: ["not a domain"] },
      "Expected `--domain-filter` to be a domain name such as `example.com`, got `not a domain`",
    ],
    [
      { excludeDomain: ["*.example.com"] },
      "Expected `--exclude-domain` to be a domain name such as `example.com`, got `*.example.com`",
    ],
    [
      { zoneId: ["zone-1"] },
      "Expected `--zone-id` to be a hosted zone id such as `Z0123456789ABC` or `/hostedzone/Z0123456789ABC`, got `zone-1`",
    ],
    [
      { zoneTags: ["team="] },
      "Expected `--zone-tags` to be a zone tag `key` or `key=value`, got `team=`: write `key` alone to match the tag with any value",
    ],
    [
      { zoneTags: ["=dns"] },
      "Expected `--zone-tags` to be a zone tag `key` or `key=value`, got `=dns`: the tag key is empty",
    ],
    [
      { zoneTags: [`${"k".repeat(129)}`] },
      `Expected \`--zone-tags\` to be a zone tag \`key\` or \`key=value\`, got \`${"k".repeat(129)}\`: a tag key has at most 128 characters`,
    ],
    [
      { zoneTags: [`k=${"v".repeat(257)}`] },
      `Expected \`--zone-tags\` to be a zone tag \`key\` or \`key=value\`, got \`k=${"v".repeat(257)}\`: a tag value has at most 256 characters`,
    ],
    [
      { zones: undefined },
      "Expected `--zones` to be `aws` or a snapshot file (.json, .yaml or .yml), got nothing",
    ],
    [
      { filename: [] },
      "Expected `-f, --filename` to be a manifest file, a directory or `-` (stdin), got nothing",
    ],
    [{ filename: ["-", "-"] }, "Expected `-f -` (stdin) at most once"],
  ])("rejects %o", (flags, message) => {
    expect(problems(flags)).toEqual([message]);
  });

  it("takes --timeout and the AWS timeouts as durations", () => {
    const r = parsePlanFlags({
      ...base,
      zones: "aws",
      timeout: "2m",
      awsConnectTimeout: "1s",
      awsRequestTimeout: "3s",
    });
    expect(r.ok && r.value.timeoutMs).toBe(120_000);
    expect(r.ok && r.value.aws.timeouts).toEqual({ connectMs: 1_000, requestMs: 3_000 });
    expect(parsePlanFlags({ ...base, timeout: "forever" })).toEqual({
      ok: false,
      error: ["Expected `--timeout` to be a duration such as `1s`, `500ms` or `2m`, got `forever`"],
    });
  });

  it("reports every problem at once", () => {
    expect(problems({ defaultWeight: "x", output: "yaml", policy: "nope" })).toHaveLength(3);
  });

  it("accepts --zones aws and reads AWS settings from flags before the environment", () => {
    const r = parsePlanFlags(
      { ...base, zones: "aws", awsEndpoint: "http://127.0.0.1:5000", awsRate: "2" },
      {
        AWS_ENDPOINT_URL: "http://ignored:1",
        AWS_REGION: "eu-west-2",
      },
    );
    expect(r.ok && r.value.zonesFile).toBe("aws");
    expect(r.ok && r.value.aws).toMatchObject({
      endpoint: "http://127.0.0.1:5000",
      region: "eu-west-2",
      rateLimits: { requestRate: 2 },
    });
  });

  it.each([
    [{ awsRate: "0" }, "Expected `--aws-rate` to be a number above 0, got `0`"],
    [{ awsChangeBurst: "lots" }, "Expected `--aws-change-burst` to be a number above 0, got `lots`"],
    [
      { awsEndpoint: "localhost:5000" },
      "Expected `--aws-endpoint` to be an http(s) URL such as `http://127.0.0.1:5000`, got `localhost:5000`",
    ],
    [
      { awsRegion: "europe" },
      "Expected `--aws-region` to be an AWS region such as `us-east-1`, got `europe`",
    ],
  ])("rejects AWS flags %o", (flags, message) => {
    expect(problems(flags)).toEqual([message]);
  });
});
