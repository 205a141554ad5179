import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_ZONE_FILTER } from "../../../src/config/config.js";
import type { PolicyCommand } from "../../../src/iam/calls-by-command.js";
import { type LeastPrivilegeInput, leastPrivilegePolicy } from "../../../src/iam/least-privilege.js";

/**
 * The policies shipped in iam/ are what `route53-gslb iam-policy` prints for the default commands,
 * with placeholders where the user's zone ids and accounts go: one source (aws/aws-operations.ts and
 * iam/calls-by-command.ts), so a new AWS call cannot reach one and miss the other. The names condition
 * is left out of the files (it needs the user's domains; iam/README.md shows how to add it).
 */

/** A policy file of iam/, with each statement's Action as a list (the files write one action bare). */
function shipped(file: string): unknown {
  const policy = JSON.parse(readFileSync(resolve(import.meta.dirname, "../../../iam", file), "utf8")) as {
    Statement: { Action: string | string[] }[];
  };
  return {
    ...policy,
    Statement: policy.Statement.map((s) => ({ ...s, Action: [s.Action].flat() })),
  };
}

const PLACEHOLDER_ZONES = { ...DEFAULT_ZONE_FILTER, zoneIds: ["ZONE_ID_1", "ZONE_ID_2"] };
const DNS_ROLE = "arn:aws:iam::DNS_ACCOUNT_ID:role/route53-gslb-dns";

function generated(commands: PolicyCommand[], assumeRole?: LeastPrivilegeInput["assumeRole"]) {
  return leastPrivilegePolicy({
    commands,
    zoneFilter: PLACEHOLDER_ZONES,
    settings: { healthChecks: true, loadBalancers: true, changePolicy: "sync" },
    partition: "aws",
    ...(assumeRole ? { assumeRole } : {}),
  }).policy;
}

describe("iam/*.json are iam-policy's output for the default commands", () => {
  it.each([
    ["policy.json", ["controller"], undefined],
    ["policy.json", ["apply", "drain", "undrain"], undefined],
    ["policy-readonly.json", ["plan", "status"], undefined],
    ["dns-account-policy.json", ["controller"], { roleArn: DNS_ROLE, for: "dns-account" }],
    ["cluster-role-policy-central-dns.json", ["controller"], { roleArn: DNS_ROLE, for: "cluster" }],
  ] as [string, PolicyCommand[], LeastPrivilegeInput["assumeRole"]][])(
    "%s: --commands %s",
    (file, commands, assumeRole) => {
      expect(generated(commands, assumeRole)).toEqual(shipped(file));
    },
  );
});
