// Types for go-build.mjs (plain JS so it runs without a build step).

/** `go args…` under `nice -n 10` when there is one, as [command, argv]. */
export declare function niced(go: string, args: string[]): [string, string[]];

/** Runs a command with `env` added, its output appended to `fd`; rejects unless it exits 0. */
export declare function runLogged(
  cmd: string,
  argv: string[],
  o: { cwd?: string; env?: Record<string, string>; fd: number },
): Promise<void>;

export interface GoTool {
  /** What logs and errors call it (`helm`). */
  name: string;
  version: string;
  /** What is built, for the log (`helm.sh/helm/v3/cmd/helm@v3.22.0`). */
  target: string;
  /** How long a first build takes, for the log (`a few minutes`). */
  expected: string;
  /** The cache directory; the binary, build.log and build.tmp/ live in it. */
  dir: string;
  binary: string;
  /** The version a binary reports, or undefined. */
  versionOf(bin: string): string | undefined;
  /** Where versionOf reads it, for the error (`` `helm version --short` ``). */
  versionSource: string;
  /** Builds into `scratch`, logging to `fd`; returns the built file's path. */
  build(go: string, o: { scratch: string; fd: number }): Promise<string>;
  timeoutMs: number;
  pollMs?: number;
  log(msg: string): void;
}

/** The cached binary, built first if missing or of another version; throws if that fails. */
export declare function ensureGoBuild(
  tool: GoTool,
): Promise<{ path: string; version: string; built: boolean; seconds: number }>;
