#!/usr/bin/env node
// npm run peers:down — stop the moto, kube-apiserver and etcd started by
// `npm run peers:up` and remove .peers/moto.pid, .peers/env, .peers/moto.log
// and .peers/kube/. Idempotent.

import { readdirSync, rmdirSync, rmSync } from "node:fs";
import { killGroup } from "./kube.mjs";
import { killMoto } from "./moto.mjs";
import { files, livePid, livePidIn, PEERS_DIR } from "./state.mjs";

const f = files();

async function main() {
  const pid = livePid();
  if (pid !== undefined) {
    await killMoto(pid);
    process.stderr.write(`[peers] stopped moto (pid ${pid})\n`);
  } else {
    process.stderr.write("[peers] no moto running\n");
  }
  // apiserver first, so it does not log a storm of etcd errors on its way out
  for (const [name, pidFile, marker] of [
    ["kube-apiserver", f.apiserverPid, "kube-apiserver"],
    ["etcd", f.etcdPid, "etcd"],
  ]) {
    const kpid = livePidIn(pidFile, [marker]);
    if (kpid !== undefined) {
      await killGroup(kpid);
      process.stderr.write(`[peers] stopped ${name} (pid ${kpid})\n`);
    } else {
      process.stderr.write(`[peers] no ${name} running\n`);
    }
  }
  for (const file of [f.pid, f.env, f.log]) rmSync(file, { force: true });
  rmSync(f.kubeDir, { recursive: true, force: true });
  try {
    if (readdirSync(PEERS_DIR).length === 0) rmdirSync(PEERS_DIR);
  } catch {}
}

main().catch((err) => {
  process.stderr.write(`[peers] peers:down failed: ${err instanceof Error ? err.message : err}\n`);
  process.exit(1);
});
