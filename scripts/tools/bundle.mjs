#!/usr/bin/env node
// The controller image's program: bin/route53-gslb.js and everything it imports, bundled by esbuild
// into dist/bundle/ (run by `npm run build` after tsc; the Dockerfile's ENTRYPOINT runs it).
//
// Why a bundle: @kubernetes/client-node's KubeConfig module imports the whole generated Kubernetes API
// (about 800 modules) at load, which costs a Node process some 70 MiB of RSS before it has read one
// object (docs/benchmarks.md "Memory"). A bundle keeps only the code the controller can reach:
// importing the bundled controller command took 93 MiB of RSS instead of 134 on Node 20, and 71 MiB
// once the two plugins below keep out the generated API and whatwg-url as well. Code splitting
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

const CLIENT_NODE = "/node_modules/@kubernetes/client-node/";

/**
 * @kubernetes/client-node's modules, marked free of side effects so that esbuild drops what the
 * controller does not reach. Its package.json does not say `"sideEffects": false`, so esbuild keeps
 * every module its index imports: `config.js` imports `createConfiguration` from `gen/index.js`, which
 * re-exports every generated API class and model (about 580 KiB of code the controller never runs,
 * about 9 MiB of RSS). Its modules define classes, functions and tables at load and register nothing
 * global; the version is pinned in package.json, and the tests that run the bundle
 * (test/integration/tools/bundle.test.ts, and the controller end to end in
 * test/integration/deploy/helm-controller.test.ts) would fail if a module the controller needs were dropped.
 * @type {import("esbuild").Plugin}
 */
const clientNodeWithoutSideEffects = {
  name: "client-node-without-side-effects",
  setup(build) {
    build.onResolve({ filter: /.*/ }, async (args) => {
      if (args.pluginData === CLIENT_NODE) return undefined;
      if (args.path !== "@kubernetes/client-node" && !args.importer.includes(CLIENT_NODE)) return undefined;
      const resolved = await build.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: CLIENT_NODE,
      });
      if (resolved.errors.length > 0 || !resolved.path.includes(CLIENT_NODE)) return resolved;
      return { ...resolved, sideEffects: false };
    });
  },
};

/**
 * node-fetch 2 (the Kubernetes client's HTTP library) imports whatwg-url, and with it tr46's Unicode
 * tables (about 340 KiB of code), only as a fallback: it uses `require("url").URL` wherever Node
 * has one, which every supported Node does. The bundle gets a module that hands out Node's URL instead.
 * @type {import("esbuild").Plugin}
 */
const whatwgUrlAsNodeUrl = {
  name: "whatwg-url-as-node-url",
  setup(build) {
    build.onResolve({ filter: /^whatwg-url$/ }, () => ({ path: "whatwg-url", namespace: "node-url" }));
    build.onLoad({ filter: /.*/, namespace: "node-url" }, () => ({
      contents: "export const URL = globalThis.URL; export default { URL };",
      loader: "js",
    }));
  },
};

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
    plugins: [clientNodeWithoutSideEffects, whatwgUrlAsNodeUrl],
  });
  return join(REPO, BUNDLE_ENTRY);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await bundle();
}
