#!/usr/bin/env node
// deploy/kubernetes/*.yaml are the Helm chart deploy/helm/route53-gslb rendered with the example
// values in deploy/helm/route53-gslb/ci/plain-manifests-values.yaml (release route53-gslb, namespace
// route53-gslb), so that people who apply plain manifests get exactly what the chart installs.
// test/integration/deploy/plain-manifests.test.ts renders them again and fails if they differ.
//
//   node scripts/tools/render-manifests.mjs           write deploy/kubernetes/*.yaml
//   node scripts/tools/render-manifests.mjs --check   exit 1 if a file differs from the rendering
//
// Types: render-manifests.d.mts beside this file.

import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureHelm, runHelm } from "./helm.mjs";

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const CHART_DIR = join(REPO, "deploy", "helm", "route53-gslb");
export const MANIFESTS_DIR = join(REPO, "deploy", "kubernetes");
export const MANIFEST_VALUES = join(CHART_DIR, "ci", "plain-manifests-values.yaml");
const RELEASE = "route53-gslb";
const NAMESPACE = "route53-gslb";

/**
 * Which file of deploy/kubernetes/ each template's objects go to. The names are those the manifests
 * had before the chart existed, so `kubectl apply -f namespace.yaml -f rbac.yaml -f deployment.yaml`
 * keeps working; a template missing here is an error, never silently dropped.
 */
const FILE_OF_TEMPLATE = {
  "serviceaccount.yaml": "namespace.yaml",
  "rbac.yaml": "rbac.yaml",
  "deployment.yaml": "deployment.yaml",
  "poddisruptionbudget.yaml": "deployment.yaml",
  "service.yaml": "monitoring.yaml",
  "servicemonitor.yaml": "monitoring.yaml",
  "prometheusrule.yaml": "monitoring.yaml",
  "networkpolicy.yaml": "networkpolicy.yaml",
};

/** What helm leaves to `helm install --create-namespace`, and plain manifests must create. */
const NAMESPACE_DOC = `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${NAMESPACE}\n`;

const header = (file) =>
  [
    `# deploy/kubernetes/${file}: generated, do not edit. It is the Helm chart deploy/helm/route53-gslb`,
    "# rendered with deploy/helm/route53-gslb/ci/plain-manifests-values.yaml (release and namespace",
    "# route53-gslb): change those values or the chart, then run `node scripts/tools/render-manifests.mjs`.",
    "# A test fails when this file and the rendering differ. Installing with Helm: docs/helm.md.",
    "",
  ].join("\n");

/**
 * Split `helm template` output into deploy/kubernetes/ files by the template each object came from.
 * @param {string} rendered
 * @returns {Record<string, string>} file name → contents
 */
export function splitRendered(rendered) {
  /** @type {Record<string, string[]>} */
  const docs = { "namespace.yaml": [NAMESPACE_DOC] };
  for (const doc of rendered.split(/^---\s*$/m)) {
    const source = /^# Source: [^/]+\/templates\/(.+)$/m.exec(doc);
    if (!source) {
      if (doc.trim() !== "") throw new Error(`a rendered document without a "# Source:" line:\n${doc}`);
      continue;
    }
    const template = source[1];
    const file = FILE_OF_TEMPLATE[template];
    if (!file) {
      throw new Error(
        `template ${template} has no file in deploy/kubernetes/: add it to FILE_OF_TEMPLATE in ${fileURLToPath(import.meta.url)}`,
      );
    }
    const body = doc.replace(/^# Source: .*\n/m, "").replace(/^\n+/, "");
    docs[file] = [...(docs[file] ?? []), body.endsWith("\n") ? body : `${body}\n`];
  }
  return Object.fromEntries(
    Object.entries(docs).map(([file, bodies]) => [file, `${header(file)}${bodies.join("---\n")}`]),
  );
}

/**
 * Render the chart with the plain-manifests values.
 * @returns {Promise<Record<string, string>>} file name → contents
 */
export async function renderManifests() {
  const { path } = await ensureHelm();
  const r = runHelm(path, [
    "template",
    RELEASE,
    CHART_DIR,
    "--namespace",
    NAMESPACE,
    "--values",
    MANIFEST_VALUES,
  ]);
  if (r.status !== 0) throw new Error(`helm template failed (exit ${r.status}):\n${r.stderr}`);
  return splitRendered(r.stdout);
}

/**
 * The files of deploy/kubernetes/ that differ from `rendered`: changed, missing, or left over from a
 * template that renders nothing now.
 */
export function differingFiles(rendered, dir = MANIFESTS_DIR) {
  const changed = Object.entries(rendered)
    .filter(([file, text]) => {
      try {
        return readFileSync(join(dir, file), "utf8") !== text;
      } catch {
        return true;
      }
    })
    .map(([file]) => file);
  const leftOver = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f) && !(f in rendered));
  return [...changed, ...leftOver].sort();
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const rendered = await renderManifests();
    if (process.argv.includes("--check")) {
      const stale = differingFiles(rendered);
      if (stale.length > 0) {
        process.stderr.write(
          `deploy/kubernetes/ differs from the chart's rendering: ${stale.join(", ")}\n` +
            "run `node scripts/tools/render-manifests.mjs`\n",
        );
        process.exitCode = 1;
      }
    } else {
      for (const [file, text] of Object.entries(rendered)) writeFileSync(join(MANIFESTS_DIR, file), text);
      process.stdout.write(
        `wrote ${Object.keys(rendered)
          .map((f) => `deploy/kubernetes/${f}`)
          .join(", ")}\n`,
      );
    }
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : e}\n`);
    process.exitCode = 1;
  }
}
