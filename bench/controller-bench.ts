/**
 * Controller benchmark: `npm run bench:controller` (N = 1,000 and 5,000), `npm run bench:controller --
 * 20000` (the longer run), `-- --with-external-dns` for external-dns v0.22.0 side by side.
 *
 * End to end, as deployed: a real kube-apiserver (scripts/peers/kube.mjs) holding N LoadBalancer
 * Services with a hostname annotation and a load balancer IP, moto (scripts/peers/moto.mjs) behind the
 * proxy with Route 53's quotas modelled (test/integration/peers/route53-quota.ts), and each controller as
 * a child process. Everything is measured from the proxy's request log and /proc, the same way for both
 * controllers. Prints figures; nothing here passes or fails on a time. See docs/benchmarks.md.
 */
import { writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  CreateHostedZoneCommand,
  ListResourceRecordSetsCommand,
  type ListResourceRecordSetsCommandOutput,
  Route53Client,
} from "@aws-sdk/client-route-53";
import { startFaultProxy } from "../test/integration/peers/fault-proxy.js";
import { lowerBoundSeconds, type Route53QuotaConfig } from "../test/integration/peers/route53-quota.js";
import { measureCaches } from "./controller/cache-sizes.js";
import { type CliStartRow, formatCliStart, measureCliStart } from "./controller/cli-start.js";
import {
  type ControllerName,
  type ControllerSetup,
  ROUTE53_GSLB_CLUSTER,
  type RunningController,
  startExternalDns,
  startRoute53Gslb,
} from "./controller/controllers.js";
import { BENCH_ZONE, hostnameOf, KubeFleet } from "./controller/kube-fleet.js";
import {
  type ActionCounts,
  acceptedCost,
  batchLowerBound,
  changeAnswerSeconds,
  countActions,
  percentile,
  ZoneFollower,
} from "./controller/proxy-log.js";
import { formatReport, type RunResult } from "./controller/report.js";

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const DEFAULT_SIZES = [1_000, 5_000];
const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Options {
  sizes: number[];
  withExternalDns: boolean;
  /** Run external-dns alone (to check its set-up without waiting for route53-gslb's run). */
  onlyExternalDns: boolean;
  /** Annotation changes streamed after the steady-state window. */
  changes: number;
  /** Changes per second. */
  changeRate: number;
  /** Length of the steady-state window, seconds. */
  steadySeconds: number;
  convergeTimeoutSeconds: number;
  quota: Partial<Route53QuotaConfig>;
  json?: string;
}

function parseOptions(argv: string[]): Options {
  const o: Options = {
    sizes: [],
    withExternalDns: false,
    onlyExternalDns: false,
    changes: 200,
    changeRate: 5,
    steadySeconds: 120,
    convergeTimeoutSeconds: 900,
    quota: {},
  };
  const num = (flag: string, v: string | undefined) => {
    const n = Number(v);
    if (!(n > 0)) throw new Error(`Expected \`${flag}\` to be a number above 0, got \`${v}\``);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? "";
    const v = () => argv[++i];
    if (/^\d+$/.test(a)) o.sizes.push(Number(a));
    else if (a === "--with-external-dns") o.withExternalDns = true;
    else if (a === "--only-external-dns") o.onlyExternalDns = o.withExternalDns = true;
    else if (a === "--changes") o.changes = num(a, v());
    else if (a === "--change-rate") o.changeRate = num(a, v());
    else if (a === "--steady") o.steadySeconds = num(a, v());
    else if (a === "--converge-timeout") o.convergeTimeoutSeconds = num(a, v());
    else if (a === "--quota-rate")
      o.quota.account = { ...(o.quota.account ?? { burst: 50 }), rate: num(a, v()) };
    else if (a === "--quota-burst")
      o.quota.account = { ...(o.quota.account ?? { rate: 10 }), burst: num(a, v()) };
    else if (a === "--propagation") o.quota.propagationMs = num(a, v());
    else if (a === "--json") o.json = v();
    else throw new Error(`unknown argument ${a} (see docs/benchmarks.md)`);
  }
  if (o.sizes.length === 0) o.sizes = DEFAULT_SIZES;
  return o;
}

