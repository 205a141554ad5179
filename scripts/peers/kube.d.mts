// Types for kube.mjs (plain JS so scripts run without a build step).

export declare const KUBE_VERSION: string;
export declare const ETCD_VERSION: string;
export declare const GATEWAY_API_VERSION: string;
export declare const ISTIO_API_VERSION: string;

export interface KubeBinaries {
  /** Absolute path of the cached kube-apiserver binary. */
  apiserver: string;
  /** Absolute path of the cached etcd binary. */
  etcd: string;
  /** CRD manifests to install: Gateway API standard (+ TLSRoute, TCPRoute), Istio, Tetrate Gateway, DNSEndpoint. */
  crdFiles: string[];
  /** The cache directory, ${XDG_CACHE_HOME:-~/.cache}/route53-gslb/kube-KUBE_VERSION. */
  dir: string;
  /** Binaries built by this call ([] on a cache hit). */
  built: string[];
}

export interface StaticToken {
  token: string;
  user: string;
  /** Default: user. */
  uid?: string;
  groups?: string[];
}

export interface StartKubeOptions {
  /** Directory for certificates, etcd data, logs and the kubeconfig; default: a new temp dir, removed by stop(). */
  dir?: string;
  /** Keep both processes running after this process exits (peers:up). */
  detached?: boolean;
  /** How long to wait for etcd, then kube-apiserver, to be ready; default 120 s each. */
  readyTimeoutMs?: number;
  /** Install the project's CRDs (default true). */
  installCrds?: boolean;
  /** Extra static bearer tokens (the admin token, group system:masters, is always there). */
  tokens?: StaticToken[];
}

export interface KubeConnection {
  /** https://127.0.0.1:PORT */
  server: string;
  token: string;
  /** PEM of the CA that signed the serving certificate. */
  ca: string | Buffer;
}

export interface RunningKube {
  /** Path of a kubeconfig (admin token, the CA) for this apiserver. */
  kubeconfig: string;
  /** https://127.0.0.1:PORT */
  server: string;
  /** Admin bearer token (group system:masters). */
  token: string;
  /** PEM file of the CA that signed the serving certificate. */
  caFile: string;
  dir: string;
  etcd: { pid: number; endpoint: string; logFile: string };
  apiserver: { pid: number; logFile: string };
  /** Binaries built for this start ([] when the cache was used). */
  built: string[];
  /** Milliseconds from after the build check to ready with CRDs installed. */
  startMs: number;
  /** Stop kube-apiserver then etcd (SIGTERM, then SIGKILL); remove dir if it was a temp dir. Idempotent. */
  stop(): Promise<void>;
}

/** A CustomResourceDefinition manifest (apiextensions.k8s.io/v1), as parsed from YAML. */
export interface CrdManifest {
  apiVersion: string;
  kind: "CustomResourceDefinition";
  metadata: { name: string; [key: string]: unknown };
  spec: {
    group: string;
    names: { plural: string; kind: string; [key: string]: unknown };
    versions: { name: string; served: boolean; storage: boolean; [key: string]: unknown }[];
    [key: string]: unknown;
  };
}

export declare function kubeCacheDir(): string;
export declare function findGo(): { go: string; version: string };
export declare function ensureKube(): Promise<KubeBinaries>;
export declare function killGroup(pid: number, timeoutMs?: number): Promise<void>;
export declare function kubeRequest(
  conn: KubeConnection,
  method: string,
  path: string,
  body?: unknown,
  opts?: { timeoutMs?: number; contentType?: string },
): Promise<{ status: number; body: unknown }>;
export declare function readCrds(file: string): CrdManifest[];
export declare function applyCrds(
  conn: KubeConnection,
  crds: CrdManifest[],
  opts?: { timeoutMs?: number },
): Promise<void>;
export declare function projectCrds(crdFiles: string[]): CrdManifest[];
export declare function startKube(opts?: StartKubeOptions): Promise<RunningKube>;
export declare function kubeAnswers(kubeconfig: string, timeoutMs?: number): Promise<boolean>;
