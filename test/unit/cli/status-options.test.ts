import { describe, expect, it } from "vitest";
import { DEFAULT_REQUEST_DEADLINES } from "../../../src/aws/deadline-handler.js";
import { DEFAULT_RATE_LIMIT_CONFIG } from "../../../src/aws/rate-limiter.js";
import { parseStatusFlags, type RawStatusFlags } from "../../../src/cli/status-options.js";

function problems(flags: RawStatusFlags, env: Record<string, string | undefined> = {}): string[] {
  const r = parseStatusFlags(flags, env);
  return r.ok ? [] : r.error;
}

describe("parseStatusFlags", () => {
  it("needs no flag at all: every managed name of every zone, as text", () => {
    expect(parseStatusFlags({})).toEqual({
      ok: true,
      value: {
        hostnames: [],
        zoneFilter: {
          domainFilter: [],
          excludeDomains: [],
          zoneType: "any",
          zoneIds: [],
          zoneTags: [],
          splitHorizon: false,
        },
        output: "text",
        aws: {
          region: "us-east-1",
          rateLimits: DEFAULT_RATE_LIMIT_CONFIG,
          timeouts: DEFAULT_REQUEST_DEADLINES,
        },
        timeoutMs: 600_000,
      },
    });
  });

  it("normalises hostnames and takes the zone-filter and AWS flags as plan does", () => {
    const r = parseStatusFlags(
      {
        hostname: ["Ratings.TSE.tetratelabs.io", "bookinfo.tse.tetratelabs.io.", "*.apps.example.com"],
        domainFilter: [".tse.tetratelabs.io"],
        excludeDomain: ["internal.tse.tetratelabs.io"],
        zoneType: "public",
        zoneId: ["/hostedzone/Z0EXAMPLE"],
        zoneTags: ["team=dns", " env "],
        output: "json",
        awsRegion: "eu-west-2",
        awsRate: "2",
      },
      { AWS_ENDPOINT_URL: "http://127.0.0.1:5000" },
    );
    expect(r.ok && r.value).toEqual({
      hostnames: ["ratings.tse.tetratelabs.io.", "bookinfo.tse.tetratelabs.io.", "*.apps.example.com."],
      zoneFilter: {
        domainFilter: ["tse.tetratelabs.io."],
        excludeDomains: ["internal.tse.tetratelabs.io."],
        zoneType: "public",
        zoneIds: ["Z0EXAMPLE"],
        zoneTags: [{ key: "team", value: "dns" }, { key: "env" }],
        splitHorizon: false,
      },
      output: "json",
      aws: {
        endpoint: "http://127.0.0.1:5000",
        region: "eu-west-2",
        rateLimits: { ...DEFAULT_RATE_LIMIT_CONFIG, requestRate: 2 },
        timeouts: DEFAULT_REQUEST_DEADLINES,
      },
      timeoutMs: 600_000,
    });
  });

  it("reports every bad flag at once, worded like plan's", () => {
    expect(
      problems({
        hostname: ["ok.example.com", "not a host", "a..b.example.com"],
        zoneType: "hidden",
        output: "markdown",
        awsEndpoint: "localhost:5000",
      }),
    ).toEqual([
      "Expected `--hostname` to be a DNS name such as `app.example.com`, got `not a host`",
      "Expected `--hostname` to be a DNS name such as `app.example.com`, got `a..b.example.com`",
      "Expected `--zone-type` to be one of `public`, `private` or `any`, got `hidden`",
      "Expected `--output` to be one of `text` or `json`, got `markdown`",
      "Expected `--aws-endpoint` to be an http(s) URL such as `http://127.0.0.1:5000`, got `localhost:5000`",
    ]);
  });
});
