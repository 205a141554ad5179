// The CI jobs of docs/ci.md (examples/ci/), run for real as far as this machine allows: their shell
// steps with bash against moto (`plan --zones aws`), the built CLI standing in for the released
// image (a `docker` shim on PATH runs it) or the cloned release (`route53-gslb` on PATH), and their
// comment steps against a small stand-in of the GitHub and GitLab APIs that records each call as the
// documented API would take it. The GitHub workflow is also linted by actionlint in workflows.test.ts.

import { spawn } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { CreateHostedZoneCommand } from "@aws-sdk/client-route-53";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { motoEndpoint, resetMoto, route53Client, TEST_CREDENTIALS, TEST_REGION } from "../peers/aws.js";

const REPO = resolve(import.meta.dirname, "../../..");
const BIN = join(REPO, "bin/route53-gslb.js");
const GITHUB = join(REPO, "examples/ci/github-actions-plan.yml");
const GITLAB = join(REPO, "examples/ci/gitlab-ci-plan.yml");
const DOMAIN = "example.com";

function service(name: string, annotations: Record<string, string>): string {
  const lines = Object.entries(annotations).map(([k, v]) => `    ${k}: ${JSON.stringify(v)}`);
  return [
    "apiVersion: v1",
    "kind: Service",
    "metadata:",
    `  name: ${name}`,
    "  namespace: shop",
    "  annotations:",
    ...lines,
    "spec: { type: LoadBalancer, selector: { app: shop }, ports: [{ port: 443 }] }",
    "status: { loadBalancer: { ingress: [{ ip: 192.0.2.10 }] } }",
  ].join("\n");
}

const CLEAN = service("web", { "route53-gslb.io/hostnames": `web.${DOMAIN}` });
const TYPO = `${CLEAN}\n---\n${service("cart", { "route53-gslb.io/hostnames": `cart.${DOMAIN}`, "route53-gslb.io/wieght": "5" })}`;
const BROKEN = "apiVersion: v1\nkind: Service\nmetadata: { name: [\n";

let work = "";
let shims = "";

/** A checkout with `deploy/cluster-1/app.yaml` holding `manifest`. */
function checkout(manifest: string): void {
  mkdirSync(join(work, "deploy", "cluster-1"), { recursive: true });
  writeFileSync(join(work, "deploy", "cluster-1", "app.yaml"), `${manifest}\n`);
}

/**
 * Run a job's shell text with bash as the runners do (`-e`, and GitLab's `pipefail`), in the checkout.
 * Asynchronously: the stand-in APIs below answer from this process's event loop.
 */
function bash(
  script: string,
  env: Record<string, string>,
): Promise<{ status: number | null; stderr: string }> {
  const child = spawn("bash", ["-eo", "pipefail", "-c", script], {
    cwd: work,
    stdio: ["ignore", "ignore", "pipe"],
    env: {
      PATH: `${shims}:${process.env.PATH ?? ""}`,
      HOME: work,
      AWS_ENDPOINT_URL: motoEndpoint(),
      AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
      AWS_REGION: TEST_REGION,
      ...env,
    },
  });
  let stderr = "";
  child.stderr.on("data", (d) => {
    stderr += d;
  });
  return new Promise((resolvePromise, reject) => {
    child.on("error", reject);
    child.on("close", (status) => resolvePromise({ status, stderr }));
  });
}

