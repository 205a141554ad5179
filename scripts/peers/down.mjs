#!/usr/bin/env node
// npm run peers:down — stop the moto started by `npm run peers:up` and remove
// .peers/moto.pid, .peers/env and .peers/moto.log. Idempotent.

import { readdirSync, rmdirSync, rmSync } from "node:fs";
import { killMoto } from "./moto.mjs";
import { files, livePid, PEERS_DIR } from "./state.mjs";

const f = files();

async function main() {
  const pid = livePid();
  if (pid !== undefined) {
    await killMoto(pid);
    process.stderr.write(`[peers] stopped moto (pid ${pid})\n`);
  } else {
    process.stderr.write("[peers] no moto running\n");
  }
  for (const file of [f.pid, f.env, f.log]) rmSync(file, { force: true });
  try {
    if (readdirSync(PEERS_DIR).length === 0) rmdirSync(PEERS_DIR);
  } catch {}
}

main().catch((err) => {
  process.stderr.write(`[peers] peers:down failed: ${err instanceof Error ? err.message : err}\n`);
  process.exit(1);
});
