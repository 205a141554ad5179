// Types for actionlint.mjs (plain JS so it runs without a build step).

/** The github.com/rhysd/actionlint version built and used. */
export declare const ACTIONLINT_VERSION: string;

/** ${XDG_CACHE_HOME:-~/.cache}/route53-gslb/actionlint-ACTIONLINT_VERSION */
export declare function actionlintCacheDir(): string;

export interface Actionlint {
  /** Absolute path of the cached binary. */
  path: string;
  version: string;
  /** True when this call built it (false on a cache hit). */
  built: boolean;
  /** How long the build took (0 on a cache hit). */
  seconds: number;
}

/** The cached actionlint, built from the Go module proxy first if missing; throws if that fails. */
export declare function ensureActionlint(): Promise<Actionlint>;

/** .github/workflows/*.yml and *.yaml of `repo` (default: this repository), sorted, absolute. */
export declare function workflowFiles(repo?: string): string[];

/** Run actionlint (shellcheck and pyflakes off) on `files`; exit status and combined output. */
export declare function runActionlint(
  bin: string,
  files: string[],
  cwd?: string,
): { status: number | null; output: string };
