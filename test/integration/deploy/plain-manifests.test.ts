// deploy/kubernetes/*.yaml are the chart rendered with ci/plain-manifests-values.yaml
// (scripts/tools/render-manifests.mjs). Rendered again with the real helm here, they must be
// identical, so the plain manifests can never drift from what `helm install` would create.

import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  differingFiles,
  MANIFESTS_DIR,
  renderManifests,
  splitRendered,
} from "../../../scripts/tools/render-manifests.mjs";
import { controllerContainer, helmBinary, type K8sObject, only, parseObjects } from "./chart.js";

let rendered: Record<string, string>;

beforeAll(async () => {
  await helmBinary();
  rendered = await renderManifests();
}, 20 * 60_000);

describe("deploy/kubernetes/ is the chart's rendering", () => {
  it("every file is identical to `helm template` with the plain-manifests values, and none is extra", () => {
    expect(Object.keys(rendered).sort()).toEqual(["deployment.yaml", "namespace.yaml", "rbac.yaml"]);
    // On failure: run `node scripts/tools/render-manifests.mjs` and commit the result.
    expect(differingFiles(rendered)).toEqual([]);
  });

  it("the comparison sees an edited file and a file no template renders any more", () => {
    const copy = mkdtempSync(join(tmpdir(), "manifests-"));
    cpSync(MANIFESTS_DIR, copy, { recursive: true });
    const deployment = join(copy, "deployment.yaml");
    writeFileSync(deployment, readFileSync(deployment, "utf8").replace("replicas: 2", "replicas: 3"));
    writeFileSync(join(copy, "monitoring.yaml"), "# left over\n");
    expect(differingFiles(rendered, copy)).toEqual(["deployment.yaml", "monitoring.yaml"]);
  });

  it("keeps what the docs tell people to apply and edit", () => {
    const read = (file: string): K8sObject[] => parseObjects(readFileSync(join(MANIFESTS_DIR, file), "utf8"));
    const ns = read("namespace.yaml");
    expect(ns.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      "Namespace/route53-gslb",
      "ServiceAccount/route53-gslb",
    ]);
    expect(only(ns, "ServiceAccount").metadata.annotations?.["eks.amazonaws.com/role-arn"]).toBe(
      "arn:aws:iam::123456789012:role/route53-gslb",
    );
    expect(read("rbac.yaml").map((o) => o.kind)).toEqual([
      "ClusterRole",
      "ClusterRoleBinding",
      "Role",
      "RoleBinding",
    ]);
    const env = controllerContainer(read("deployment.yaml")).env ?? [];
    expect(env.slice(0, 2)).toEqual([
      { name: "ROUTE53_GSLB_CLUSTER_NAME", value: "cluster-1" },
      { name: "ROUTE53_GSLB_DOMAIN_FILTER", value: "tse.tetratelabs.io" },
    ]);
  });

  it("a template with no file in deploy/kubernetes/ is an error, not dropped", () => {
    expect(() =>
      splitRendered(
        "---\n# Source: route53-gslb/templates/new-thing.yaml\napiVersion: v1\nkind: ConfigMap\n",
      ),
    ).toThrow(/template new-thing.yaml has no file in deploy\/kubernetes\//);
  });
});
