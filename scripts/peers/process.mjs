// Process helpers shared by the test peers (moto, kube): liveness, group kill, and a lock that
// serialises one-time installs and builds between processes (peers:up and vitest at once).

import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** True while `pid` exists (EPERM: it exists but is not ours). */
export function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === "EPERM";
  }
}

/** SIGTERM the process group of a child started detached (covers shims that fork), then SIGKILL. */
export async function killGroup(pid, timeoutMs = 10_000) {
  const signal = (sig) => {
    try {
      process.kill(-pid, sig);
    } catch {
      try {
        process.kill(pid, sig);
      } catch {}
    }
  };
  signal("SIGTERM");
  const deadline = Date.now() + timeoutMs;
  while (pidAlive(pid) && Date.now() < deadline) await sleep(50);
  if (pidAlive(pid)) signal("SIGKILL");
  while (pidAlive(pid) && Date.now() < deadline + 2000) await sleep(50);
}

/**
 * Run `fn` holding a lock: a directory holding the owner's pid. A dead owner's lock is taken over,
 * so a crashed install never blocks the next one.
 * @param {string} lockDir
 * @param {() => Promise<T>} fn
 * @param {{ timeoutMs: number, pollMs: number, what: string, log: (msg: string) => void }} o
 * @template T
 */
export async function withLock(lockDir, fn, o) {
  const deadline = Date.now() + o.timeoutMs;
  let said = false;
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(join(lockDir, "pid"), String(process.pid));
      break;
    } catch (e) {
      if (e.code !== "EEXIST") throw e;
      let owner = Number.NaN;
      try {
        owner = Number(readFileSync(join(lockDir, "pid"), "utf8"));
      } catch {}
      if (Number.isInteger(owner) && owner > 0 && !pidAlive(owner)) {
        o.log(`removing stale ${o.what} lock of dead pid ${owner}`);
        rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (!said) {
        o.log(`another process (pid ${owner}) holds the ${o.what} lock; waiting for ${lockDir}`);
        said = true;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${o.what} lock ${lockDir}`);
      await sleep(o.pollMs);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}
