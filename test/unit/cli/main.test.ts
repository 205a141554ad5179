import { describe, expect, it } from "vitest";
import type { CliIo } from "../../../src/cli/cli-io.js";
import { main } from "../../../src/cli/main.js";

/** Run the CLI in-process with captured output. */
async function run(argv: string[], stdin = ""): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io: CliIo = {
    stdout: (s) => {
      out += s;
    },
    stderr: (s) => {
      err += s;
    },
    readStdin: async () => stdin,
  };
  const code = await main(argv, io);
  return { code, out, err };
}

const BOOKINFO = ["-f", "examples/bookinfo/cluster-1", "--zones", "examples/bookinfo/zones.json"];

describe("main", () => {
  it("prints help for the root command and exits 0", async () => {
    const r = await run(["--help"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("Usage: route53-gslb");
    expect(r.out).toContain("plan");
  });

  it("prints help for plan with every flag", async () => {
    const r = await run(["plan", "--help"]);
    expect(r.code).toBe(0);
    for (const flag of [
      "-f, --filename",
      "--zones",
      "--cluster-name",
      "--owner-id",
      "--domain-filter",
      "--exclude-domain",
      "--zone-type",
      "--zone-id",
      "--default-routing-policy",
      "--default-weight",
      "--policy",
      "--max-deletions",
      "--output",
      "--detailed-exitcode",
    ]) {
      expect(r.out).toContain(flag);
    }
  });

  it("prints help for status with its flags, shared with plan", async () => {
    const r = await run(["status", "--help"]);
    expect(r.code).toBe(0);
    for (const flag of [
      "--hostname",
      "--domain-filter",
      "--exclude-domain",
      "--zone-type",
      "--zone-id",
      "--output",
      "--aws-endpoint",
      "--aws-region",
      "--aws-rate",
    ]) {
      expect(r.out).toContain(flag);
    }
    expect(r.out).toContain("GetHealthCheckStatus");
    expect((await run(["--help"])).out).toContain("status");
  });

  it("status exits 1 and prints every invalid flag before reading AWS", async () => {
    const r = await run(["status", "--hostname", "not a host", "--output", "markdown", "--zone-id", "z!"]);
    expect(r.code).toBe(1);
    expect(r.out).toBe("");
    expect(r.err).toBe(
      "error: Expected `--hostname` to be a DNS name such as `app.example.com`, got `not a host`\n" +
        "error: Expected `--zone-id` to be a hosted zone id such as `Z0123456789ABC` or `/hostedzone/Z0123456789ABC`, got `z!`\n" +
        "error: Expected `--output` to be one of `text` or `json`, got `markdown`\n",
    );
  });

  it("status takes no planner or manifest flags", async () => {
    for (const flag of ["--cluster-name", "-f"]) {
      const r = await run(["status", flag, "x"]);
      expect(r.code).toBe(1);
      expect(r.err).toContain(`unknown option '${flag}'`);
    }
  });

  it("exits 1 without a command", async () => {
    const r = await run([]);
    expect(r.code).toBe(1);
    expect(r.err).toContain("Usage: route53-gslb");
  });

  it("exits 1 on an unknown flag", async () => {
    const r = await run(["plan", "--no-such-flag"]);
    expect(r.code).toBe(1);
    expect(r.err).toContain("unknown option '--no-such-flag'");
  });

  it("exits 1 and prints every invalid flag, worded like p-queue", async () => {
    const r = await run([
      "plan",
      ...BOOKINFO,
      "--cluster-name",
      "c1",
      "--default-weight",
      "x",
      "--output",
      "yaml",
    ]);
    expect(r.code).toBe(1);
    expect(r.out).toBe("");
    expect(r.err).toBe(
      "error: Expected `--default-weight` to be an integer from 0 to 255, got `x`\n" +
        "error: Expected `--output` to be one of `text`, `json` or `markdown`, got `yaml`\n",
    );
  });

  it("collects repeated flags", async () => {
    const r = await run([
      "plan",
      ...BOOKINFO,
      "--cluster-name",
      "cluster-1",
      "--domain-filter",
      "tse.tetratelabs.io",
      "--domain-filter",
      "bad domain",
    ]);
    expect(r.code).toBe(1);
    expect(r.err).toContain("got `bad domain`");
    expect(r.err).not.toContain("got `tse.tetratelabs.io`");
  });

  it("reads manifests from stdin with -f -", async () => {
    const r = await run(
      [
        "plan",
        "-f",
        "-",
        "--zones",
        "examples/bookinfo/zones.json",
        "--cluster-name",
        "cluster-1",
        "--output",
        "json",
      ],
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: unrelated}\n",
    );
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ version: 1, clusterName: "cluster-1", changes: [] });
  });

  it("warns on stderr about documents that are no Kubernetes object, and plans the rest", async () => {
    const r = await run(
      [
        "plan",
        "-f",
        "-",
        "--zones",
        "examples/bookinfo/zones.json",
        "--cluster-name",
        "cluster-1",
        "--output",
        "json",
      ],
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: unrelated}\n---\n- apiVersion: v1\n- kind: Service\n---\nhello\n",
    );
    expect(r.err).toBe(
      "warning: <stdin>:5: document 2, item 1 is a map without kind and metadata, not a Kubernetes object (apiVersion, kind and metadata.name); ignored\n" +
        "warning: <stdin>:5: document 2, item 2 is a map without apiVersion and metadata, not a Kubernetes object (apiVersion, kind and metadata.name); ignored\n" +
        "warning: <stdin>:8: document 3 is a string `hello`, not a Kubernetes object (apiVersion, kind and metadata.name); ignored\n",
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ version: 1, changes: [] });
  });

  it("lists a Tetrate gateway kind it does not read as skipped, not supported", async () => {
    // The seeds' east-west gateway: an install resource, not a gateway.tsb.tetrate.io/v2 Gateway.
    const r = await run(
      ["plan", "-f", "-", "--zones", "examples/bookinfo/zones.json", "--cluster-name", "cluster-1"],
      "apiVersion: install.tetrate.io/v1alpha1\nkind: IngressGateway\nmetadata: {name: eastwest-gateway, namespace: bookinfo}\nspec: {eastWestOnly: true}\n",
    );
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      "install.tetrate.io/IngressGateway bookinfo/eastwest-gateway: `install.tetrate.io/v1alpha1` `IngressGateway` is not supported",
    );
  });

  it("exits 1 naming the file and line of a manifest that does not parse", async () => {
    const r = await run(
      ["plan", "-f", "-", "--zones", "examples/bookinfo/zones.json", "--cluster-name", "cluster-1"],
      "apiVersion: v1\nkind: Service\nmetadata:\n  name: [oops\n",
    );
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^error: <stdin>:\d+:\d+: /);
  });

  it("exits 1 when the snapshot is missing", async () => {
    const r = await run([
      "plan",
      "-f",
      "examples/bookinfo/cluster-1",
      "--zones",
      "nope.json",
      "--cluster-name",
      "c1",
    ]);
    expect(r.code).toBe(1);
    expect(r.err).toContain("nope.json");
  });
});
