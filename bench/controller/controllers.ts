// The two controllers the benchmark runs as child processes, as a user deploys them: real flags, the real
// kube-apiserver, Route 53 through the quota proxy. Their output goes to a log file, and their peak
// memory and CPU time are read from /proc before they are stopped.

import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { imageEntrypoint } from "../../test/fixtures/image-entrypoint.js";
import { BENCH_ZONE } from "./kube-fleet.js";

export type ControllerName = "route53-gslb" | "external-dns";

/** What a controller run needs to know. */
export interface ControllerSetup {
  kubeconfig: string;
  namespace: string;
  /** The quota proxy's endpoint. */
  awsEndpoint: string;
  /** Where its stdout and stderr go. */
  logFile: string;
}

export interface RunningController {
  readonly name: ControllerName;
  readonly child: ChildProcess;
  /** Date.now() just before it was spawned. */
  readonly startedAt: number;
  /** Peak RSS (VmHWM) in bytes and CPU seconds (user + system) so far. */
  usage(): ProcessUsage;
  /** SIGTERM, then SIGKILL after 15 s; resolves when it has exited. */
  stop(): Promise<void>;
}

export interface ProcessUsage {
  peakRssBytes: number;
  cpuSeconds: number;
}

const AWS_ENV = {
  AWS_ACCESS_KEY_ID: "testing",
  AWS_SECRET_ACCESS_KEY: "testing",
  AWS_REGION: "us-east-1",
};

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

let clockTicks: number | undefined;
/** Clock ticks per second of /proc/<pid>/stat's times (getconf CLK_TCK; 100 on Linux). */
function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    const r = spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" });
    clockTicks = Number(r.stdout?.trim()) || 100;
  }
  return clockTicks;
}

/** VmHWM (peak resident set) and utime + stime of a live process, from /proc. */
export function processUsage(pid: number): ProcessUsage {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const hwm = /^VmHWM:\s+(\d+)\s+kB$/m.exec(status);
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after "(comm) ": state is field 3, utime 14, stime 15 (proc(5)).
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  return { peakRssBytes: Number(hwm?.[1] ?? 0) * 1024, cpuSeconds: ticks / ticksPerSecond() };
}

function launch(
  name: ControllerName,
  command: string,
  args: string[],
  env: Record<string, string>,
  logFile: string,
): RunningController {
  const fd = openSync(logFile, "w");
  const startedAt = Date.now();
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ["ignore", fd, fd] });
  closeSync(fd);
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  let last: ProcessUsage = { peakRssBytes: 0, cpuSeconds: 0 };
  return {
    name,
    child,
    startedAt,
    usage() {
      if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
        try {
          last = processUsage(child.pid);
        } catch {
          // exited between the check and the read: the last reading stands
        }
      }
      return last;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** route53-gslb's controller from this checkout (bin/route53-gslb.js, dist/ built), on this node. */
/** route53-gslb's `--cluster-name` (and owner id) in the benchmark. */
export const ROUTE53_GSLB_CLUSTER = "bench";

export async function startRoute53Gslb(repo: string, s: ControllerSetup): Promise<RunningController> {
  const port = await freePort();
  const args = [
    "controller",
    "--cluster-name",
    ROUTE53_GSLB_CLUSTER,
    "--kubeconfig",
    s.kubeconfig,
    "--aws-endpoint",
    s.awsEndpoint,
    "--sources",
    "service",
    "--namespace",
    s.namespace,
    "--no-leader-elect",
    "--domain-filter",
    BENCH_ZONE,
    "--metrics-addr",
    `127.0.0.1:${port}`,
  ];
  // The image's ENTRYPOINT, as a deployed controller runs: its node flags (`npm start` would not set
  // them) and its program, the bundle `npm run build` writes.
  const image = imageEntrypoint(readFileSync(join(repo, "Dockerfile"), "utf8"));
  return launch(
    "route53-gslb",
    process.execPath,
    [...image.nodeFlags, join(repo, image.script), ...args],
    AWS_ENV,
    s.logFile,
  );
}

/**
 * external-dns with the flags its AWS tutorial uses for Services, one sync a minute (its default), the
 * TXT registry, and Route 53 at the proxy: the AWS SDK for Go v2 reads AWS_ENDPOINT_URL_ROUTE_53.
 */
export async function startExternalDns(binary: string, s: ControllerSetup): Promise<RunningController> {
  const port = await freePort();
  const args = [
    "--source=service",
    "--provider=aws",
    // v0.22 refuses to start without an explicit policy; sync is route53-gslb's default too.
    "--policy=sync",
    "--registry=txt",
    "--txt-owner-id=bench",
    "--interval=1m",
    `--namespace=${s.namespace}`,
    `--domain-filter=${BENCH_ZONE}`,
    `--kubeconfig=${s.kubeconfig}`,
    `--metrics-address=127.0.0.1:${port}`,
    "--log-level=info",
  ];
  const env = { ...AWS_ENV, AWS_ENDPOINT_URL_ROUTE_53: s.awsEndpoint, AWS_ENDPOINT_URL: s.awsEndpoint };
  return launch("external-dns", binary, args, env, s.logFile);
}