interface Peers {
  kubeconfig: string;
  motoEndpoint: string;
  externalDns?: string;
  stop(): Promise<void>;
}

async function startPeers(withExternalDns: boolean): Promise<Peers> {
  // Plain-JS peer scripts, loaded from the checkout (they are not compiled into dist-bench/).
  const kubeMod: typeof import("../scripts/peers/kube.mjs") = await import(
    pathToFileURL(join(REPO, "scripts/peers/kube.mjs")).href
  );
  const motoMod: typeof import("../scripts/peers/moto.mjs") = await import(
    pathToFileURL(join(REPO, "scripts/peers/moto.mjs")).href
  );
  let externalDns: string | undefined;
  if (withExternalDns) {
    const build: typeof import("./external-dns/build.mjs") = await import(
      pathToFileURL(join(REPO, "bench/external-dns/build.mjs")).href
    );
    externalDns = (await build.ensureExternalDns()).path;
  }
  const moto = await motoMod.startMoto();
  const kube = await kubeMod.startKube({ installCrds: false });
  log(`moto at ${moto.endpoint}; kube-apiserver at ${kube.server}`);
  return {
    kubeconfig: kube.kubeconfig,
    motoEndpoint: moto.endpoint,
    ...(externalDns ? { externalDns } : {}),
    async stop() {
      await kube.stop();
      await moto.stop();
    },
  };
}

const r53 = (endpoint: string) =>
  new Route53Client({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
  });

/** The A record names in the zone, read from moto directly (not through the proxy). */
async function aRecordNames(endpoint: string, zoneId: string): Promise<Set<string>> {
  const names = new Set<string>();
  let next: {
    StartRecordName?: string;
    StartRecordType?: ListResourceRecordSetsCommandOutput["NextRecordType"];
  } = {};
  for (;;) {
    const page = await r53(endpoint).send(
      new ListResourceRecordSetsCommand({ HostedZoneId: zoneId, MaxItems: 1000, ...next }),
    );
    for (const r of page.ResourceRecordSets ?? []) {
      if (r.Type === "A") names.add((r.Name ?? "").replace(/\.$/, ""));
    }
    if (!page.IsTruncated) return names;
    next = { StartRecordName: page.NextRecordName, StartRecordType: page.NextRecordType };
  }
}

/** Polls `done` every half second until it holds or `timeoutMs` passes; false on timeout. */
async function until(done: () => boolean, timeoutMs: number, child?: RunningController): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (child && child.child.exitCode !== null)
      throw new Error(`${child.name} exited with ${child.child.exitCode}`);
    if (Date.now() > deadline) return false;
    await sleep(500);
  }
  return true;
}

/** The state of the Services between runs: each one's current hostname, and the last generation used. */
interface Fleet {
  namespace: string;
  names: string[];
  gen: number;
}

