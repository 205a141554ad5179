// The image's program is the esbuild bundle of bin/route53-gslb.js (scripts/tools/bundle.mjs, run by
// `npm run build`). It must be the same CLI: the same version, the same offline plan byte for byte. The
// controller from the bundle is run end to end in test/integration/deploy/helm-controller.test.ts.

import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { OFFLINE_PLAN_ARGS } from "../../../scripts/peers/bookinfo.mjs";
import { imageEntrypoint } from "../../fixtures/image-entrypoint.js";

const REPO = new URL("../../../", import.meta.url).pathname;
const image = imageEntrypoint(readFileSync(join(REPO, "Dockerfile"), "utf8"));
const BUNDLE = join(REPO, image.script);
const BIN = join(REPO, "bin", "route53-gslb.js");

function cli(program: string, args: string[]) {
  const r = spawnSync(process.execPath, [...image.nodeFlags, program, ...args], {
    cwd: REPO,
    encoding: "utf8",
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("the bundle the image runs", () => {
  it("is what the Dockerfile's ENTRYPOINT names, and `npm run build` wrote it", () => {
    expect(image.script).toBe("dist/bundle/route53-gslb.mjs");
    expect(existsSync(BUNDLE), `${BUNDLE} is missing: run \`npm run build\``).toBe(true);
  });

  it("prints the package's version", () => {
    const pkg = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { version: string };
    const r = cli(BUNDLE, ["--version"]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });

  it("plans the bookinfo example offline exactly as bin/route53-gslb.js does", () => {
    const args = [...OFFLINE_PLAN_ARGS, "--output", "json"];
    const bundled = cli(BUNDLE, args);
    const plain = cli(BIN, args);
    expect(bundled.stderr).toBe(plain.stderr);
    expect(bundled.code).toBe(plain.code);
    expect(bundled.stdout).toBe(plain.stdout);
    expect(JSON.parse(bundled.stdout).changes.length).toBeGreaterThan(0);
  });

  // scripts/tools/bundle.mjs's two plugins: about 11 MiB of RSS at the controller's start. Markers:
  // the generated model of a Pod's spec, and tr46 (whatwg-url's Unicode tables).
  it("keeps out the Kubernetes client's generated API and whatwg-url, which the controller never runs", () => {
    const dir = dirname(BUNDLE);
    const code = readdirSync(dir)
      .filter((f) => f.endsWith(".mjs"))
      .map((f) => readFileSync(join(dir, f), "utf8"))
      .join("\n");
    // Booleans, so that a failure does not print 3 MB of code.
    expect(
      /\bWatch = class\b|\bclass Watch\b/.test(code),
      "the Kubernetes client's Watch is in the bundle",
    ).toBe(true);
    expect(code.includes("V1PodSpec"), "the generated Kubernetes API is in the bundle").toBe(false);
    expect(code.includes("tr46"), "whatwg-url's tr46 is in the bundle").toBe(false);
  });
});
