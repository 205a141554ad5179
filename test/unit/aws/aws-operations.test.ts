import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { AWS_OPERATIONS, type AwsOperation, iamActionOf } from "../../../src/aws/aws-operations.js";

/**
 * The operation table is what the IAM policies are built from, so it must name every command the
 * source sends and nothing it does not. (The integration tests in test/integration/iam/ check the
 * same from the other side: the requests real runs make.)
 */

const SRC = resolve(import.meta.dirname, "../../../src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

/** Operation → the files that construct its SDK command (`new ListHostedZonesCommand(`). */
function commandsSent(): Map<string, string[]> {
  const sent = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/\bnew ([A-Z][A-Za-z0-9]*)Command\(/g)) {
      const operation = m[1] ?? "";
      sent.set(operation, [...(sent.get(operation) ?? []), relative(SRC, file)]);
    }
    // STS AssumeRole is sent by the SDK's temporary-credentials provider, built in aws/clients.ts.
    if (/\bfromTemporaryCredentials\(/.test(text)) {
      sent.set("AssumeRole", [...(sent.get("AssumeRole") ?? []), relative(SRC, file)]);
    }
  }
  return sent;
}

describe("AWS_OPERATIONS: every AWS operation the source sends", () => {
  const sent = commandsSent();

  it("finds the commands in the source", () => {
    expect(sent.get("ListHostedZones")).toEqual(["route53/route53-api.ts"]);
    expect(sent.get("DescribeLoadBalancers")).toEqual(["targets/load-balancers.ts"]);
    expect(sent.get("AssumeRole")).toEqual(["aws/clients.ts"]);
  });

  it("lists every operation the source sends, and only those", () => {
    expect([...sent.keys()].sort()).toEqual(Object.keys(AWS_OPERATIONS).sort());
  });

  it.each(Object.keys(AWS_OPERATIONS) as AwsOperation[])(
    "%s: its IAM action is <service>:<operation>",
    (operation) => {
      expect(iamActionOf(operation)).toMatch(new RegExp(`^(route53|elasticloadbalancing|sts):${operation}$`));
    },
  );
});