async function runOne(
  name: ControllerName,
  fleet: Fleet,
  peers: Peers,
  kube: KubeFleet,
  o: Options,
  logDir: string,
): Promise<RunResult> {
  const n = fleet.names.length;
  const motoMod: typeof import("../scripts/peers/moto.mjs") = await import(
    pathToFileURL(join(REPO, "scripts/peers/moto.mjs")).href
  );
  await motoMod.resetMoto(peers.motoEndpoint);
  const zone = await r53(peers.motoEndpoint).send(
    new CreateHostedZoneCommand({ Name: `${BENCH_ZONE}.`, CallerReference: `bench-${Date.now()}` }),
  );
  const zoneId = (zone.HostedZone?.Id ?? "").replace("/hostedzone/", "");
  const proxy = await startFaultProxy(peers.motoEndpoint, [], { quota: o.quota });
  const quota = proxy.quota?.config;
  if (!quota) throw new Error("the proxy has no quota model");
  const setup: ControllerSetup = {
    kubeconfig: peers.kubeconfig,
    namespace: fleet.namespace,
    awsEndpoint: proxy.endpoint,
    logFile: join(logDir, `${name}-${n}.log`),
  };
  const follower = new ZoneFollower(() => proxy.log);
  log(`${name}, N=${n}: starting (log ${setup.logFile})`);
  const c =
    name === "route53-gslb"
      ? await startRoute53Gslb(REPO, setup)
      : await startExternalDns(peers.externalDns ?? "", setup);
  try {
    // Cold sync: until every Service's name has an A record.
    const converged = await until(
      () => {
        follower.update();
        return follower.holdsAll(fleet.names);
      },
      o.convergeTimeoutSeconds * 1000,
      c,
    );
    const firstRequest = proxy.log.find((l) => l.service === "route53")?.at ?? Number.NaN;
    const lastNeeded = Math.max(...fleet.names.map((h) => follower.firstWritten.get(h) ?? Number.NaN));
    const coldEnd = converged ? lastNeeded + 1 : Date.now();
    const coldActions = countActions(proxy.log, c.startedAt, coldEnd);
    const coldCost = acceptedCost(proxy.log, c.startedAt, coldEnd);
    const batchBound = batchLowerBound(coldCost, quota.maxElements, quota.maxCharacters);
    // One ListHostedZones and one page of the new zone's records are the least any controller reads.
    const readBound = 2;
    const boundSeconds = lowerBoundSeconds(
      { requests: readBound + batchBound, batchesPerZone: [batchBound], changeTokens: coldCost.tokens },
      quota,
    );
    log(`${name}, N=${n}: ${converged ? "converged" : "did NOT converge"}; settling`);

    // Steady state: a fixed window once no change batch was accepted for 10 s (at most 2 min).
    await until(() => {
      follower.update();
      return Date.now() - follower.lastChangeAt > 10_000;
    }, 120_000);
    const steadyFrom = Date.now();
    log(`${name}, N=${n}: steady-state window of ${o.steadySeconds} s`);
    await sleep(o.steadySeconds * 1000);
    const steadyActions = countActions(proxy.log, steadyFrom, steadyFrom + o.steadySeconds * 1000);

    // A stream of annotation changes at a fixed rate; each new name is unique to this run.
    fleet.gen++;
    const patchedAt = new Map<string, number>();
    const step = Math.max(1, Math.floor(n / o.changes));
    const streamFrom = Date.now();
    log(`${name}, N=${n}: streaming ${o.changes} annotation changes at ${o.changeRate}/s`);
    const patches: Promise<void>[] = [];
    for (let j = 0; j < o.changes; j++) {
      const i = (j * step) % n;
      const hostname = hostnameOf(i, fleet.gen);
      const due = streamFrom + (j * 1000) / o.changeRate;
      await sleep(Math.max(0, due - Date.now()));
      patchedAt.set(hostname, Date.now());
      fleet.names[i] = hostname;
      patches.push(kube.renameService(fleet.namespace, i, hostname));
    }
    await Promise.all(patches);
    const streamed = [...patchedAt.keys()];
    // external-dns syncs once a minute: wait for two intervals and a margin.
    await until(() => {
      follower.update();
      return streamed.every((h) => follower.firstWritten.has(h));
    }, 150_000);
    const latencies = streamed
      .filter((h) => follower.firstWritten.has(h))
      .map((h) => ((follower.firstWritten.get(h) ?? 0) - (patchedAt.get(h) ?? 0)) / 1000);
    const streamTo = Date.now();
    const streamActions = countActions(proxy.log, streamFrom, streamTo);
    const streamCost = acceptedCost(proxy.log, streamFrom, streamTo);
    const peerAnswers = changeAnswerSeconds(proxy.log, streamFrom, streamTo);

    const usage = c.usage();
    await c.stop();
    const inZone = await aRecordNames(peers.motoEndpoint, zoneId);
    // While the zone still holds this run's records (the next run resets moto).
    const caches =
      name === "route53-gslb"
        ? await measureCaches(
            peers.kubeconfig,
            fleet.namespace,
            r53(peers.motoEndpoint),
            ROUTE53_GSLB_CLUSTER,
          )
        : undefined;
    return {
      controller: name,
      n,
      converged,
      convergeSeconds: (lastNeeded - c.startedAt) / 1000,
      boundSeconds,
      firstRequestSeconds: (firstRequest - c.startedAt) / 1000,
      cold: { actions: coldActions, cost: coldCost, batchBound, readBound },
      steady: { windowSeconds: o.steadySeconds, actions: steadyActions, total: total(steadyActions) },
      events: {
        count: streamed.length,
        rate: o.changeRate,
        matched: latencies.length,
        p50: percentile(latencies, 50),
        p99: percentile(latencies, 99),
        max: percentile(latencies, 100),
        actions: streamActions,
        batchBound: batchLowerBound(streamCost, quota.maxElements, quota.maxCharacters),
        peerAnswer: { p50: percentile(peerAnswers, 50), max: percentile(peerAnswers, 100) },
      },
      peakRssMiB: usage.peakRssBytes / 2 ** 20,
      cpuSeconds: usage.cpuSeconds,
      zoneHoldsAll: fleet.names.every((h) => inZone.has(h)),
      ...(caches ? { caches } : {}),
      quota: { ...quota, operations: { ...quota.operations } },
    };
  } finally {
    await c.stop();
    await proxy.close();
  }
}

