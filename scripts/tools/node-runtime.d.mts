// Types for node-runtime.mjs (plain JS so it runs before anything is built, under any Node).

/** The Node major the suite and the demo need; a running Node at least this new is used as it is. */
export declare const NODE_MAJOR: number;
/** The Node version installed when the running one is older than NODE_MAJOR. */
export declare const NODE_VERSION: string;

/** True when `version` ("24.1.0", process.versions.node's form; default: the running one) is at least NODE_MAJOR. */
export declare function isSupported(version?: string): boolean;

/** ${XDG_CACHE_HOME:-~/.cache}/route53-gslb/node-vNODE_VERSION */
export declare function nodeCacheDir(): string;

/** The registry package holding NODE_VERSION for a platform (`name@version`) and its pinned integrity; throws where there is none. */
export declare function nodePackage(platform?: string, arch?: string): { spec: string; integrity: string };

/** Put package/bin/node of a registry tarball into `dir`/bin/node, after checking its integrity and that it runs as NODE_VERSION; throws otherwise, leaving `dir` as it was. */
export declare function installFromTarball(tarball: string, dir: string, integrity: string): Promise<void>;

export interface CachedNode {
  /** Absolute path of the cached node binary. */
  path: string;
  version: string;
  /** True when this call installed it (false when it was cached already). */
  installed: boolean;
  /** How long the install took (0 when cached). */
  seconds: number;
}

/** The cached Node NODE_VERSION, fetched from the npm registry first if missing or broken; throws if that fails. */
export declare function ensureNode(): Promise<CachedNode>;

/** The node to run on: the running one when it is new enough, else the cached NODE_VERSION (installed if needed). */
export declare function supportedNode(): Promise<string>;

/** `env` (default process.env) with the directory of `node` first on PATH. */
export declare function envWithNode(node: string, env?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
