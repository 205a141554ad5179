import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { OFFLINE_PLAN_ARGS } from "../../scripts/peers/bookinfo.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const register = fileURLToPath(new URL("../fixtures/module-load-log/register.mjs", import.meta.url));
const HEAVY = [
  "@aws-sdk/client-route-53",
  "@aws-sdk/client-elastic-load-balancing-v2",
  "@kubernetes/client-node",
];

/** Runs the built CLI with the load-recording hook; returns the npm packages it loaded. */
function packagesLoadedBy(args: string[]): { packages: Set<string>; status: number | null; output: string } {
  const log = join(mkdtempSync(join(tmpdir(), "cold-start-")), "loads.txt");
  const run = spawnSync(process.execPath, ["--import", register, "bin/route53-gslb.js", ...args], {
    cwd: root,
    encoding: "utf8",
    env: {
      ...process.env,
      MODULE_LOAD_LOG: log,
      AWS_ACCESS_KEY_ID: "test",
      AWS_SECRET_ACCESS_KEY: "test",
    },
    timeout: 60_000,
  });
  const packages = new Set<string>();
  for (const url of readFileSync(log, "utf8").split("\n")) {
    const match = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
    if (match?.[1]) packages.add(match[1]);
  }
  return { packages, status: run.status, output: run.stdout + run.stderr };
}

describe("cold start: a command loads only what it needs", () => {
  it.each([
    ["--version", ["--version"]],
    ["--help", ["--help"]],
    ["plan --help", ["plan", "--help"]],
    ["an offline plan (snapshot file)", [...OFFLINE_PLAN_ARGS]],
    ["iam-policy (it makes no AWS call)", ["iam-policy", "--domain-filter", "example.com"]],
  ])("%s loads neither the AWS SDK nor the Kubernetes client", (_name, args) => {
    const { packages, status, output } = packagesLoadedBy(args);
    expect(status, output).toBe(0);
    expect(packages.has("commander"), "the hook recorded the CLI's own imports").toBe(true);
    for (const heavy of HEAVY) expect(packages, `${heavy} loaded by ${args.join(" ")}`).not.toContain(heavy);
  });

  it("a command that talks to AWS does load the SDK (the hook sees it)", () => {
    // Port 9 (discard) refuses the connection at once: the command fails, but only after loading the SDK.
    const { packages, status } = packagesLoadedBy([
      "status",
      "--aws-endpoint",
      "http://127.0.0.1:9",
      "--aws-region",
      "us-east-1",
      "--timeout",
      "20s",
    ]);
    expect(status).toBe(1);
    expect(packages).toContain("@aws-sdk/client-route-53");
  });
});
