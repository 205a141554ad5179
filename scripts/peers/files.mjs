// File helpers shared by the scripts that install, build and start tools (moto, kube, actionlint):
// the project's cache directory, executables on PATH, and the end of a log for error messages.

import { accessSync, constants, readFileSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, join } from "node:path";

/** ${XDG_CACHE_HOME:-~/.cache}/route53-gslb/<name>: where installs and builds are cached between runs. */
export function cacheDir(name) {
  const cache = process.env.XDG_CACHE_HOME || join(homedir(), ".cache");
  return join(cache, "route53-gslb", name);
}

/** True for a regular file this process may execute. */
export function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The first executable `name` on PATH, or undefined. */
export function findOnPath(name) {
  for (const dir of (process.env.PATH || "").split(delimiter)) {
    if (dir && isExecutable(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/** The last `lines` lines of a log file, for an error message; `(no log)` when it cannot be read. */
export function tail(file, lines = 30) {
  try {
    return readFileSync(file, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}
