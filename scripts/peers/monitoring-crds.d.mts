// Types for monitoring-crds.mjs (plain JS so scripts run without a build step).

/** The prometheus-operator module version the monitoring.coreos.com CRDs come from. */
export declare const PROMETHEUS_OPERATOR_VERSION: string;

/** The ServiceMonitor and PrometheusRule CRD manifests (in the Go module cache, downloaded once). */
export declare function monitoringCrdFiles(): string[];
