// Types for helm.mjs (plain JS so it runs without a build step).

/** The helm.sh/helm/v3 version built and used; release.yml pins the same one. */
export declare const HELM_VERSION: string;

/** ${XDG_CACHE_HOME:-~/.cache}/route53-gslb/helm-HELM_VERSION */
export declare function helmCacheDir(): string;

export interface Helm {
  /** Absolute path of the cached binary. */
  path: string;
  version: string;
  /** True when this call built it (false on a cache hit). */
  built: boolean;
  /** How long the build took (0 on a cache hit). */
  seconds: number;
}

/** The cached helm, built from the Go module proxy first if missing; throws if that fails. */
export declare function ensureHelm(): Promise<Helm>;

/**
 * The environment helm runs in: the caller's, with helm's config, cache and data directories in a
 * scratch directory and no KUBECONFIG or HELM_NAMESPACE, then `extra` on top.
 */
export declare function isolatedEnv(extra?: Record<string, string>): Record<string, string | undefined>;

/** Run `helm args…` (in the isolated environment plus `o.env`) and collect its output. */
export declare function runHelm(
  bin: string,
  args: string[],
  o?: { cwd?: string; env?: Record<string, string>; input?: string },
): { status: number | null; stdout: string; stderr: string };
