#!/usr/bin/env node
// external-dns v0.22.0, built from the Go module proxy for the side-by-side run of
// `npm run bench:controller -- --with-external-dns` (bench/controller-bench.ts), cached in
// ${XDG_CACHE_HOME:-~/.cache}/route53-gslb/external-dns-v0.22.0/external-dns.
//
// `go install sigs.k8s.io/external-dns@v0.22.0` does not work: its go.mod pins two dependency
// versions that the module proxy refuses to serve, and `go install pkg@version` ignores replace
// directives. So this writes a small wrapper module whose main is external-dns's own main
// (controller.Execute() from sigs.k8s.io/external-dns/controller, plus client-go's auth plugins),
// with `replace` lines moving those two dependencies to versions the proxy serves:
//   github.com/exoscale/egoscale/v3 -> v3.1.43
//   github.com/openshift/api        -> v0.0.0-20260709102940-580f1c1ba691
// Neither is on the path the benchmark uses (exoscale is another provider; openshift/api serves
// the OpenShift Route source). v0.23.0 would need Go 1.27.
//
// A lock directory keeps two processes from building at once; a later call finds the binary and
// reuses it. A build that fails throws with the tail of its log. The first build downloads a few
// hundred modules and compiles every provider external-dns has (a 160 MB binary): 57 minutes on a
// 2-core machine shared with other work, with empty module and build caches. It runs under `nice`.
//
//   node bench/external-dns/build.mjs        build if needed, print the binary's path

import { spawn, spawnSync } from "node:child_process";
import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { cacheDir, findOnPath, isExecutable, tail } from "../../scripts/peers/files.mjs";
import { findGo } from "../../scripts/peers/kube.mjs";
import { withLock } from "../../scripts/peers/process.mjs";

/** The sigs.k8s.io/external-dns version built and compared against. */
export const EXTERNAL_DNS_VERSION = "v0.22.0";
const MODULE = "sigs.k8s.io/external-dns";
const REPLACES = [
  ["github.com/exoscale/egoscale/v3", "v3.1.43"],
  ["github.com/openshift/api", "v0.0.0-20260709102940-580f1c1ba691"],
];

const log = (msg) => process.stderr.write(`[external-dns] ${msg}\n`);

/** ${XDG_CACHE_HOME:-~/.cache}/route53-gslb/external-dns-EXTERNAL_DNS_VERSION */
export function externalDnsCacheDir() {
  return cacheDir(`external-dns-${EXTERNAL_DNS_VERSION}`);
}

/** `external-dns --version` prints the version the module's ldflags set; a plain build prints
 * "unknown", so the binary's module version is read from its build info instead. */
function builtVersion(bin) {
  const go = findOnPath("go");
  if (!go) return isExecutable(bin) ? EXTERNAL_DNS_VERSION : undefined;
  const r = spawnSync(go, ["version", "-m", bin], { encoding: "utf8" });
  const m = new RegExp(`^\\s*dep\\s+${MODULE.replace(/\./g, "\\.")}\\s+(\\S+)`, "m").exec(r.stdout ?? "");
  return m?.[1];
}

function ready(bin) {
  return isExecutable(bin) && builtVersion(bin) === EXTERNAL_DNS_VERSION;
}

function wrapperModule(src) {
  mkdirSync(src, { recursive: true });
  writeFileSync(
    join(src, "go.mod"),
    [
      "module route53-gslb.bench/external-dns",
      "",
      "go 1.26.6", // v0.22.0's go.mod asks for it
      "",
      `require ${MODULE} ${EXTERNAL_DNS_VERSION}`,
      "",
      ...REPLACES.map(([mod, v]) => `replace ${mod} => ${mod} ${v}`),
      "",
    ].join("\n"),
  );
  writeFileSync(
    join(src, "main.go"),
    [
      "// external-dns's own main, in a module of ours so that go.mod can carry replace lines.",
      "package main",
      "",
      "import (",
      '\t_ "k8s.io/client-go/plugin/pkg/client/auth"',
      "",
      `\t"${MODULE}/controller"`,
      ")",
      "",
      "func main() {",
      "\tcontroller.Execute()",
      "}",
      "",
    ].join("\n"),
  );
}

