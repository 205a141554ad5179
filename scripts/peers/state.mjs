// Where peers:up / peers:down keep their state: <repo>/.peers/ (git-ignored).

import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const PEERS_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "..", ".peers");

export function files() {
  return {
    pid: join(PEERS_DIR, "moto.pid"),
    env: join(PEERS_DIR, "env"),
    log: join(PEERS_DIR, "moto.log"),
    // kube-apiserver + etcd (scripts/peers/kube.mjs): certificates, etcd data,
    // logs and the kubeconfig live in kubeDir; the pids beside them.
    kubeDir: join(PEERS_DIR, "kube"),
    kubeconfig: join(PEERS_DIR, "kube", "kubeconfig"),
    etcdPid: join(PEERS_DIR, "kube", "etcd.pid"),
    apiserverPid: join(PEERS_DIR, "kube", "kube-apiserver.pid"),
  };
}

/** The pid in .peers/moto.pid if that process is alive and (where /proc exists) is a moto server (moto_patched.py, or moto_server). */
export function livePid() {
  return livePidIn(files().pid, ["moto_patched.py", "moto_server"]);
}

/**
 * The pid in pidFile if that process is alive and (where /proc exists) its
 * command line contains one of markers (guards against pid reuse).
 * @param {string} pidFile
 * @param {string[]} markers
 */
export function livePidIn(pidFile, markers) {
  let pid;
  try {
    pid = Number(readFileSync(pidFile, "utf8").trim());
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
    if (!markers.some((m) => cmdline.includes(m))) return undefined;
  } catch {
    // no /proc (macOS): trust the pid file
  }
  return pid;
}