beforeAll(() => {
  expect(readFileSync(join(REPO, "dist/cli/main.js")).length, "run `npm run build` first").toBeGreaterThan(0);
  work = mkdtempSync(join(tmpdir(), "r53gslb-ci-"));
  shims = join(work, ".shims");
  mkdirSync(shims);
  // The released image and the cloned release both run bin/route53-gslb.js; so do these.
  writeFileSync(join(shims, "route53-gslb"), `#!/bin/sh\nexec node ${JSON.stringify(BIN)} "$@"\n`);
  // `docker run --rm -v … -w /work -e … IMAGE plan …`: everything after the image is the CLI's.
  writeFileSync(
    join(shims, "docker"),
    `#!/bin/sh\n[ "$1" = run ] || exit 64\nshift\nwhile [ "$#" -gt 0 ]; do case "$1" in --rm) shift ;; -v|-w|-e) shift 2 ;; *) break ;; esac; done\nshift\nexec node ${JSON.stringify(BIN)} "$@"\n`,
  );
  for (const f of ["route53-gslb", "docker"]) chmodSync(join(shims, f), 0o755);
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

beforeEach(async () => {
  await resetMoto();
  await route53Client().send(
    new CreateHostedZoneCommand({ Name: DOMAIN, CallerReference: `ci-${Date.now()}` }),
  );
});

/** The comment or note bodies a stand-in API holds, in creation order, and every call it took. */
interface Posted {
  bodies: Map<number, string>;
  calls: string[];
}

describe("the GitLab CI job (examples/ci/gitlab-ci-plan.yml)", () => {
  const job = (parse(readFileSync(GITLAB, "utf8")) as Record<string, { script: string[] }>)[
    "route53-gslb-plan"
  ];
  const script = (job?.script ?? []).join("\n");
  const notes: Posted = { bodies: new Map(), calls: [] };
  let server: Server;
  let api = "";

  beforeAll(async () => {
    // GitLab's notes API as documented: GET list (JSON), POST and PUT take a form-encoded `body`.
    server = createServer((req, res) => {
      let data = "";
      req.on("data", (d) => {
        data += d;
      });
      req.on("end", () => {
        notes.calls.push(`${req.method} ${req.url?.split("?")[0]} ${req.headers["private-token"]}`);
        const base = "/api/v4/projects/7/merge_requests/3/notes";
        const path = req.url?.split("?")[0] ?? "";
        const body = new URLSearchParams(data).get("body") ?? "";
        if (req.method === "GET" && path === base) {
          const list = [...notes.bodies].reverse().map(([id, b]) => ({ id, body: b }));
          res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(list));
        } else if (req.method === "POST" && path === base) {
          notes.bodies.set(notes.bodies.size + 1, body);
          res.writeHead(201).end("{}");
        } else if (req.method === "PUT" && path.startsWith(`${base}/`)) {
          notes.bodies.set(Number(path.slice(base.length + 1)), body);
          res.writeHead(200).end("{}");
        } else res.writeHead(404).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const address = server.address();
    api = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/api/v4`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const run = () =>
    bash(script, {
      CLUSTER: "cluster-1",
      DOMAIN,
      CI_API_V4_URL: api,
      CI_PROJECT_ID: "7",
      CI_MERGE_REQUEST_IID: "3",
      ROUTE53_GSLB_NOTE_TOKEN: "glpat-test",
    });

  it("fails on a typo'd annotation, posts one note, and updates that note once it is fixed", async () => {
    checkout(TYPO);
    const first = await run();
    expect(first.status, first.stderr).toBe(1);
    expect(first.stderr).toContain("route53-gslb plan exited 3");
    expect([...notes.bodies.keys()]).toEqual([1]);
    const note = notes.bodies.get(1) ?? "";
    expect(note.split("\n").slice(0, 2)).toEqual([
      "<!-- route53-gslb-plan:cluster-1 -->",
      "## route53-gslb plan for cluster `cluster-1`",
    ]);
    expect(note).toContain("> **Strict:** 1 problem fails this plan under --strict: 1 invalid-annotation");

    checkout(CLEAN);
    const second = await run();
    expect(second.status, second.stderr).toBe(0); // changes pending (exit 2) keep it green
    expect([...notes.bodies.keys()]).toEqual([1]);
    expect(notes.bodies.get(1)).toContain("**Plan: 2 to create, 0 to update, 0 to delete, 0 skipped.**");
    expect(notes.bodies.get(1)).not.toContain("Strict");
    expect(notes.calls).toEqual([
      "GET /api/v4/projects/7/merge_requests/3/notes glpat-test",
      "POST /api/v4/projects/7/merge_requests/3/notes glpat-test",
      "GET /api/v4/projects/7/merge_requests/3/notes glpat-test",
      "PUT /api/v4/projects/7/merge_requests/3/notes/1 glpat-test",
    ]);
  });

  it("fails when the plan cannot be made, and the note shows the error", async () => {
    checkout(BROKEN);
    const r = await run();
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("route53-gslb plan exited 1");
    const note = [...notes.bodies.values()].at(-1) ?? "";
    expect(note).toContain("**The plan could not be made** (exit code 1):");
    expect(note).toMatch(/```\nerror: .*app\.yaml:\d+:\d+: /);
  });
});

describe("the GitHub Actions workflow (examples/ci/github-actions-plan.yml)", () => {
  interface Step {
    id?: string;
    run?: string;
    uses?: string;
    with?: { script?: string };
  }
  const wf = parse(readFileSync(GITHUB, "utf8")) as {
    jobs: { plan: { steps: Step[]; env: Record<string, string> } };
  };
  const steps = wf.jobs.plan.steps;
  const planStep = steps.find((s) => s.id === "plan")?.run ?? "";
  const commentScript = steps.find((s) => s.uses?.startsWith("actions/github-script@"))?.with?.script ?? "";

  /** Run the plan step; returns the exit code it recorded in $GITHUB_OUTPUT. */
  async function planExitCode(): Promise<string> {
    const output = join(work, "github-output");
    writeFileSync(output, "");
    const r = await bash(planStep, {
      IMAGE: wf.jobs.plan.env.IMAGE ?? "",
      DOMAIN,
      CLUSTER: "cluster-1",
      GITHUB_OUTPUT: output,
    });
    expect(r.status, r.stderr).toBe(0); // the step itself never fails
    return /^exitcode=(\d+)$/m.exec(readFileSync(output, "utf8"))?.[1] ?? "";
  }

  /** Run the github-script body with Octokit's calls recorded (as actions/github-script passes them). */
  async function comment(exitCode: string, posted: Posted): Promise<void> {
    const calls = posted.calls;
    const github = {
      paginate: async (fn: (p: object) => Promise<{ data: unknown[] }>, params: object) =>
        (await fn(params)).data,
      rest: {
        issues: {
          listComments: async (p: { issue_number: number }) => {
            calls.push(`list ${p.issue_number}`);
            return { data: [...posted.bodies].map(([id, body]) => ({ id, body })) };
          },
          createComment: async (p: { issue_number: number; body: string }) => {
            calls.push(`create ${p.issue_number}`);
            posted.bodies.set(posted.bodies.size + 100, p.body);
          },
          updateComment: async (p: { comment_id: number; body: string }) => {
            calls.push(`update ${p.comment_id}`);
            posted.bodies.set(p.comment_id, p.body);
          },
        },
      },
    };
    const context = { repo: { owner: "o", repo: "r" }, issue: { number: 42 } };
    const cwd = process.cwd();
    const env = { CLUSTER: process.env.CLUSTER, EXIT_CODE: process.env.EXIT_CODE };
    process.chdir(work);
    process.env.CLUSTER = "cluster-1";
    process.env.EXIT_CODE = exitCode;
    try {
      const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
        ...args: string[]
      ) => (...a: unknown[]) => Promise<void>;
      const { createRequire } = await import("node:module");
      await new AsyncFunction("require", "github", "context", commentScript)(
        createRequire(GITHUB),
        github,
        context,
      );
    } finally {
      process.chdir(cwd);
      for (const [k, v] of Object.entries(env)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  }

  it("records exit 3 for a typo'd annotation, comments once, then updates the comment with exit 2", async () => {
    const posted: Posted = { bodies: new Map([[7, "someone else's comment"]]), calls: [] };
    checkout(TYPO);
    expect(await planExitCode()).toBe("3");
    await comment("3", posted);
    checkout(CLEAN);
    expect(await planExitCode()).toBe("2");
    await comment("2", posted);
    expect(posted.calls).toEqual(["list 42", "create 42", "list 42", "update 101"]);
    expect(posted.bodies.get(7)).toBe("someone else's comment");
    expect(posted.bodies.get(101)?.split("\n").slice(0, 2)).toEqual([
      "<!-- route53-gslb-plan:cluster-1 -->",
      "## route53-gslb plan for cluster `cluster-1`",
    ]);
    expect(posted.bodies.get(101)).not.toContain("Strict");
  });

  it("fails the job on exit 1 and 3 only", () => {
    const last = steps.at(-1);
    expect(last?.run).toContain("exit 1");
    expect((last as { if?: string }).if).toBe(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, not a template
      "${{ steps.plan.outputs.exitcode == '1' || steps.plan.outputs.exitcode == '3' }}",
    );
  });
});

describe("docs/ci.md", () => {
  it("shows both jobs exactly as they are in examples/ci", () => {
    const doc = readFileSync(join(REPO, "docs", "ci.md"), "utf8");
    for (const file of [GITHUB, GITLAB])
      expect(doc).toContain(`\`\`\`yaml\n${readFileSync(file, "utf8")}\`\`\``);
  });
});
