#!/usr/bin/env node
// npm run peers:up — start moto_server detached for people and scripts.
// Writes .peers/moto.pid, .peers/moto.log and .peers/env (`export KEY=VALUE`
// lines: `. .peers/env`, or `node --env-file=.peers/env ...`).
// Idempotent: a live moto from an earlier `up` is reused.

import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { killMoto, motoAnswers, startMoto } from "./moto.mjs";
import { files, livePid, PEERS_DIR } from "./state.mjs";

const f = files();

async function main() {
  const pid = livePid();
  if (pid !== undefined) {
    const endpoint = readEndpoint();
    if (endpoint && (await motoAnswers(endpoint))) {
      process.stderr.write(`[peers] moto already running at ${endpoint} (pid ${pid}); env in ${f.env}\n`);
      return;
    }
    process.stderr.write(`[peers] moto pid ${pid} does not answer; restarting it\n`);
    await killMoto(pid);
  }
  for (const file of [f.pid, f.env]) rmSync(file, { force: true });

  mkdirSync(PEERS_DIR, { recursive: true });
  const moto = await startMoto({ detached: true, logFile: f.log });
  writeFileSync(f.pid, `${moto.pid}\n`);
  writeFileSync(
    f.env,
    [
      "# Written by `npm run peers:up`; removed by `npm run peers:down`.",
      "# Use: . .peers/env   (or: node --env-file=.peers/env ...)",
      `export AWS_ENDPOINT_URL=${moto.endpoint}`,
      "export AWS_ACCESS_KEY_ID=testing",
      "export AWS_SECRET_ACCESS_KEY=testing",
      "export AWS_REGION=us-east-1",
      "export AWS_DEFAULT_REGION=us-east-1",
      "",
    ].join("\n"),
  );
  process.stderr.write(
    `[peers] moto (${moto.source}) at ${moto.endpoint} (pid ${moto.pid}, log ${f.log}); env in ${f.env}\n`,
  );
}

function readEndpoint() {
  try {
    return /^(?:export )?AWS_ENDPOINT_URL=(.*)$/m.exec(readFileSync(f.env, "utf8"))?.[1];
  } catch {
    return undefined;
  }
}

main().catch((err) => {
  process.stderr.write(`[peers] peers:up failed: ${err instanceof Error ? err.message : err}\n`);
  process.exit(1);
});
