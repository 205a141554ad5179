// The prometheus-operator CRDs the chart's optional objects need (ServiceMonitor, PrometheusRule),
// from the prometheus-operator Go module on the module proxy, like the Gateway API and Istio CRDs in
// kube.mjs. They are not part of the kube peer's default CRDs: only the chart's install test applies
// them (test/integration/deploy/helm-install.test.ts), so every other test sees a cluster without
// prometheus-operator, as most are.
//
// Types: monitoring-crds.d.mts beside this file.

import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findGo } from "./kube.mjs";

/**
 * The github.com/prometheus-operator/prometheus-operator version the CRDs come from (its
 * monitoring.coreos.com/v1 ServiceMonitor and PrometheusRule; the newest the module proxy serves).
 */
export const PROMETHEUS_OPERATOR_VERSION = "v0.85.0";
const MODULE = "github.com/prometheus-operator/prometheus-operator";
const FILES = ["monitoring.coreos.com_servicemonitors.yaml", "monitoring.coreos.com_prometheusrules.yaml"];

/**
 * Paths of the ServiceMonitor and PrometheusRule CRD manifests, in the Go module cache (downloaded
 * once; later calls find them there). Throws with go's output if the module cannot be downloaded.
 * @returns {string[]}
 */
export function monitoringCrdFiles() {
  const { go } = findGo();
  const r = spawnSync(go, ["mod", "download", "-json", `${MODULE}@${PROMETHEUS_OPERATOR_VERSION}`], {
    encoding: "utf8",
    cwd: tmpdir(), // outside any module
    env: { ...process.env, GOWORK: "off", GOFLAGS: "" },
    maxBuffer: 16 * 1024 * 1024,
  });
  let info;
  try {
    info = JSON.parse(r.stdout);
  } catch {}
  if (r.status !== 0 || !info?.Dir) {
    throw new Error(
      `go mod download ${MODULE}@${PROMETHEUS_OPERATOR_VERSION} failed (exit ${r.status}): ` +
        `${info?.Error ?? ""}\n${r.stderr ?? ""}`,
    );
  }
  const files = FILES.map((f) => join(info.Dir, "example", "prometheus-operator-crd", f));
  const missing = files.filter((f) => !existsSync(f));
  if (missing.length > 0)
    throw new Error(`not in ${MODULE}@${PROMETHEUS_OPERATOR_VERSION}: ${missing.join(", ")}`);
  return files;
}
