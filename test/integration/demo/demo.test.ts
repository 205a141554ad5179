// `npm run demo` (scripts/demo.js, after the build the suite has done) as a user runs it, on the
// suite's Node: all five steps against its own moto, and not one Node process warning on stderr. The
// AWS SDK warned on every client it made under Node < 22 (a 9-line NodeVersionSupportWarning) and
// the demo used to hide that with AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED; on Node 24 nothing
// is hidden, so no variable that silences warnings reaches these runs. The first test shows the
// check really sees the SDK's warning when it is printed.

import { execFile } from "node:child_process";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { motoEndpoint } from "../peers/aws.js";

const ROOT = resolve(import.meta.dirname, "../../..");

/** A warning Node printed for a process (`(node:PID) Warning: …`, `…DeprecationWarning: …`), or the SDK's own name for it. */
const PROCESS_WARNING = /\(node:\d+\) \w*Warning|NodeVersionSupportWarning/;

/** The environment of these runs: the suite's, less everything that hides warnings, with dummy AWS keys. */
function envWithoutSilencing(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (
      key === "AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED" ||
      key === "NODE_NO_WARNINGS" ||
      key === "NODE_OPTIONS" ||
      key.startsWith("AWS_")
    ) {
      continue;
    }
    env[key] = value;
  }
  return { ...env, AWS_ACCESS_KEY_ID: "testing", AWS_SECRET_ACCESS_KEY: "testing", AWS_REGION: "us-east-1" };
}

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      args,
      { cwd: ROOT, env: envWithoutSilencing(), maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : null) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

describe("no runtime warnings", () => {
  it("the check sees the SDK's Node version warning when the SDK prints it", async () => {
    const r = await run([
      "--input-type=module",
      "-e",
      "import { emitWarningIfUnsupportedVersion } from '@aws-sdk/core/client'; emitWarningIfUnsupportedVersion('v20.20.2');",
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(PROCESS_WARNING);
  });

  it("an AWS command prints none", async () => {
    const r = await run([join(ROOT, "bin/route53-gslb.js"), "status", "--aws-endpoint", motoEndpoint()]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(PROCESS_WARNING);
  });

  it("npm run demo runs its five steps and prints none", async () => {
    const r = await run([join(ROOT, "scripts/demo.js")]);
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    for (const step of [
      "# 1. What CI shows for cluster-1",
      "# 2. Each cluster applies its own members",
      "# 3. The GSLB view of",
      "# 4. Planning again against AWS: nothing left to do",
      "# 5. Take cluster-1 out of rotation",
      "$ route53-gslb undrain --cluster-name cluster-1",
    ]) {
      expect(r.stdout).toContain(step);
    }
    expect(r.stdout).toContain("No changes.");
    expect(r.stderr).not.toMatch(PROCESS_WARNING);
  }, 300_000);
});
