// Types for build.mjs (plain JS so it runs without a build step).

export declare const EXTERNAL_DNS_VERSION: string;

/** ${XDG_CACHE_HOME:-~/.cache}/route53-gslb/external-dns-EXTERNAL_DNS_VERSION */
export declare function externalDnsCacheDir(): string;

/** The cached external-dns binary, built first from the Go module proxy if it is missing. */
export declare function ensureExternalDns(): Promise<{
  path: string;
  version: string;
  built: boolean;
  seconds: number;
}>;
