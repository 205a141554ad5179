import { describe, expect, it } from "vitest";
import { DEFAULT_REQUEST_DEADLINES } from "../../../src/aws/deadline-handler.js";
import { parseAwsFlags, type RawAwsFlags } from "../../../src/cli/aws-options.js";

function parse(raw: RawAwsFlags, env: Record<string, string | undefined> = {}) {
  const problems: string[] = [];
  const settings = parseAwsFlags(raw, env, problems);
  return { settings, problems };
}

describe("parseAwsFlags: request deadlines", () => {
  it("defaults to a 5 s connect timeout and a 15 s request timeout", () => {
    expect(DEFAULT_REQUEST_DEADLINES).toEqual({ connectMs: 5_000, requestMs: 15_000 });
    expect(parse({})).toEqual({
      settings: expect.objectContaining({ timeouts: { connectMs: 5_000, requestMs: 15_000 } }),
      problems: [],
    });
  });

  it("takes durations in every unit the other duration flags take", () => {
    expect(parse({ awsConnectTimeout: "500ms", awsRequestTimeout: "1m" }).settings.timeouts).toEqual({
      connectMs: 500,
      requestMs: 60_000,
    });
    expect(parse({ awsConnectTimeout: "2", awsRequestTimeout: "2.5s" }).settings.timeouts).toEqual({
      connectMs: 2_000,
      requestMs: 2_500,
    });
  });

  it.each([
    [
      { awsConnectTimeout: "soon" },
      "Expected `--aws-connect-timeout` to be a duration such as `1s`, `500ms` or `2m`, got `soon`",
    ],
    [
      { awsRequestTimeout: "0" },
      "Expected `--aws-request-timeout` to be a duration such as `1s`, `500ms` or `2m`, got `0`",
    ],
    [
      { awsRequestTimeout: "-1s" },
      "Expected `--aws-request-timeout` to be a duration such as `1s`, `500ms` or `2m`, got `-1s`",
    ],
    [
      { awsConnectTimeout: "20s", awsRequestTimeout: "10s" },
      "Expected `--aws-connect-timeout` to be at most `--aws-request-timeout`",
    ],
  ])("rejects %o", (raw, problem) => {
    expect(parse(raw).problems).toEqual([problem]);
  });

  it("a connect timeout longer than the default request timeout is named, not silently ignored", () => {
    expect(parse({ awsConnectTimeout: "30s" }).problems).toEqual([
      "Expected `--aws-connect-timeout` to be at most `--aws-request-timeout`",
    ]);
  });
});
