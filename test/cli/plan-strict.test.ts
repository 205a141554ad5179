import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";

/**
 * `plan --strict` as CI runs it, on manifests where one Service has a typo'd annotation key. Without
 * `--strict` the exit code is what it always was (the typo is only listed as skipped); with it, 3,
 * whatever `--detailed-exitcode` says. The first case runs the built CLI as a process (needs
 * `npm run build` first; `npm test` does it); the others run the same entry point in-process, which
 * keeps the file fast on a busy machine.
 */

const ROOT = resolve(import.meta.dirname, "../..");
const BIN = join(ROOT, "bin/route53-gslb.js");
const ZONES = "examples/bookinfo/zones.json";
const DOMAIN = "tse.tetratelabs.io";

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function binary(args: string[]): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], { cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const x = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof x.code === "number" ? x.code : -1, stdout: x.stdout ?? "", stderr: x.stderr ?? "" };
  }
}

/** The same CLI in-process: `main` is what bin/route53-gslb.js runs, its result the exit code. */
async function cli(args: string[]): Promise<Run> {
  const run: Run = { code: -1, stdout: "", stderr: "" };
  run.code = await main(args, {
    stdout: (t) => {
      run.stdout += t;
    },
    stderr: (t) => {
      run.stderr += t;
    },
    readStdin: async () => "",
  });
  return run;
}

/** A LoadBalancer Service with an address, published under `host`, with extra annotations. */
function service(
  name: string,
  host: string,
  annotations: Record<string, string> = {},
  ip = "192.0.2.10",
): string {
  const lines = Object.entries({ "route53-gslb.io/hostnames": host, ...annotations }).map(
    ([k, v]) => `    ${k}: ${JSON.stringify(v)}`,
  );
  return [
    "apiVersion: v1",
    "kind: Service",
    "metadata:",
    `  name: ${name}`,
    "  namespace: shop",
    "  annotations:",
    ...lines,
    "spec:",
    "  type: LoadBalancer",
    "  selector: { app: shop }",
    "  ports: [{ port: 443 }]",
    ...(ip ? ["status:", "  loadBalancer:", `    ingress: [{ ip: ${ip} }]`] : []),
  ].join("\n");
}

const GOOD = service("web", `web.${DOMAIN}`);
// `wieght` for `weight`: the annotation parser rejects the unknown key and skips the Service.
const TYPO = service("cart", `cart.${DOMAIN}`, { "route53-gslb.io/wieght": "50" }, "192.0.2.11");

let dir = "";
const files: Record<string, string> = {};

