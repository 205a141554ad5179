// How long the CLI takes to start (issue 12 §4): a command that needs neither AWS nor Kubernetes
// (`--version`, `--help`, an offline `plan`) must not pay for loading their SDKs. Measured as a user
// meets it: the wall time from spawning node to the process's exit, for the image's program (the
// bundle, with the image's node flags) and for `bin/route53-gslb.js` as `npm install` runs it, beside a
// bare `node -e 0` (node's own start). Figures to read, never pass/fail; test/cli/cold-start.test.ts
// checks what is loaded, which is what this time follows from.

import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { imageEntrypoint } from "../../test/fixtures/image-entrypoint.js";

/** Runs per command; the median is printed (the first run also warms the page cache). */
const RUNS = 5;

export interface CliStartRow {
  command: string;
  /** Median wall milliseconds, spawn to exit: the image's program. */
  imageMs: number;
  /** The same for `bin/route53-gslb.js` (dist/, as npm installs it); undefined for `node -e 0`. */
  npmMs: number | undefined;
}

function medianMs(command: string, args: string[], cwd: string): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    const r = spawnSync(command, args, { cwd, encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "" } });
    times.push(performance.now() - start);
    // A command that failed measured nothing worth printing: say so instead of a fast wrong figure.
    if (r.status !== 0) {
      throw new Error(`${[command, ...args].join(" ")} exited ${r.status}: ${r.stderr.slice(0, 500)}`);
    }
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? Number.NaN;
}

/** The CLI's start times on this node (`process.execPath`); `repo` must be built (`npm run build`). */
export async function measureCliStart(repo: string): Promise<CliStartRow[]> {
  // From the repository, not next to this file: the benchmark runs compiled in dist-bench/, which
  // holds no scripts/ (controller-bench.ts loads the peers the same way).
  const bookinfo: typeof import("../../scripts/peers/bookinfo.mjs") = await import(
    pathToFileURL(join(repo, "scripts/peers/bookinfo.mjs")).href
  );
  const image = imageEntrypoint(readFileSync(join(repo, "Dockerfile"), "utf8"));
  const bundle = [...image.nodeFlags, join(repo, image.script)];
  const npmBin = [join(repo, "bin", "route53-gslb.js")];
  const commands: [string, string[]][] = [
    ["--version", ["--version"]],
    ["--help", ["--help"]],
    ["plan, offline (the README's bookinfo example)", [...bookinfo.OFFLINE_PLAN_ARGS]],
  ];
  const node = process.execPath;
  const rows: CliStartRow[] = [
    { command: "node -e 0 (node's own start)", imageMs: medianMs(node, ["-e", "0"], repo), npmMs: undefined },
  ];
  for (const [label, args] of commands) {
    rows.push({
      command: label,
      imageMs: medianMs(node, [...bundle, ...args], repo),
      npmMs: medianMs(node, [...npmBin, ...args], repo),
    });
  }
  return rows;
}

export function formatCliStart(rows: CliStartRow[]): string {
  const lines = [
    `| CLI start, spawn to exit (median of ${RUNS}) | image program (bundle, image flags) | bin/route53-gslb.js (npm) |`,
    "|---|---|---|",
    ...rows.map(
      (r) =>
        `| ${r.command} | ${r.imageMs.toFixed(0)} ms | ${r.npmMs === undefined ? "—" : `${r.npmMs.toFixed(0)} ms`} |`,
    ),
  ];
  return `${lines.join("\n")}\n`;
}
