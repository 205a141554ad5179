import type { LeastPrivilegeInput } from "../iam/least-privilege.js";
import { partitionOfArn, partitionOfRegion } from "../iam/partition.js";
import { err, ok, type Result } from "../model/result.js";
import { type Env, readOptions } from "./options/read.js";
import type { RawFlags } from "./options/table.js";
import { zoneFilterFrom } from "./plan-options.js";

/** `iam-policy`'s flags as commander hands them over: strings, unvalidated. */
export type RawIamPolicyFlags = RawFlags<"iam-policy">;

/**
 * Validate `iam-policy`'s flags once, every problem at once, worded like the other commands'. The
 * zone flags, `--policy`, `--aws-region` and `--aws-assume-role` are the options table's own, so they
 * mean what they mean to the command the policy is for; `--aws-region` only decides the partition.
 */
export function parseIamPolicyFlags(
  raw: RawIamPolicyFlags,
  env: Env = {},
): Result<LeastPrivilegeInput, string[]> {
  const problems: string[] = [];
  const v = readOptions("iam-policy", raw, env, problems);
  const partition = partitionOfRegion(v.awsRegion);
  // A bad `--for` is reported once, as a bad value, not again as missing.
  if (v.awsAssumeRole !== undefined && raw.for === undefined) {
    problems.push(
      "Expected `--for` to be `cluster` or `dns-account` with `--aws-assume-role`: the two roles get different policies",
    );
  }
  if (v.policyFor !== undefined && v.awsAssumeRole === undefined) {
    problems.push(`Expected \`--aws-assume-role\` with \`--for ${v.policyFor}\`, got no role`);
  }
  if (v.awsAssumeRole !== undefined && partitionOfArn(v.awsAssumeRole) !== partition) {
    problems.push(
      `Expected \`--aws-assume-role\` in the partition of --aws-region ${v.awsRegion} (\`arn:${partition}:\`), got \`${v.awsAssumeRole}\``,
    );
  }
  if (problems.length > 0) return err(problems);
  return ok({
    commands: [...new Set(v.iamCommands)],
    zoneFilter: zoneFilterFrom(v),
    settings: { healthChecks: v.healthChecks, loadBalancers: v.loadBalancers, changePolicy: v.policy },
    partition,
    ...(v.awsAssumeRole !== undefined && v.policyFor !== undefined
      ? { assumeRole: { roleArn: v.awsAssumeRole, for: v.policyFor } }
      : {}),
  });
}
