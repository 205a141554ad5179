// The GitHub Actions workflows (.github/workflows) checked by a real actionlint, built from the Go
// module proxy and cached by scripts/tools/actionlint.mjs: any finding fails with actionlint's own
// output. If actionlint cannot be built, the test fails and says why: it is never skipped. A broken
// workflow proves the linter really checks (expression contexts, action inputs), and the rest pins
// what the workflows must do: CI runs the README's test command, a release builds the image for
// both architectures and publishes the chart only once it exists.

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  ACTIONLINT_VERSION,
  ensureActionlint,
  runActionlint,
  workflowFiles,
} from "../../../scripts/tools/actionlint.mjs";

const REPO = resolve(import.meta.dirname, "../../..");
const CHART_CONDITION = "hashFiles('deploy/helm/route53-gslb/Chart.yaml') != ''";

interface Step {
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
}
interface Job {
  needs?: string[];
  permissions?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  jobs: Record<string, Job>;
}

function workflow(name: string): Workflow {
  return parse(readFileSync(join(REPO, ".github", "workflows", name), "utf8")) as Workflow;
}

function job(wf: Workflow, name: string): Job {
  const found = wf.jobs[name];
  if (!found) throw new Error(`no job ${name}; jobs: ${Object.keys(wf.jobs).join(", ")}`);
  return found;
}

let actionlint = "";

beforeAll(async () => {
  try {
    const got = await ensureActionlint();
    actionlint = got.path;
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new Error(`actionlint ${ACTIONLINT_VERSION} could not be built from the Go module proxy:\n${why}`);
  }
}, 20 * 60_000);

describe("actionlint", () => {
  it("finds nothing in any workflow", () => {
    const files = workflowFiles();
    expect(files.map((f) => f.slice(REPO.length + 1))).toEqual([
      ".github/workflows/ci.yml",
      ".github/workflows/release.yml",
    ]);
    const { status, output } = runActionlint(actionlint, files);
    expect(output, `actionlint ${ACTIONLINT_VERSION} findings:\n${output}`).toBe("");
    expect(status).toBe(0);
  });

  it("finds nothing in the CI plan example users copy (examples/ci, shown in docs/ci.md)", () => {
    const example = join(REPO, "examples", "ci", "github-actions-plan.yml");
    const { status, output } = runActionlint(actionlint, [example]);
    expect(output, `actionlint ${ACTIONLINT_VERSION} findings:\n${output}`).toBe("");
    expect(status).toBe(0);
  });

  describe("on a broken workflow", () => {
    const dir = mkdtempSync(join(tmpdir(), "route53-gslb-actionlint-"));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it("reports each mistake with its line", () => {
      mkdirSync(join(dir, ".github", "workflows"), { recursive: true });
      const file = join(dir, ".github", "workflows", "broken.yml");
      writeFileSync(
        file,
        [
          "on: push",
          "jobs:",
          "  chart:",
          // hashFiles is not available in a job's `if` (only in a step's): why release.yml tests it per step
          `    if: ${CHART_CONDITION}`,
          "    runs-on: ubuntu-latest",
          "    steps:",
          "      - uses: docker/build-push-action@v6",
          "        with:",
          "          platform: linux/arm64",
          "",
        ].join("\n"),
      );
      const { status, output } = runActionlint(actionlint, [file], dir);
      expect(status).toBe(1);
      expect(output).toMatch(/broken\.yml:4:9: calling function "hashFiles" is not allowed here/);
      expect(output).toMatch(
        /broken\.yml:9:11: input "platform" is not defined in action "docker\/build-push-action@v6"/,
      );
    });
  });
});

describe("the workflows", () => {
  it("pin every action to a major version", () => {
    for (const name of ["ci.yml", "release.yml"]) {
      for (const [jobName, j] of Object.entries(workflow(name).jobs)) {
        for (const step of j.steps) {
          if (step.uses) expect(step.uses, `${name} job ${jobName}`).toMatch(/^[\w.-]+\/[\w.-]+@v\d+$/);
        }
      }
    }
  });

  it("CI runs the README's test command with the peers' cache", () => {
    const ci = workflow("ci.yml");
    expect(Object.keys(ci.on)).toEqual(expect.arrayContaining(["push", "pull_request"]));
    const steps = job(ci, "test").steps;
    expect(steps.at(-1)?.run).toBe("bash .ci/run");
    expect(readFileSync(join(REPO, ".ci", "run"), "utf8")).toMatch(/^npm test$/m);
    const uses = steps.map((s) => s.uses?.split("@")[0]);
    for (const action of ["actions/setup-node", "actions/setup-go", "actions/setup-python"]) {
      expect(uses).toContain(action);
    }
    const cache = steps.find((s) => s.uses?.startsWith("actions/cache@"));
    expect(cache?.with?.path).toBe("~/.cache/route53-gslb");
    expect(String(cache?.with?.key)).toContain("hashFiles('scripts/peers/**'");
  });

  it("a release builds the image for amd64 and arm64 and publishes the chart only once it exists", () => {
    const release = workflow("release.yml");
    expect(release.on).toEqual({ push: { tags: ["v*"] } });

    const image = job(release, "image");
    expect(image.permissions).toEqual({ contents: "read", packages: "write" });
    const build = image.steps.find((s) => s.uses?.startsWith("docker/build-push-action@"));
    expect(build?.with).toMatchObject({
      platforms: "linux/amd64,linux/arm64",
      push: true,
      file: "Dockerfile",
    });

    const chart = job(release, "chart");
    expect(chart.permissions).toEqual({ contents: "read", packages: "write" });
    const [checkout, ...rest] = chart.steps;
    expect(checkout?.uses).toBe("actions/checkout@v4");
    expect(rest.length).toBeGreaterThan(0);
    for (const step of rest) expect(step.if).toBe(CHART_CONDITION);
    const script = rest.map((s) => s.run ?? "").join("\n");
    expect(script).toContain('helm package "$CHART_DIR"');
    expect(script).toContain('helm push "$chart" "oci://ghcr.io/$owner/charts"');

    const gh = job(release, "release");
    expect(gh.needs).toEqual(["image", "chart"]);
    expect(gh.permissions).toEqual({ contents: "write" });
    expect(gh.steps[0]?.with?.generate_release_notes).toBe(true);
  });
});

describe("LICENSE", () => {
  it("is the Apache License 2.0 that package.json names", () => {
    const pkg = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { license: string };
    expect(pkg.license).toBe("Apache-2.0");
    const license = readFileSync(join(REPO, "LICENSE"), "utf8");
    expect(license).toMatch(
      /^\s+Apache License\n\s+Version 2\.0, January 2004\n\s+http:\/\/www\.apache\.org\/licenses\/\n/,
    );
    expect(license).toContain("END OF TERMS AND CONDITIONS");
    expect(license).toContain("APPENDIX: How to apply the Apache License to your work.");
    expect(license).toContain("Copyright 2026 The route53-gslb authors");
  });
});