beforeAll(async () => {
  expect(existsSync(join(ROOT, "dist/cli/main.js")), "run `npm run build` first").toBe(true);
  dir = await mkdtemp(join(tmpdir(), "r53gslb-strict-"));
  const write = async (name: string, text: string): Promise<void> => {
    files[name] = join(dir, name);
    await writeFile(files[name], `${text}\n`);
  };
  await write("typo.yaml", `${GOOD}\n---\n${TYPO}`);
  await write("good.yaml", GOOD);
  await write(
    "not-problems.yaml",
    [
      GOOD,
      service("off", `off.${DOMAIN}`, { "route53-gslb.io/enabled": "false" }),
      service("pending", `pending.${DOMAIN}`, {}, ""),
    ].join("\n---\n"),
  );
  await write("not-an-object.yaml", `${GOOD}\n---\n- apiVersion: v1\n  kind: Service\n`);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const args = (file: string, ...extra: string[]): string[] => [
  "plan",
  "-f",
  files[file] ?? file,
  "--zones",
  ZONES,
  "--cluster-name",
  "c1",
  "--domain-filter",
  DOMAIN,
  ...extra,
];
const plan = (file: string, ...extra: string[]): Promise<Run> => cli(args(file, ...extra));

describe("plan --strict on a manifest with a typo'd annotation", () => {
  it("the built CLI exits 2 with --detailed-exitcode as before, and 3 when --strict is added", async () => {
    const [before, strict] = await Promise.all([
      binary(args("typo.yaml", "--detailed-exitcode")),
      binary(args("typo.yaml", "--detailed-exitcode", "--strict")),
    ]);
    expect(before.code).toBe(2);
    expect(strict.code).toBe(3);
    expect(strict.stdout).toBe(
      before.stdout.replace(
        /\n$/,
        "\nStrict: 1 problem fails this plan under --strict: 1 invalid-annotation.\n",
      ),
    );
  });

  it("without --strict, exits as before: 0, and 2 with --detailed-exitcode; the typo is listed as skipped", async () => {
    const plain = await plan("typo.yaml");
    expect(plain.code).toBe(0);
    expect(plain.stderr).toBe("");
    expect(plain.stdout).toContain("Service shop/cart: Unknown annotation `route53-gslb.io/wieght`");
    expect((await plan("typo.yaml", "--detailed-exitcode")).code).toBe(2);
  });

  it("with --strict, exits 3 and names the finding on stderr; the plan is still printed", async () => {
    const r = await plan("typo.yaml", "--strict");
    expect(r.code).toBe(3);
    expect(r.stdout).toContain("+ web.tse.tetratelabs.io A weighted");
    expect(r.stdout).toContain("Strict: 1 problem fails this plan under --strict: 1 invalid-annotation.");
    const [summary, finding, ...rest] = r.stderr.split("\n");
    expect(summary).toBe("error: 1 problem fails this plan under --strict: 1 invalid-annotation");
    expect(finding).toMatch(
      /^ {2}invalid-annotation: Service shop\/cart: Unknown annotation `route53-gslb\.io\/wieght` \(value `50`\);.*did you mean `route53-gslb\.io\/weight`\?$/,
    );
    expect(rest).toEqual([""]);
  });

  it("3 wins over 2: --strict --detailed-exitcode with changes pending exits 3", async () => {
    expect((await plan("typo.yaml", "--strict", "--detailed-exitcode")).code).toBe(3);
  });

  it("--strict-ignore lets a kind pass: then --detailed-exitcode decides", async () => {
    const r = await plan(
      "typo.yaml",
      "--strict",
      "--strict-ignore",
      "invalid-annotation,no-zone",
      "--detailed-exitcode",
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("");
  });

  it("a clean plan passes --strict: 0, or 2 with changes and --detailed-exitcode", async () => {
    expect((await plan("good.yaml", "--strict")).code).toBe(0);
    expect((await plan("good.yaml", "--strict", "--detailed-exitcode")).code).toBe(2);
  });

  it("an opted-out object and one without an address yet do not fail --strict", async () => {
    const r = await plan("not-problems.yaml", "--strict");
    expect(r.stdout).toContain("Service shop/off: disabled by route53-gslb.io/enabled=false");
    expect(r.stdout).toContain("Service shop/pending: no address in status.loadBalancer.ingress yet");
    expect(r.code).toBe(0);
  });

  it("a document that is no Kubernetes object fails --strict (it is only a warning without)", async () => {
    expect((await plan("not-an-object.yaml")).code).toBe(0);
    const r = await plan("not-an-object.yaml", "--strict");
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("not-a-kubernetes-object:");
  });

  it("JSON carries the verdict under `strict`; markdown says it under the summary", async () => {
    const json = await plan("typo.yaml", "--strict", "--output", "json");
    expect(json.code).toBe(3);
    const doc = JSON.parse(json.stdout) as { strict: { passed: boolean; findings: { kind: string }[] } };
    expect(doc.strict.passed).toBe(false);
    expect(doc.strict.findings.map((f) => f.kind)).toEqual(["invalid-annotation"]);
    const clean = JSON.parse((await plan("good.yaml", "--strict", "--output", "json")).stdout);
    expect(clean.strict).toEqual({ passed: true, findings: [] });
    expect(JSON.parse((await plan("good.yaml", "--output", "json")).stdout)).not.toHaveProperty("strict");

    const md = await plan("typo.yaml", "--strict", "--output", "markdown");
    expect(md.stdout).toContain(
      "> **Strict:** 1 problem fails this plan under --strict: 1 invalid-annotation; see the sections below.",
    );
  });

  it("an error still exits 1, before any verdict", async () => {
    const r = await cli([
      "plan",
      "-f",
      files["typo.yaml"] ?? "",
      "--zones",
      "missing.json",
      "--cluster-name",
      "c1",
      "--strict",
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
  });

  it("rejects an unknown --strict-ignore kind", async () => {
    const r = await plan("typo.yaml", "--strict", "--strict-ignore", "typo");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Expected `--strict-ignore` to be one of");
  });
});