function total(actions: ActionCounts): number {
  return Object.values(actions).reduce((s, a) => s + a.sent, 0);
}

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
  const logDir = join(tmpdir(), `route53-gslb-bench-${Date.now()}`);
  (await import("node:fs")).mkdirSync(logDir, { recursive: true });
  const load = loadavg().map((l) => l.toFixed(1));
  log(`node ${process.version}, ${cpus().length} cores, load average ${load.join(" ")}; logs in ${logDir}`);
  // Before the peers start, so that their CPU does not slow the short processes measured here.
  const cliStart = await measureCliStart(REPO);
  process.stdout.write(`\n${formatCliStart(cliStart)}\n`);
  const peers = await startPeers(o.withExternalDns);
  const kube = new KubeFleet(peers.kubeconfig);
  const results: RunResult[] = [];
  try {
    for (const n of o.sizes) {
      const fleet: Fleet = { namespace: `bench-${n}-${Date.now().toString(36)}`, names: [], gen: 0 };
      await kube.createNamespace(fleet.namespace);
      const created = Date.now();
      log(`creating ${n} Services in ${fleet.namespace}`);
      await kube.createServices(fleet.namespace, n, (done) => log(`  ${done}/${n}`));
      fleet.names = Array.from({ length: n }, (_, i) => hostnameOf(i));
      log(`created ${n} Services in ${((Date.now() - created) / 1000).toFixed(0)} s`);
      const controllers: ControllerName[] = o.onlyExternalDns
        ? ["external-dns"]
        : o.withExternalDns
          ? ["route53-gslb", "external-dns"]
          : ["route53-gslb"];
      for (const name of controllers) {
        const r = await runOne(name, fleet, peers, kube, o, logDir);
        results.push(r);
        process.stdout.write(`${formatReport(results.filter((x) => x.n === n))}\n`);
      }
      // Written after every size: a later failure keeps what was measured.
      writeJson(o, load, cliStart, results);
      log(`deleting the ${n} Services`);
      // Only frees the apiserver for the next size (each size has its own namespace): at 20,000 one
      // delete-collection call can outlast the apiserver's 60 s request timeout (HTTP 504), which must
      // not cost the figures.
      await kube.deleteServices(fleet.namespace).catch((e: unknown) => {
        log(`could not delete the ${n} Services (${e instanceof Error ? e.message : String(e)}); going on`);
      });
    }
  } finally {
    await peers.stop();
  }
  const loadEnd = loadavg().map((l) => l.toFixed(1));
  log(`load average at the end ${loadEnd.join(" ")}`);
  writeJson(o, load, cliStart, results, loadEnd);
}

function writeJson(
  o: Options,
  load: string[],
  cliStart: CliStartRow[],
  results: unknown[],
  loadEnd?: string[],
): void {
  if (o.json)
    writeFileSync(
      o.json,
      `${JSON.stringify({ options: o, load: [load, loadEnd ?? null], cliStart, results }, null, 2)}\n`,
    );
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
