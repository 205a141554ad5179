// Types for render-manifests.mjs (plain JS so it runs without a build step).

/** deploy/helm/route53-gslb */
export declare const CHART_DIR: string;
/** deploy/kubernetes */
export declare const MANIFESTS_DIR: string;
/** deploy/helm/route53-gslb/ci/plain-manifests-values.yaml: the values deploy/kubernetes/ is rendered with. */
export declare const MANIFEST_VALUES: string;

/** `helm template` output split into deploy/kubernetes/ files (file name → contents). */
export declare function splitRendered(rendered: string): Record<string, string>;

/** The chart rendered with the plain-manifests values, as deploy/kubernetes/ files. */
export declare function renderManifests(): Promise<Record<string, string>>;

/** Files of `dir` (default deploy/kubernetes) that differ from `rendered`, missing or left over. */
export declare function differingFiles(rendered: Record<string, string>, dir?: string): string[];
