// One way to build a Go tool from the Go module proxy and cache it, shared by actionlint.mjs,
// helm.mjs and bench/external-dns/build.mjs: a lock directory keeps two processes from building at
// once (the second waits, then reuses the first one's binary); the build runs under `nice` with its
// output in build.log beside the binary; a build that fails throws with the log's tail (nothing is
// skipped); a cached binary of another version is rebuilt.
//
// Types: go-build.d.mts beside this file.

import { spawn } from "node:child_process";
import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { findOnPath, isExecutable, tail } from "../peers/files.mjs";
import { findGo } from "../peers/kube.mjs";
import { withLock } from "../peers/process.mjs";

/** `go args…` under `nice -n 10` when there is one: a first build takes minutes of both cores. */
export function niced(go, args) {
  const nice = findOnPath("nice");
  return nice ? [nice, ["-n", "10", go, ...args]] : [go, args];
}

/**
 * Runs `cmd argv…` with `env` added to the process's environment, its output appended to the open
 * file `fd` after a `$ ENV… cmd argv…` line; rejects unless it exits 0.
 */
export function runLogged(cmd, argv, { cwd, env = {}, fd }) {
  const shown = [...Object.entries(env).map(([k, v]) => `${k}=${v}`), cmd, ...argv];
  writeFileSync(fd, `$ ${shown.map((a) => (/\s/.test(a) ? `'${a}'` : a)).join(" ")}\n`);
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, argv, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", fd, fd] });
    child.on("error", (e) => reject(new Error(`could not run ${cmd}: ${e.message}`)));
    child.on("close", (code, signal) =>
      code === 0 ? resolvePromise() : reject(new Error(`${cmd} ${argv.join(" ")} exited ${code ?? signal}`)),
    );
  });
}

/**
 * The cached `tool.binary` in `tool.dir`, built first when it is missing or `tool.versionOf` does not
 * say `tool.version`. `tool.build(go, { scratch, fd })` builds into the empty directory `scratch`
 * (logging to `fd`) and returns the built file's path, which is then moved into place.
 * @returns {Promise<{path: string, version: string, built: boolean, seconds: number}>}
 */
export async function ensureGoBuild(tool) {
  const { name, version, dir, log } = tool;
  const bin = join(dir, tool.binary);
  const ready = () => isExecutable(bin) && tool.versionOf(bin) === version;
  if (ready()) return { path: bin, version, built: false, seconds: 0 };
  mkdirSync(dirname(dir), { recursive: true });
  let seconds = 0;
  let built = false;
  await withLock(
    `${dir}.lock`,
    async () => {
      if (ready()) return; // another process built it while we waited
      let go;
      try {
        ({ go } = findGo());
      } catch (e) {
        throw new Error(`cannot build ${name} ${version}: ${e.message}`);
      }
      const scratch = join(dir, "build.tmp");
      rmSync(scratch, { recursive: true, force: true });
      mkdirSync(scratch, { recursive: true });
      const logFile = join(dir, "build.log");
      const fd = openSync(logFile, "w");
      const started = Date.now();
      const elapsed = () => Math.round((Date.now() - started) / 1000);
      log(`building ${tool.target} (first run only; ${tool.expected}; log: ${logFile})`);
      let file;
      try {
        file = await tool.build(go, { scratch, fd });
        if (!isExecutable(file)) throw new Error(`the build left no executable ${file}`);
      } catch (e) {
        throw new Error(
          `building ${name} ${version} failed after ${elapsed()} s: ${e instanceof Error ? e.message : e}. ` +
            `Full log: ${logFile}\n--- last lines of ${logFile} ---\n${tail(logFile)}`,
        );
      } finally {
        closeSync(fd);
      }
      seconds = elapsed();
      log(`built ${name} ${version} in ${seconds} s`);
      renameSync(file, bin);
      rmSync(scratch, { recursive: true, force: true });
      const got = tool.versionOf(bin);
      if (got !== version)
        throw new Error(`built ${bin}, but ${tool.versionSource} says ${got}, not ${version}`);
      built = true;
    },
    { timeoutMs: tool.timeoutMs, pollMs: tool.pollMs ?? 500, what: `${name} build`, log },
  );
  return { path: bin, version, built, seconds };
}
