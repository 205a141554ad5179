import { afterEach, describe, expect, it, vi } from "vitest";
import { parseControllerFlags, type RawControllerFlags } from "../../../src/cli/controller-options.js";
import { main } from "../../../src/cli/main.js";
import { WATCH_DEFAULTS } from "../../../src/sources/watchers/kube-watchers.js";

const base: RawControllerFlags = { clusterName: "c1" };

describe("parseControllerFlags: deadlines and liveness", () => {
  it("defaults: 5 intervals before /healthz fails, 5 s to connect, 15 s per request", () => {
    const r = parseControllerFlags(base, {});
    expect(r.ok && r.value.unhealthyAfter).toBe(5);
    expect(r.ok && r.value.aws.timeouts).toEqual({ connectMs: 5_000, requestMs: 15_000 });
  });

  it("takes --unhealthy-after as a whole number of intervals, 0 turning the check off", () => {
    for (const [value, expected] of [
      ["0", 0],
      ["3", 3],
    ] as const) {
      const r = parseControllerFlags({ ...base, unhealthyAfter: value }, {});
      expect(r.ok && r.value.unhealthyAfter).toBe(expected);
    }
  });

  it.each(["-1", "1.5", "", "five"])("rejects --unhealthy-after `%s`", (value) => {
    const r = parseControllerFlags({ ...base, unhealthyAfter: value }, {});
    expect(r.ok ? [] : r.error).toEqual([
      `Expected \`--unhealthy-after\` to be a whole number of intervals (0: never), got \`${value}\``,
    ]);
  });
});

describe("controller deadline flags from ROUTE53_GSLB_* variables", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("reads them like every other controller flag (a bad value stops it before it starts)", async () => {
    vi.stubEnv("ROUTE53_GSLB_AWS_REQUEST_TIMEOUT", "soon");
    vi.stubEnv("ROUTE53_GSLB_AWS_CONNECT_TIMEOUT", "never");
    vi.stubEnv("ROUTE53_GSLB_UNHEALTHY_AFTER", "often");
    let stderr = "";
    const code = await main(["controller", "--cluster-name", "c1"], {
      stdout: () => {},
      stderr: (t) => {
        stderr += t;
      },
      readStdin: async () => "",
    });
    expect(code).toBe(1);
    expect(stderr).toContain("Expected `--aws-request-timeout` to be a duration");
    expect(stderr).toContain("Expected `--aws-connect-timeout` to be a duration");
    expect(stderr).toContain("Expected `--unhealthy-after` to be a whole number of intervals");
  });
});

describe("parseControllerFlags: defaults", () => {
  it("needs only a cluster name; everything else has the table's defaults", () => {
    const r = parseControllerFlags(base, {});
    if (!r.ok) throw new Error(r.error.join("\n"));
    const { planner, aws, ...rest } = r.value;
    expect(rest).toEqual({
      sources: ["gateway-api", "istio-gateway", "tetrate-gateway", "service", "ingress", "dnsendpoint"],
      intervalMs: 60_000,
      relistIntervalMs: 1_800_000,
      zoneResyncIntervalMs: 1_800_000,
      minEventIntervalMs: 1_000,
      unhealthyAfter: 5,
      dryRun: false,
      leaderElection: {
        enabled: true,
        namespace: "default",
        leaseName: "route53-gslb-c1",
        leaseDurationMs: 15_000,
        renewDeadlineMs: 10_000,
        retryPeriodMs: 2_000,
      },
      metricsAddr: ":7979",
      logLevel: "info",
      logFormat: "json",
    });
    expect(planner).toMatchObject({ clusterName: "c1", ownerId: "c1", drain: false, policy: "sync" });
    expect(aws.region).toBe("us-east-1");
  });
});

describe("parseControllerFlags: --relist-interval", () => {
  it("defaults to the watchers' own default, and is independent of --interval", () => {
    const r = parseControllerFlags({ ...base, interval: "30s" }, {});
    expect(r.ok && [r.value.intervalMs, r.value.relistIntervalMs]).toEqual([
      30_000,
      WATCH_DEFAULTS.relistIntervalMs,
    ]);
  });

  it("takes a duration from the flag or ROUTE53_GSLB_RELIST_INTERVAL", () => {
    const flag = parseControllerFlags({ ...base, relistInterval: "2h" }, {});
    expect(flag.ok && flag.value.relistIntervalMs).toBe(7_200_000);
    const env = parseControllerFlags(base, { ROUTE53_GSLB_RELIST_INTERVAL: "10m" });
    expect(env.ok && env.value.relistIntervalMs).toBe(600_000);
    expect(problems({ relistInterval: "0" })).toEqual([
      "Expected `--relist-interval` to be a duration such as `1s`, `500ms` or `2m`, got `0`",
    ]);
  });
});

