#!/usr/bin/env node
// actionlint, the linter of GitHub Actions workflows, built from the Go module proxy and cached like
// the kube peer (scripts/peers/kube.mjs): `go install github.com/rhysd/actionlint/cmd/actionlint@V`
// with GOBIN set to a temporary directory beside the cache, then moved into
// ${XDG_CACHE_HOME:-~/.cache}/route53-gslb/actionlint-V/actionlint. A lock directory keeps two
// processes from building at once; a later call finds the binary and reuses it. A build that fails
// throws with the tail of its log: nothing is skipped (go-build.mjs).
//
//   node scripts/tools/actionlint.mjs            build if needed, print the binary's path
//   node scripts/tools/actionlint.mjs --run      build if needed, lint .github/workflows/*.yml
//
// Types: actionlint.d.mts beside this file. The test is test/integration/ci/workflows.test.ts.

import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { cacheDir } from "../peers/files.mjs";
import { ensureGoBuild, niced, runLogged } from "./go-build.mjs";

/** The github.com/rhysd/actionlint version built and used. */
export const ACTIONLINT_VERSION = "v1.7.12";
const MODULE = "github.com/rhysd/actionlint/cmd/actionlint";

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const log = (msg) => process.stderr.write(`[actionlint] ${msg}\n`);

/** ${XDG_CACHE_HOME:-~/.cache}/route53-gslb/actionlint-ACTIONLINT_VERSION */
export function actionlintCacheDir() {
  return cacheDir(`actionlint-${ACTIONLINT_VERSION}`);
}

/** `actionlint -version`'s first line is the version: a cached binary of another version is rebuilt. */
function versionOf(bin) {
  const r = spawnSync(bin, ["-version"], { encoding: "utf8" });
  return r.status === 0 ? (r.stdout.split("\n")[0] ?? "").trim() : undefined;
}

/**
 * The cached actionlint binary, built first if it is missing or of another version.
 * @returns {Promise<{path: string, version: string, built: boolean, seconds: number}>}
 */
export function ensureActionlint() {
  return ensureGoBuild({
    name: "actionlint",
    version: ACTIONLINT_VERSION,
    target: `${MODULE}@${ACTIONLINT_VERSION}`,
    expected: "under a minute",
    dir: actionlintCacheDir(),
    binary: "actionlint",
    versionOf,
    versionSource: "`actionlint -version`",
    build: async (go, { scratch, fd }) => {
      const args = ["install", "-trimpath", "-ldflags", "-s -w", `${MODULE}@${ACTIONLINT_VERSION}`];
      await runLogged(...niced(go, args), {
        cwd: tmpdir(), // outside any module: `go install pkg@version` ignores the current module
        env: { GOWORK: "off", GOFLAGS: "", CGO_ENABLED: "0", GOBIN: scratch },
        fd,
      });
      return join(scratch, "actionlint");
    },
    timeoutMs: 30 * 60_000,
    log,
  });
}

/** The workflow files of this repository: .github/workflows/*.yml and *.yaml, sorted. */
export function workflowFiles(repo = REPO) {
  const dir = join(repo, ".github", "workflows");
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}

/**
 * Run actionlint on `files`. shellcheck and pyflakes are switched off so the result does not depend
 * on what else is on PATH; every other check (syntax, expressions and their contexts, action inputs,
 * job needs, runner labels, glob patterns) runs.
 * @param {string} bin
 * @param {string[]} files
 * @param {string} [cwd]
 * @returns {{status: number | null, output: string}}
 */
export function runActionlint(bin, files, cwd = REPO) {
  const r = spawnSync(bin, ["-no-color", "-shellcheck=", "-pyflakes=", ...files], {
    cwd,
    encoding: "utf8",
  });
  if (r.error) throw new Error(`could not run ${bin}: ${r.error.message}`);
  return { status: r.status, output: `${r.stdout ?? ""}${r.stderr ?? ""}` };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const { path } = await ensureActionlint();
    if (process.argv.includes("--run")) {
      const { status, output } = runActionlint(path, workflowFiles());
      process.stdout.write(output);
      process.exitCode = status ?? 1;
    } else {
      process.stdout.write(`${path}\n`);
    }
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : e}\n`);
    process.exitCode = 1;
  }
}
