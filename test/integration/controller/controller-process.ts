// Runs `route53-gslb controller` as a child process, as a user deploys it: real flags, real clients,
// its own metrics/health server. Tests talk to it only through the apiserver, Route 53 and HTTP.

import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { inject } from "vitest";
import { freePort } from "../../../scripts/peers/moto.mjs";

// The peers' free-port helper, for the tests that import it from here.
export { freePort };

const BIN = join(new URL("../../../", import.meta.url).pathname, "bin", "route53-gslb.js");

export interface ControllerProcess {
  readonly child: ChildProcess;
  readonly metricsUrl: string;
  /** Everything it logged so far (stdout and stderr). */
  output(): string;
  /** Fetch /metrics as text. */
  metrics(): Promise<string>;
  /** SIGTERM and wait for exit; resolves to the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL: a crash, no lease release. */
  kill(): Promise<void>;
}

/**
 * The flags a controller test starts from: cluster `c1`, one domain, one namespace, the Gateway API
 * source only, the run's kube-apiserver, and AWS at `endpoint` (a proxy in front of moto).
 */
export function controllerFlags(o: { domain: string; namespace: string; endpoint: string }): string[] {
  return [
    "--cluster-name",
    "c1",
    "--domain-filter",
    o.domain,
    "--kubeconfig",
    inject("kubeconfig"),
    "--aws-endpoint",
    o.endpoint,
    "--namespace",
    o.namespace,
    "--sources",
    "gateway-api",
  ];
}

export async function startController(
  args: string[],
  env: Record<string, string> = {},
): Promise<ControllerProcess> {
  const port = await freePort();
  const metricsUrl = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [BIN, "controller", "--metrics-addr", `127.0.0.1:${port}`, ...args], {
    env: {
      ...process.env,
      AWS_ACCESS_KEY_ID: "testing",
      AWS_SECRET_ACCESS_KEY: "testing",
      AWS_REGION: "us-east-1",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.on("data", (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on("data", (d: Buffer) => {
    out += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  // Up means its HTTP server answers /healthz.
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`controller exited with ${child.exitCode}:\n${out}`);
    try {
      const res = await fetch(`${metricsUrl}/healthz`);
      if (res.status < 500) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`controller did not answer /healthz within 20 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    metricsUrl,
    output: () => out,
    metrics: async () => (await fetch(`${metricsUrl}/metrics`)).text(),
    stop: async () => {
      if (child.exitCode === null) child.kill("SIGTERM");
      // A controller that does not stop on SIGTERM is a bug the test should see, not a hung run.
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
    kill: async () => {
      if (child.exitCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}

/** Poll `check` until it returns a value (not undefined) or `timeoutMs` passes; throws with `what`. */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Reconcile runs finished so far, from /metrics text (`route53_gslb_reconcile_duration_seconds_count`),
 * of one outcome or of all. A count is the positive signal a test waits for before a negative check.
 */
export function reconcileCount(metrics: string, outcome?: string): number {
  let total = 0;
  for (const m of metrics.matchAll(
    /^route53_gslb_reconcile_duration_seconds_count\{outcome="([^"]+)"\} (\d+)$/gm,
  )) {
    if (outcome === undefined || m[1] === outcome) total += Number(m[2]);
  }
  return total;
}