describe("parseControllerFlags: durations", () => {
  it.each([
    ["500ms", 500],
    ["1.5s", 1_500],
    ["2m", 120_000],
    ["1h", 3_600_000],
    ["30", 30_000],
  ])("--interval %s", (value, ms) => {
    const r = parseControllerFlags({ ...base, interval: value, minEventInterval: value }, {});
    expect(r.ok && [r.value.intervalMs, r.value.minEventIntervalMs]).toEqual([ms, ms]);
  });

  it.each(["0", "-1s", "soon", "5 minutes", ""])("rejects --interval `%s`", (value) => {
    expect(problems({ interval: value })).toEqual([
      `Expected \`--interval\` to be a duration such as \`1s\`, \`500ms\` or \`2m\`, got \`${value}\``,
    ]);
  });

  it("takes the lease timing as durations", () => {
    const r = parseControllerFlags(
      {
        ...base,
        leaderElectionLeaseDuration: "1m",
        leaderElectionRenewDeadline: "40s",
        leaderElectionRetryPeriod: "5s",
      },
      {},
    );
    expect(r.ok && r.value.leaderElection).toMatchObject({
      leaseDurationMs: 60_000,
      renewDeadlineMs: 40_000,
      retryPeriodMs: 5_000,
    });
  });
});

describe("parseControllerFlags: lease checks", () => {
  const tooLong =
    "Expected `--leader-election-renew-deadline` to be shorter than `--leader-election-lease-duration`";
  it.each([
    ["10s", "15s", []],
    ["14.9s", "15s", []],
    ["15s", "15s", [tooLong]],
    ["20s", "15s", [tooLong]],
  ])("renew deadline %s, lease %s", (renew, lease, expected) => {
    expect(problems({ leaderElectionRenewDeadline: renew, leaderElectionLeaseDuration: lease })).toEqual(
      expected,
    );
  });

  const tooSlow =
    "Expected `--leader-election-retry-period` to be shorter than `--leader-election-renew-deadline`";
  it.each([
    ["2s", "10s", []],
    ["10s", "10s", [tooSlow]],
    ["12s", "10s", [tooSlow]],
  ])("retry period %s, renew deadline %s", (retry, renew, expected) => {
    expect(problems({ leaderElectionRetryPeriod: retry, leaderElectionRenewDeadline: renew })).toEqual(
      expected,
    );
  });

  it("checks the renew deadline against the default lease duration too", () => {
    expect(problems({ leaderElectionRenewDeadline: "15s" })).toEqual([
      "Expected `--leader-election-renew-deadline` to be shorter than `--leader-election-lease-duration`",
    ]);
  });

  it("a bad lease duration is named once, not also as a renew-deadline problem", () => {
    expect(problems({ leaderElectionLeaseDuration: "long" })).toEqual([
      "Expected `--leader-election-lease-duration` to be a duration such as `1s`, `500ms` or `2m`, got `long`",
    ]);
  });
});

describe("parseControllerFlags: unknown values, in the one wording", () => {
  it("names every bad value at once", () => {
    expect(
      problems({ logLevel: "verbose", logFormat: "text", sources: "gateway-api,contour-httpproxy" }),
    ).toEqual([
      "Expected `--sources` to be one of `gateway-api`, `istio-gateway`, `tetrate-gateway`, `service`, `ingress` or `dnsendpoint`, got `contour-httpproxy`",
      "Expected `--log-level` to be one of `trace`, `debug`, `info`, `warn`, `error` or `fatal`, got `verbose`",
      "Expected `--log-format` to be one of `json` or `pretty`, got `text`",
    ]);
  });

  it("takes a list of sources, blanks around commas ignored", () => {
    const r = parseControllerFlags({ ...base, sources: "service, gateway-api" }, {});
    expect(r.ok && r.value.sources).toEqual(["service", "gateway-api"]);
    expect(problems({ sources: "" })).toEqual([
      "Expected `--sources` to be one of `gateway-api`, `istio-gateway`, `tetrate-gateway`, `service`, `ingress` or `dnsendpoint`, got ``",
    ]);
  });

  it("checks the planner and AWS flags as plan does", () => {
    expect(problems({ clusterName: undefined, defaultWeight: "300", awsRate: "0" })).toEqual([
      "Expected `--cluster-name` to be 1 to 128 letters, digits, `.`, `_`, `:` or `-`, starting with a letter or digit, got nothing",
      "Expected `--default-weight` to be an integer from 0 to 255, got `300`",
      "Expected `--aws-rate` to be a number above 0, got `0`",
    ]);
  });
});

