#!/usr/bin/env node
// The controller image's program: bin/route53-gslb.js and everything it imports, bundled by esbuild
// into dist/bundle/ (run by `npm run build` after tsc; the Dockerfile's ENTRYPOINT runs it).
//
// Why a bundle: @kubernetes/client-node's KubeConfig module imports the whole generated Kubernetes API
// (about 800 modules) at load, which costs a Node process some 70 MiB of RSS before it has read one
// object (docs/benchmarks.md "Memory"). A bundle keeps only the code the controller can reach:
// importing the bundled controller command took 93 MiB of RSS instead of 134 on Node 20. Code splitting
// keeps the CLI's lazy imports lazy (`--version` or an offline `plan` do not load the AWS SDK or the
// Kubernetes client), so every command starts at least as fast as from dist/.
//
//   node scripts/tools/bundle.mjs        writes dist/bundle/route53-gslb.mjs and its chunks

import { rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const REPO = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
/**
 * Where the bundle goes, relative to the repository (and to /app in the image): as deep as dist/cli/,
 * so that `--version`'s `../../package.json` (src/cli/main.ts) is the package's in both.
 */
export const BUNDLE_ENTRY = "dist/bundle/route53-gslb.mjs";

export async function bundle() {
  const outdir = join(REPO, dirname(BUNDLE_ENTRY));
  rmSync(outdir, { recursive: true, force: true });
  await build({
    entryPoints: { "route53-gslb": join(REPO, "bin", "route53-gslb.js") },
    outdir,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    // package.json's engines: the oldest Node the CLI supports.
    target: "node20",
    // Some dependencies are CommonJS and `require` node's built-ins; an ES module has no `require`.
    banner: {
      js: 'import { createRequire as __bundleRequire } from "node:module"; const require = __bundleRequire(import.meta.url);',
    },
    logLevel: "warning",
    legalComments: "none",
  });
  return join(REPO, BUNDLE_ENTRY);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await bundle();
}
