import { describe, expect, it } from "vitest";
import { DEFAULT_REQUEST_DEADLINES } from "../../../src/aws/deadline-handler.js";
import { parseAwsFlags, type RawAwsFlags, sessionName } from "../../../src/cli/aws-options.js";

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

describe("parseAwsFlags: a role in a central DNS account", () => {
  const role = "arn:aws:iam::222222222222:role/route53-gslb-dns";

  it("assumes no role by default", () => {
    expect(parse({}).settings.assumeRole).toBeUndefined();
  });

  it("takes the role and its external id; `status` names the session after the program", () => {
    expect(parse({ awsAssumeRole: role, awsAssumeRoleExternalId: "x" })).toEqual({
      settings: expect.objectContaining({
        assumeRole: { roleArn: role, externalId: "x", sessionName: "route53-gslb" },
      }),
      problems: [],
    });
    expect(
      parse({ awsAssumeRole: "arn:aws-cn:iam::222222222222:role/path/dns" }).settings.assumeRole,
    ).toEqual({
      roleArn: "arn:aws-cn:iam::222222222222:role/path/dns",
      sessionName: "route53-gslb",
    });
  });

  it.each([
    [
      { awsAssumeRole: "dns" },
      "Expected `--aws-assume-role` to be an IAM role ARN such as `arn:aws:iam::123456789012:role/dns`, got `dns`",
    ],
    [
      { awsAssumeRole: "arn:aws:iam::222222222222:user/dns" },
      "Expected `--aws-assume-role` to be an IAM role ARN such as `arn:aws:iam::123456789012:role/dns`, got `arn:aws:iam::222222222222:user/dns`",
    ],
    [
      { awsAssumeRoleExternalId: "x" },
      "Expected `--aws-assume-role` with `--aws-assume-role-external-id`, got no role",
    ],
    [
      { awsAssumeRole: role, awsAssumeRoleExternalId: "a b" },
      "Expected `--aws-assume-role-external-id` to be up to 1224 letters, digits and `+=,.@:/-`, got `a b`",
    ],
  ])("rejects %o", (raw, problem) => {
    expect(parse(raw).problems).toEqual([problem]);
  });
});

describe("sessionName: route53-gslb-<cluster>, within STS's rules", () => {
  it.each([
    [undefined, "route53-gslb"],
    ["eu-west-1-a", "route53-gslb-eu-west-1-a"],
    ["team/prod cluster", "route53-gslb-team-prod-cluster"],
    ["c".repeat(80), `route53-gslb-${"c".repeat(51)}`],
  ])("%s → %s", (cluster, name) => {
    expect(sessionName(cluster)).toBe(name);
    expect(name).toMatch(/^[\w+=,.@-]{2,64}$/);
  });
});