describe("parseControllerFlags: ROUTE53_GSLB_* variables", () => {
  it("reads every flag from ROUTE53_GSLB_<FLAG>", () => {
    const r = parseControllerFlags(
      {},
      {
        ROUTE53_GSLB_CLUSTER_NAME: "c2",
        ROUTE53_GSLB_INTERVAL: "5m",
        ROUTE53_GSLB_LOG_LEVEL: "debug",
        ROUTE53_GSLB_MAX_DELETIONS: "10",
        ROUTE53_GSLB_SOURCES: "service",
        ROUTE53_GSLB_AWS_RATE: "2",
      },
    );
    if (!r.ok) throw new Error(r.error.join("\n"));
    expect(r.value.planner).toMatchObject({ clusterName: "c2", maxDeletions: { kind: "count", value: 10 } });
    expect(r.value).toMatchObject({ intervalMs: 300_000, logLevel: "debug", sources: ["service"] });
    expect(r.value.aws.rateLimits.requestRate).toBe(2);
  });

  it("flags win over the environment", () => {
    const r = parseControllerFlags(
      { clusterName: "flag", interval: "10s", domainFilter: ["flag.example.com"] },
      {
        ROUTE53_GSLB_CLUSTER_NAME: "env",
        ROUTE53_GSLB_INTERVAL: "bad",
        ROUTE53_GSLB_DOMAIN_FILTER: "env.example.com",
      },
    );
    if (!r.ok) throw new Error(r.error.join("\n"));
    expect(r.value.planner.clusterName).toBe("flag");
    expect(r.value.intervalMs).toBe(10_000);
    expect(r.value.planner.zoneFilter.domainFilter).toEqual(["flag.example.com."]);
  });

  it("takes lists comma-separated, from the environment and from flags", () => {
    const r = parseControllerFlags(
      { ...base, zoneId: ["Z1,Z2", "Z3"] },
      { ROUTE53_GSLB_DOMAIN_FILTER: "a.example.com,b.example.com", ROUTE53_GSLB_EXCLUDE_DOMAIN: "" },
    );
    if (!r.ok) throw new Error(r.error.join("\n"));
    expect(r.value.planner.zoneFilter).toMatchObject({
      domainFilter: ["a.example.com.", "b.example.com."],
      excludeDomains: [],
      zoneIds: ["Z1", "Z2", "Z3"],
    });
  });

  it("reads --zone-tags and --split-horizon from the environment", () => {
    const r = parseControllerFlags(base, {
      ROUTE53_GSLB_ZONE_TAGS: "team=dns,env",
      ROUTE53_GSLB_SPLIT_HORIZON: "true",
    });
    if (!r.ok) throw new Error(r.error.join("\n"));
    expect(r.value.planner.zoneFilter).toMatchObject({
      zoneTags: [{ key: "team", value: "dns" }, { key: "env" }],
      splitHorizon: true,
    });
  });

  it("names a bad variable by its flag", () => {
    expect(
      problems({}, { ROUTE53_GSLB_LOG_FORMAT: "xml", ROUTE53_GSLB_LEADER_ELECTION_RETRY_PERIOD: "often" }),
    ).toEqual([
      "Expected `--leader-election-retry-period` to be a duration such as `1s`, `500ms` or `2m`, got `often`",
      "Expected `--log-format` to be one of `json` or `pretty`, got `xml`",
    ]);
  });

  it("turns switches on when their variable is set", () => {
    const r = parseControllerFlags(base, { ROUTE53_GSLB_DRY_RUN: "true", ROUTE53_GSLB_DRAIN: "true" });
    expect(r.ok && [r.value.dryRun, r.value.planner.drain]).toEqual([true, true]);
  });

  it("reads `false` as off, never as set: ROUTE53_GSLB_DRAIN=false does not drain the cluster", () => {
    const r = parseControllerFlags(base, { ROUTE53_GSLB_DRY_RUN: "0", ROUTE53_GSLB_DRAIN: "false" });
    expect(r.ok && [r.value.dryRun, r.value.planner.drain]).toEqual([false, false]);
  });

  it("rejects a switch variable that is neither true nor false", () => {
    const r = parseControllerFlags(base, { ROUTE53_GSLB_DRAIN: "ture" });
    expect(r.ok ? [] : r.error).toEqual([
      "Expected `ROUTE53_GSLB_DRAIN` to be `true` or `false`, got `ture`",
    ]);
  });

  it.each([
    [{}, {}, true],
    [{}, { ROUTE53_GSLB_LEADER_ELECT: "false" }, false],
    [{}, { ROUTE53_GSLB_LEADER_ELECT: "FALSE" }, false],
    [{}, { ROUTE53_GSLB_LEADER_ELECT: "true" }, true],
    [{ leaderElect: false }, {}, false],
    [{ leaderElect: false }, { ROUTE53_GSLB_LEADER_ELECT: "true" }, false],
    // commander's rule for --no-x flags: the variable of the negated name is not read.
    [{}, { ROUTE53_GSLB_NO_LEADER_ELECT: "true" }, true],
  ] as const)("leader election with flags %o and env %o: %s", (flags, env, enabled) => {
    const r = parseControllerFlags({ ...base, ...flags }, env);
    expect(r.ok && r.value.leaderElection.enabled).toBe(enabled);
  });

  it.each([
    [{}, {}, "default"],
    [{}, { POD_NAMESPACE: "gslb" }, "gslb"],
    [{}, { POD_NAMESPACE: "gslb", ROUTE53_GSLB_LEADER_ELECTION_NAMESPACE: "leases" }, "leases"],
    [{ leaderElectionNamespace: "flag" }, { POD_NAMESPACE: "gslb" }, "flag"],
  ])("Lease namespace with flags %o and env %o: %s", (flags, env, namespace) => {
    const r = parseControllerFlags({ ...base, ...flags }, env);
    expect(r.ok && r.value.leaderElection.namespace).toBe(namespace);
  });

  it.each([
    [{}, {}, "us-east-1"],
    [{}, { AWS_DEFAULT_REGION: "eu-west-3" }, "eu-west-3"],
    [{}, { AWS_DEFAULT_REGION: "eu-west-3", AWS_REGION: "eu-west-2" }, "eu-west-2"],
    [{}, { AWS_REGION: "eu-west-2", ROUTE53_GSLB_AWS_REGION: "eu-west-1" }, "eu-west-1"],
    [{ awsRegion: "ap-south-1" }, { ROUTE53_GSLB_AWS_REGION: "eu-west-1" }, "ap-south-1"],
  ])("AWS region with flags %o and env %o: %s", (flags, env, region) => {
    const r = parseControllerFlags({ ...base, ...flags }, env);
    expect(r.ok && r.value.aws.region).toBe(region);
  });

  it("the lease name follows the owner id, from the environment too", () => {
    const r = parseControllerFlags(base, { ROUTE53_GSLB_OWNER_ID: "team-a" });
    expect(r.ok && r.value.leaderElection.leaseName).toBe("route53-gslb-team-a");
  });

  it("main hands its env to the controller's flags", async () => {
    let stderr = "";
    const code = await main(
      ["controller"],
      {
        stdout: () => {},
        stderr: (t) => {
          stderr += t;
        },
        readStdin: async () => "",
      },
      { ROUTE53_GSLB_CLUSTER_NAME: "not a name", ROUTE53_GSLB_SOURCES: "contour-httpproxy" },
    );
    expect(code).toBe(1);
    expect(stderr).toBe(
      "error: Expected `--cluster-name` to be 1 to 128 letters, digits, `.`, `_`, `:` or `-`, starting with a letter or digit, got `not a name`\n" +
        "error: Expected `--sources` to be one of `gateway-api`, `istio-gateway`, `tetrate-gateway`, `service`, `ingress` or `dnsendpoint`, got `contour-httpproxy`\n",
    );
  });
});

function problems(flags: RawControllerFlags, env: Record<string, string | undefined> = {}): string[] {
  const r = parseControllerFlags({ ...base, ...flags }, env);
  return r.ok ? [] : r.error;
}

describe("parseControllerFlags: --aws-assume-role", () => {
  it("reads the role and external id from ROUTE53_GSLB_* and names the session after the cluster", () => {
    const r = parseControllerFlags(base, {
      ROUTE53_GSLB_AWS_ASSUME_ROLE: "arn:aws:iam::222222222222:role/dns",
      ROUTE53_GSLB_AWS_ASSUME_ROLE_EXTERNAL_ID: "tenant-7",
    });
    expect(r.ok && r.value.aws.assumeRole).toEqual({
      roleArn: "arn:aws:iam::222222222222:role/dns",
      externalId: "tenant-7",
      sessionName: "route53-gslb-c1",
    });
  });
});