function run(cmd, argv, { cwd, env, fd }) {
  writeFileSync(fd, `$ ${[cmd, ...argv].map((a) => (/\s/.test(a) ? `'${a}'` : a)).join(" ")}\n`);
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, argv, { cwd, env, stdio: ["ignore", fd, fd] });
    child.on("error", (e) => reject(new Error(`could not run ${cmd}: ${e.message}`)));
    child.on("close", (code, signal) =>
      code === 0 ? resolvePromise() : reject(new Error(`${cmd} ${argv.join(" ")} exited ${code ?? signal}`)),
    );
  });
}

async function goBuild(go, src, out, logFile) {
  const nice = findOnPath("nice");
  const wrap = (args) => (nice ? [nice, ["-n", "10", go, ...args]] : [go, args]);
  const env = { ...process.env, GOWORK: "off", GOFLAGS: "-mod=mod", CGO_ENABLED: "0" };
  const fd = openSync(logFile, "w");
  const started = Date.now();
  log(
    `building ${MODULE}@${EXTERNAL_DNS_VERSION} (first run only; up to an hour on 2 busy cores; log: ${logFile})`,
  );
  try {
    await run(...wrap(["mod", "tidy"]), { cwd: src, env, fd });
    await run(...wrap(["build", "-trimpath", "-ldflags", "-s -w", "-o", out, "."]), { cwd: src, env, fd });
  } catch (e) {
    const secs = Math.round((Date.now() - started) / 1000);
    throw new Error(
      `building external-dns ${EXTERNAL_DNS_VERSION} failed after ${secs} s: ${e.message}. Full log: ${logFile}\n` +
        `--- last lines of ${logFile} ---\n${tail(logFile)}`,
    );
  } finally {
    closeSync(fd);
  }
  const secs = Math.round((Date.now() - started) / 1000);
  log(`built external-dns ${EXTERNAL_DNS_VERSION} in ${secs} s`);
  return secs;
}

/**
 * The cached external-dns binary, built first if it is missing or of another version.
 * @returns {Promise<{path: string, version: string, built: boolean, seconds: number}>}
 */
export async function ensureExternalDns() {
  const dir = externalDnsCacheDir();
  const bin = join(dir, "external-dns");
  if (ready(bin)) return { path: bin, version: EXTERNAL_DNS_VERSION, built: false, seconds: 0 };
  mkdirSync(dirname(dir), { recursive: true });
  let seconds = 0;
  let built = false;
  await withLock(
    `${dir}.lock`,
    async () => {
      if (ready(bin)) return; // another process built it while we waited
      let go;
      try {
        ({ go } = findGo());
      } catch (e) {
        throw new Error(`cannot build external-dns ${EXTERNAL_DNS_VERSION}: ${e.message}`);
      }
      const src = join(dir, "src");
      wrapperModule(src);
      const tmp = join(dir, "external-dns.tmp");
      rmSync(tmp, { force: true });
      seconds = await goBuild(go, src, tmp, join(dir, "build.log"));
      renameSync(tmp, bin);
      const version = builtVersion(bin);
      if (version !== EXTERNAL_DNS_VERSION) {
        throw new Error(
          `built ${bin}, but its build info names ${MODULE} ${version}, not ${EXTERNAL_DNS_VERSION}`,
        );
      }
      built = true;
    },
    { timeoutMs: 60 * 60_000, pollMs: 1000, what: "external-dns build", log },
  );
  return { path: bin, version: EXTERNAL_DNS_VERSION, built, seconds };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const { path } = await ensureExternalDns();
    process.stdout.write(`${path}\n`);
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : e}\n`);
    process.exitCode = 1;
  }
}
