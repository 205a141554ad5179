#!/usr/bin/env node
// actionlint, the linter of GitHub Actions workflows, built from the Go module proxy and cached like
// the kube peer (scripts/peers/kube.mjs): `go install github.com/rhysd/actionlint/cmd/actionlint@V`
// with GOBIN set to a temporary directory beside the cache, then moved into
// ${XDG_CACHE_HOME:-~/.cache}/route53-gslb/actionlint-V/actionlint. A lock directory keeps two
// processes from building at once; a later call finds the binary and reuses it. A build that fails
// throws with the tail of its log: nothing is skipped.
//
//   node scripts/tools/actionlint.mjs            build if needed, print the binary's path
//   node scripts/tools/actionlint.mjs --run      build if needed, lint .github/workflows/*.yml
//
// Types: actionlint.d.mts beside this file. The test is test/integration/ci/workflows.test.ts.

import { spawn, spawnSync } from "node:child_process";
import { closeSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { cacheDir, findOnPath, isExecutable, tail } from "../peers/files.mjs";
import { findGo } from "../peers/kube.mjs";
import { withLock } from "../peers/process.mjs";

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

function ready(bin) {
  return isExecutable(bin) && versionOf(bin) === ACTIONLINT_VERSION;
}

function goInstall(go, gobin, logFile) {
  const args = ["install", "-trimpath", "-ldflags", "-s -w", `${MODULE}@${ACTIONLINT_VERSION}`];
  const nice = findOnPath("nice");
  const [cmd, argv] = nice ? [nice, ["-n", "10", go, ...args]] : [go, args];
  const fd = openSync(logFile, "w");
  writeFileSync(
    fd,
    `$ GOBIN=${gobin} CGO_ENABLED=0 ${[cmd, ...argv].map((a) => (/\s/.test(a) ? `'${a}'` : a)).join(" ")}\n`,
  );
  const started = Date.now();
  log(`building ${MODULE}@${ACTIONLINT_VERSION} (first run only; under a minute; log: ${logFile})`);
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, argv, {
      cwd: tmpdir(), // outside any module: `go install pkg@version` ignores the current module
      env: { ...process.env, GOWORK: "off", GOFLAGS: "", CGO_ENABLED: "0", GOBIN: gobin },
      stdio: ["ignore", fd, fd],
    });
    child.on("error", (e) => {
      closeSync(fd);
      reject(new Error(`could not run ${cmd}: ${e.message}`));
    });
    child.on("close", (code, signal) => {
      closeSync(fd);
      const secs = Math.round((Date.now() - started) / 1000);
      if (code === 0 && isExecutable(join(gobin, "actionlint"))) {
        log(`built actionlint ${ACTIONLINT_VERSION} in ${secs} s`);
        resolvePromise(secs);
      } else {
        reject(
          new Error(
            `building actionlint ${ACTIONLINT_VERSION} (go install ${MODULE}@${ACTIONLINT_VERSION}) failed ` +
              `(exit ${code ?? signal}) after ${secs} s. Full log: ${logFile}\n` +
              `--- last lines of ${logFile} ---\n${tail(logFile)}`,
          ),
        );
      }
    });
  });
}

/**
 * The cached actionlint binary, built first if it is missing or of another version.
 * @returns {Promise<{path: string, version: string, built: boolean, seconds: number}>}
 */
export async function ensureActionlint() {
  const dir = actionlintCacheDir();
  const bin = join(dir, "actionlint");
  if (ready(bin)) return { path: bin, version: ACTIONLINT_VERSION, built: false, seconds: 0 };
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
        throw new Error(`cannot build actionlint ${ACTIONLINT_VERSION}: ${e.message}`);
      }
      mkdirSync(dir, { recursive: true });
      const gobin = join(dir, "gobin.tmp");
      rmSync(gobin, { recursive: true, force: true });
      seconds = await goInstall(go, gobin, join(dir, "build.log"));
      renameSync(join(gobin, "actionlint"), bin);
      rmSync(gobin, { recursive: true, force: true });
      const version = versionOf(bin);
      if (version !== ACTIONLINT_VERSION) {
        throw new Error(
          `built ${bin}, but \`actionlint -version\` says ${version}, not ${ACTIONLINT_VERSION}`,
        );
      }
      built = true;
    },
    { timeoutMs: 30 * 60_000, pollMs: 500, what: "actionlint build", log },
  );
  return { path: bin, version: ACTIONLINT_VERSION, built, seconds };
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
