// Every command that reads or writes AWS, run as users run it (the built CLI, a child process),
// against an endpoint that accepts connections and never answers. Before AWS calls had deadlines
// these runs never ended; now each exits 1 and says which endpoint did not answer within which
// timeout. Wall time is never asserted: vitest's timeout only stops a run that hangs.

import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BlackHole, startBlackHole } from "../peers/black-hole.js";

const ROOT = resolve(import.meta.dirname, "../../..");
const BIN = join(ROOT, "bin/route53-gslb.js");

const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
  annotations:
    route53-gslb.io/hostnames: web.example.com
spec:
  type: LoadBalancer
status:
  loadBalancer:
    ingress:
      - hostname: web-0123456789.elb.us-east-1.amazonaws.com
`;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The built CLI in a child process; resolves with its exit code, however it ended. */
function cli(args: string[]): Promise<Run> {
  return new Promise((resolvePromise) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      {
        cwd: ROOT,
        env: {
          ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== "AWS_ENDPOINT_URL")),
          AWS_ACCESS_KEY_ID: "testing",
          AWS_SECRET_ACCESS_KEY: "testing",
          AWS_REGION: "us-east-1",
        },
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : null) : 0;
        resolvePromise({ code, stdout, stderr });
      },
    );
  });
}

describe("a CLI run against an AWS endpoint that never answers", () => {
  let hole: BlackHole;
  let dir: string;

  beforeAll(async () => {
    hole = await startBlackHole();
    dir = await mkdtemp(join(tmpdir(), "r53gslb-silent-"));
    await writeFile(join(dir, "service.yaml"), SERVICE);
  });
  afterAll(async () => {
    await hole.close();
    await rm(dir, { recursive: true, force: true });
  });

  const commands: Record<string, () => string[]> = {
    "plan --zones aws": () => ["plan", "-f", dir, "--zones", "aws", "--cluster-name", "c1"],
    apply: () => ["apply", "-f", dir, "--cluster-name", "c1"],
    status: () => ["status"],
    drain: () => ["drain", "--cluster-name", "c1"],
    // The STS AssumeRole call goes to the same endpoint with the same deadlines.
    "status --aws-assume-role": () => ["status", "--aws-assume-role", "arn:aws:iam::222222222222:role/dns"],
  };

  for (const [name, args] of Object.entries(commands)) {
    it(`${name}: each request times out, is retried, and the run exits 1 naming the endpoint and the request timeout`, async () => {
      const before = hole.connections();
      const run = await cli([
        ...args(),
        "--aws-endpoint",
        hole.endpoint,
        "--aws-connect-timeout",
        "200ms",
        "--aws-request-timeout",
        "300ms",
      ]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(
        `gave up after 3 attempts: AwsTimeout: no answer from ${hole.endpoint} within the request timeout of 300ms (--aws-request-timeout)`,
      );
      // Retried: every attempt is a new connection (a timed-out one is destroyed).
      expect(hole.connections() - before).toBeGreaterThanOrEqual(3);
    });

    it(`${name}: --timeout ends the whole run, exit 1, naming the endpoint and the timeout`, async () => {
      const run = await cli([...args(), "--aws-endpoint", hole.endpoint, "--timeout", "1s"]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(
        `did not finish within --timeout 1s waiting for the AWS endpoint ${hole.endpoint}`,
      );
    });
  }

  // The acceptance case: no timeout flags at all. 3 attempts of 15 s end the run in about 45 s; the
  // vitest timeout below only stops a run that would hang.
  it("with the default timeouts, status still exits 1 naming the endpoint and the 15 s request timeout", {
    timeout: 180_000,
  }, async () => {
    const run = await cli(["status", "--aws-endpoint", hole.endpoint]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `gave up after 3 attempts: AwsTimeout: no answer from ${hole.endpoint} within the request timeout of 15s (--aws-request-timeout)`,
    );
  });

  it("rejects timeouts that are not durations, before reaching AWS", async () => {
    const run = await cli([
      "status",
      "--aws-endpoint",
      hole.endpoint,
      "--aws-request-timeout",
      "soon",
      "--timeout",
      "0",
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("Expected `--aws-request-timeout` to be a duration");
    expect(run.stderr).toContain("Expected `--timeout` to be a duration");
  });
});
