#!/usr/bin/env node
// Helm v3, built from the Go module proxy and cached like the kube peer (scripts/peers/kube.mjs) and
// actionlint (actionlint.mjs beside this file): `go install helm.sh/helm/v3/cmd/helm@V` with GOBIN
// set to a temporary directory beside the cache, then moved into
// ${XDG_CACHE_HOME:-~/.cache}/route53-gslb/helm-V/helm. A lock directory keeps two processes from
// building at once; a later call finds the binary and reuses it. A build that fails throws with the
// tail of its log: nothing is skipped.
//
//   node scripts/tools/helm.mjs                  build if needed, print the binary's path
//   node scripts/tools/helm.mjs -- ARGS…         build if needed, run `helm ARGS…`
//
// Types: helm.d.mts beside this file. The tests are under test/integration/deploy/.

import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { cacheDir } from "../peers/files.mjs";
import { ensureGoBuild, niced, runLogged } from "./go-build.mjs";

/** The helm.sh/helm/v3 version built and used; .github/workflows/release.yml pins the same one. */
export const HELM_VERSION = "v3.22.0";
const MODULE = "helm.sh/helm/v3";
const PACKAGE = `${MODULE}/cmd/helm`;

const log = (msg) => process.stderr.write(`[helm] ${msg}\n`);

/** ${XDG_CACHE_HOME:-~/.cache}/route53-gslb/helm-HELM_VERSION */
export function helmCacheDir() {
  return cacheDir(`helm-${HELM_VERSION}`);
}

/** `helm version --short` prints `v3.22.0+g<commit>` or `v3.22.0`: a binary of another version is rebuilt. */
function versionOf(bin) {
  const r = spawnSync(bin, ["version", "--short"], { encoding: "utf8", env: isolatedEnv() });
  return r.status === 0 ? (r.stdout.trim().split("+")[0] ?? "").trim() : undefined;
}

// -mod=mod: resolve helm's own go.mod as published, whatever GOFLAGS the caller's shell carries.
const GO_ENV = { GOWORK: "off", GOFLAGS: "-mod=mod", CGO_ENABLED: "0" };

/**
 * The Kubernetes version helm assumes when no cluster is asked (`helm template`, `helm lint`):
 * helm's Makefile derives it from the k8s.io/client-go it is built with (v0.N.x → 1.N) and sets it
 * with -ldflags; `go install` has no Makefile, so the same is done here from helm's go.mod.
 */
function kubeVersionOfHelm(go) {
  const r = spawnSync(go, ["mod", "download", "-json", `${MODULE}@${HELM_VERSION}`], {
    encoding: "utf8",
    cwd: tmpdir(), // outside any module
    env: { ...process.env, ...GO_ENV },
  });
  let info;
  try {
    info = JSON.parse(r.stdout);
  } catch {}
  if (r.status !== 0 || !info?.GoMod) {
    throw new Error(
      `go mod download ${MODULE}@${HELM_VERSION} failed (exit ${r.status}; is the Go module proxy ` +
        `reachable? GOPROXY=${process.env.GOPROXY ?? "(go's default)"}): ${info?.Error ?? ""}\n${r.stderr ?? ""}`,
    );
  }
  const goMod = readFileSync(info.GoMod, "utf8");
  const m = /^\s*k8s\.io\/client-go v0\.(\d+)\./m.exec(goMod);
  if (!m) throw new Error(`no k8s.io/client-go v0.N requirement in ${MODULE}@${HELM_VERSION}'s go.mod`);
  return { major: "1", minor: m[1] };
}

/** helm's `go install` -ldflags: the version and the Kubernetes version, as helm's Makefile sets them. */
function ldflagsFor(go) {
  const kube = kubeVersionOfHelm(go);
  return [
    "-s -w",
    `-X ${MODULE}/internal/version.version=${HELM_VERSION}`,
    `-X ${MODULE}/pkg/lint/rules.k8sVersionMajor=${kube.major}`,
    `-X ${MODULE}/pkg/lint/rules.k8sVersionMinor=${kube.minor}`,
    `-X ${MODULE}/pkg/chartutil.k8sVersionMajor=${kube.major}`,
    `-X ${MODULE}/pkg/chartutil.k8sVersionMinor=${kube.minor}`,
  ].join(" ");
}

/**
 * The cached helm binary, built first if it is missing or of another version.
 * @returns {Promise<{path: string, version: string, built: boolean, seconds: number}>}
 */
export function ensureHelm() {
  return ensureGoBuild({
    name: "helm",
    version: HELM_VERSION,
    target: `${PACKAGE}@${HELM_VERSION}`,
    expected: "a few minutes",
    dir: helmCacheDir(),
    binary: "helm",
    versionOf,
    versionSource: "`helm version --short`",
    build: async (go, { scratch, fd }) => {
      const args = ["install", "-trimpath", "-ldflags", ldflagsFor(go), `${PACKAGE}@${HELM_VERSION}`];
      await runLogged(...niced(go, args), {
        cwd: tmpdir(), // outside any module: `go install pkg@version` ignores the current module
        env: { ...GO_ENV, GOBIN: scratch },
        fd,
      });
      return join(scratch, "helm");
    },
    timeoutMs: 45 * 60_000,
    log,
  });
}

/**
 * An environment in which helm reads and writes nothing of the user's: its config, cache and data
 * directories (repositories, registry logins, plugins) under one scratch directory, and no
 * KUBECONFIG unless the caller passes one.
 * @param {Record<string, string>} [extra]
 */
export function isolatedEnv(extra = {}) {
  const home = join(tmpdir(), `route53-gslb-helm-home-${process.getuid?.() ?? "user"}`);
  const { KUBECONFIG: _ignored, HELM_NAMESPACE: _ns, ...env } = process.env;
  return {
    ...env,
    HELM_CONFIG_HOME: join(home, "config"),
    HELM_CACHE_HOME: join(home, "cache"),
    HELM_DATA_HOME: join(home, "data"),
    ...extra,
  };
}

/**
 * Run `helm args…` and collect its output.
 * @param {string} bin
 * @param {string[]} args
 * @param {{ cwd?: string, env?: Record<string, string>, input?: string }} [o]
 * @returns {{status: number | null, stdout: string, stderr: string}}
 */
export function runHelm(bin, args, o = {}) {
  const r = spawnSync(bin, args, {
    cwd: o.cwd,
    env: isolatedEnv(o.env),
    input: o.input,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw new Error(`could not run ${bin}: ${r.error.message}`);
  return { status: r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const { path } = await ensureHelm();
    const dashdash = process.argv.indexOf("--");
    if (dashdash >= 0) {
      const r = spawnSync(path, process.argv.slice(dashdash + 1), { stdio: "inherit" });
      process.exitCode = r.status ?? 1;
    } else {
      process.stdout.write(`${path}\n`);
    }
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : e}\n`);
    process.exitCode = 1;
  }
}
