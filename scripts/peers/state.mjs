// Where peers:up / peers:down keep their state: <repo>/.peers/ (git-ignored).

import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const PEERS_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "..", ".peers");

export function files() {
  return { pid: join(PEERS_DIR, "moto.pid"), env: join(PEERS_DIR, "env"), log: join(PEERS_DIR, "moto.log") };
}

/** The pid in .peers/moto.pid if that process is alive and (where /proc exists) is a moto server (moto_patched.py, or moto_server). */
export function livePid() {
  let pid;
  try {
    pid = Number(readFileSync(files().pid, "utf8").trim());
  } catch {
    return undefined;
  }
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
  } catch (e) {
    if (e.code !== "EPERM") return undefined;
  }
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
    // pid reused by something else?
    if (!cmdline.includes("moto_patched.py") && !cmdline.includes("moto_server")) return undefined;
  } catch {
    // no /proc (macOS): trust the pid file
  }
  return pid;
}
