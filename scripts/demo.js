#!/usr/bin/env node
// `npm run demo`: the plan of both bookinfo clusters against the example zone snapshot, as CI would
// print it. Runs the built CLI (npm run demo builds first) exactly as a user would, so the demo shows
// the real interface. Until the AWS issue lands there is nothing to apply, so the demo exits 0 even
// though both plans have changes.
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = join(root, "bin", "route53-gslb.js");
const clusters = [
  { name: "cluster-1", region: "eu-west-2" },
  { name: "cluster-2", region: "eu-west-1" },
];

for (const cluster of clusters) {
  const args = [
    "plan",
    "-f",
    `examples/bookinfo/${cluster.name}`,
    "--zones",
    "examples/bookinfo/zones.json",
    "--cluster-name",
    cluster.name,
    "--domain-filter",
    "tse.tetratelabs.io",
    "--detailed-exitcode",
  ];
  process.stdout.write(`\n$ route53-gslb ${args.join(" ")}   # ${cluster.region}\n\n`);
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: root, stdio: "inherit" });
  // 0 = no changes, 2 = changes pending: both are a successful plan. 1 (or a signal) is a real failure.
  if (result.status !== 0 && result.status !== 2) {
    process.stderr.write(`demo: plan for ${cluster.name} failed (exit ${result.status ?? result.signal})\n`);
    process.exit(1);
  }
}
