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

import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { cacheDir, findOnPath, isExecutable } from "../../scripts/peers/files.mjs";
import { ensureGoBuild, niced, runLogged } from "../../scripts/tools/go-build.mjs";

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

/**
 * The cached external-dns binary, built first if it is missing or of another version.
 * @returns {Promise<{path: string, version: string, built: boolean, seconds: number}>}
 */
export function ensureExternalDns() {
  const dir = externalDnsCacheDir();
  return ensureGoBuild({
    name: "external-dns",
    version: EXTERNAL_DNS_VERSION,
    target: `${MODULE}@${EXTERNAL_DNS_VERSION}`,
    expected: "up to an hour on 2 busy cores",
    dir,
    binary: "external-dns",
    versionOf: builtVersion,
    versionSource: `its build info (${MODULE})`,
    build: async (go, { scratch, fd }) => {
      const src = join(dir, "src");
      wrapperModule(src);
      const env = { GOWORK: "off", GOFLAGS: "-mod=mod", CGO_ENABLED: "0" };
      const out = join(scratch, "external-dns");
      await runLogged(...niced(go, ["mod", "tidy"]), { cwd: src, env, fd });
      await runLogged(...niced(go, ["build", "-trimpath", "-ldflags", "-s -w", "-o", out, "."]), {
        cwd: src,
        env,
        fd,
      });
      return out;
    },
    timeoutMs: 60 * 60_000,
    pollMs: 1000,
    log,
  });
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
