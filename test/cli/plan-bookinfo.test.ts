import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";

/**
 * The acceptance test of `plan`: the built CLI, run as CI runs it, on examples/bookinfo.
 * Needs `npm run build` first (`npm test` does it).
 */

const ROOT = resolve(import.meta.dirname, "../..");
const BIN = join(ROOT, "bin/route53-gslb.js");
const DOMAIN = "tse.tetratelabs.io";

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(args: string[]): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], { cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const x = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof x.code === "number" ? x.code : -1, stdout: x.stdout ?? "", stderr: x.stderr ?? "" };
  }
}

const planArgs = (cluster: string, ...extra: string[]): string[] => [
  "plan",
  "-f",
  `examples/bookinfo/${cluster}`,
  "--zones",
  "examples/bookinfo/zones.json",
  "--cluster-name",
  cluster,
  "--domain-filter",
  DOMAIN,
  ...extra,
];

interface JsonChange {
  zoneId: string;
  zoneName: string;
  action: string;
  purpose: string;
  recordSet: {
    Name: string;
    Type: string;
    SetIdentifier?: string;
    Weight?: number;
    Region?: string;
    Failover?: string;
    AliasTarget?: { HostedZoneId: string; DNSName: string; EvaluateTargetHealth: boolean };
    HealthCheckId?: string;
  };
  source: string | null;
}

describe("route53-gslb plan on examples/bookinfo", () => {
  let json: Run;
  let plan: {
    version: number;
    clusterName: string;
    changes: JsonChange[];
    healthChecks: { action: string; for: string; callerReference: string }[];
    skipped: { source: string; hostname: string | null; reason: string }[];
    summary: Record<string, number>;
  };

  beforeAll(async () => {
    expect(existsSync(join(ROOT, "dist/cli/main.js")), "run `npm run build` first").toBe(true);
    json = await cli(planArgs("cluster-1", "--output", "json"));
    plan = JSON.parse(json.stdout);
  });

  const records = (name: string) =>
    plan.changes.filter((c) => c.purpose === "record" && c.recordSet.Name === `${name}.${DOMAIN}.`);

  it("succeeds with a version-1 document for cluster-1", () => {
    expect(json.stderr).toBe("");
    expect(json.code).toBe(0);
    expect(plan.version).toBe(1);
    expect(plan.clusterName).toBe("cluster-1");
    expect(Object.keys(plan).slice(0, 6)).toEqual([
      "version",
      "clusterName",
      "changes",
      "healthChecks",
      "skipped",
      "summary",
    ]);
  });

  it("creates the weighted member of bookinfo, weight 50, SetIdentifier cluster-1, alias to the ALB", () => {
    const [a] = records("bookinfo");
    expect(records("bookinfo")).toHaveLength(1);
    expect(a).toMatchObject({
      zoneId: "Z0EXAMPLEBOOKINFO",
      zoneName: `${DOMAIN}.`,
      action: "CREATE",
      source: "gateway.networking.k8s.io/HTTPRoute bookinfo/bookinfo",
      recordSet: {
        Type: "A",
        SetIdentifier: "cluster-1",
        Weight: 50,
        AliasTarget: {
          HostedZoneId: "ZHURV8PSTC4K8",
          DNSName: expect.stringMatching(
            /k8s-bookinfo-bookinfo-5f3e2a1b9c-1234567890\.eu-west-2\.elb\.amazonaws\.com\.?$/,
          ),
          EvaluateTargetHealth: true,
        },
      },
    });
  });

  it("creates the latency member of reviews in eu-west-2, alias to the NLB", () => {
    expect(records("reviews")).toHaveLength(1);
    expect(records("reviews")[0]).toMatchObject({
      action: "CREATE",
      recordSet: {
        Type: "A",
        SetIdentifier: "cluster-1",
        Region: "eu-west-2",
        AliasTarget: { HostedZoneId: "ZD4D7Y8KGAS4G" },
      },
    });
  });

  it("creates the failover PRIMARY of ratings with a health check to be created", () => {
    expect(records("ratings")).toHaveLength(1);
    const ratings = records("ratings")[0];
    expect(ratings).toMatchObject({
      action: "CREATE",
      recordSet: {
        Type: "A",
        SetIdentifier: "cluster-1",
        Failover: "PRIMARY",
        AliasTarget: { HostedZoneId: "ZD4D7Y8KGAS4G" },
      },
    });
    const check = plan.healthChecks.find(
      (h) => h.for === `ratings.${DOMAIN}.` || h.for === `ratings.${DOMAIN}`,
    );
    expect(check?.action).toBe("CREATE");
    expect(ratings?.recordSet.HealthCheckId).toContain(check?.callerReference);
  });

  it("writes an ownership record beside every record it creates, in the same zone", () => {
    const created = plan.changes.filter((c) => c.purpose === "record");
    const ownership = plan.changes.filter((c) => c.purpose === "ownership");
    expect(created.length).toBeGreaterThan(0);
    expect(ownership.length).toBe(created.length);
    for (const o of ownership) {
      expect(o.recordSet.Type).toBe("TXT");
      expect(o.action).toBe("CREATE");
    }
  });

  it("never touches records it does not own (the hand-made docs CNAME, SOA, NS)", () => {
    const names = plan.changes.map((c) => c.recordSet.Name);
    expect(names).not.toContain(`docs.${DOMAIN}.`);
    expect(plan.changes.filter((c) => ["SOA", "NS"].includes(c.recordSet.Type))).toEqual([]);
    expect(
      plan.changes.every(
        (c) => c.recordSet.SetIdentifier === undefined || c.recordSet.SetIdentifier === "cluster-1",
      ),
    ).toBe(true);
  });

  it("skips the bad annotation, naming the key, and the out-of-filter hostname, with reasons", () => {
    const bad = plan.skipped.find((s) => s.source === "networking.istio.io/Gateway bookinfo/details-gateway");
    expect(bad?.reason).toContain("route53-gslb.io/weight");
    const outside = plan.skipped.find((s) => s.hostname === "productpage.bookinfo.example.com");
    expect(outside?.source).toBe("gateway.networking.k8s.io/HTTPRoute bookinfo/productpage-legacy");
    expect(outside?.reason).not.toBe("");
    expect(plan.summary.skipped).toBe(plan.skipped.length);
  });

  it("summarises by action", () => {
    const count = (a: string) => plan.changes.filter((c) => c.action === a).length;
    const checks = (a: string) => plan.healthChecks.filter((c) => c.action === a).length;
    expect(plan.summary).toEqual({
      create: count("CREATE") + checks("CREATE"),
      update: count("UPSERT") + checks("UPDATE"),
      delete: count("DELETE") + checks("DELETE"),
      skipped: plan.skipped.length,
    });
  });

  it("exits 2 with --detailed-exitcode when changes are pending", async () => {
    const r = await cli(planArgs("cluster-1", "--output", "json", "--detailed-exitcode"));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe(json.stdout);
  });

  it("prints byte-identical output across runs", async () => {
    const again = await cli(planArgs("cluster-1", "--output", "json"));
    expect(again.stdout).toBe(json.stdout);
  });

  it("renders text like terraform plan", async () => {
    const r = await cli(planArgs("cluster-1"));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Zone ${DOMAIN} (Z0EXAMPLEBOOKINFO):`);
    expect(r.stdout).toMatch(/^ {2}\+ bookinfo\.tse\.tetratelabs\.io A weighted set=cluster-1 weight=50 /m);
    expect(r.stdout).toContain("Skipped:");
    expect(r.stdout).toMatch(/^Plan: \d+ to create, \d+ to update, \d+ to delete, \d+ skipped\.$/m);
    expect((await cli(planArgs("cluster-1"))).stdout).toBe(r.stdout);
  });

  it("renders markdown for a pull-request comment", async () => {
    const r = await cli(planArgs("cluster-1", "--output", "markdown"));
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith("## route53-gslb plan for cluster `cluster-1`\n")).toBe(true);
    expect(r.stdout).toContain(`### Zone \`${DOMAIN}\``);
    expect(r.stdout).toContain("### Skipped");
  });

  it("plans cluster-2 as the latency member in eu-west-1 and the failover SECONDARY", async () => {
    const r = await cli(planArgs("cluster-2", "--output", "json"));
    expect(r.code).toBe(0);
    const p = JSON.parse(r.stdout) as { changes: JsonChange[]; skipped: unknown[] };
    const rs = p.changes.filter((c) => c.purpose === "record").map((c) => c.recordSet);
    expect(rs).toContainEqual(
      expect.objectContaining({
        Name: `reviews.${DOMAIN}.`,
        Region: "eu-west-1",
        SetIdentifier: "cluster-2",
      }),
    );
    expect(rs).toContainEqual(
      expect.objectContaining({
        Name: `ratings.${DOMAIN}.`,
        Failover: "SECONDARY",
        SetIdentifier: "cluster-2",
      }),
    );
    expect(rs).toContainEqual(
      expect.objectContaining({ Name: `bookinfo.${DOMAIN}.`, Weight: 50, SetIdentifier: "cluster-2" }),
    );
    expect(p.skipped).toEqual([]);
  });

  it("exits 1 with file:line for broken YAML", async () => {
    const dir = await mkdtemp(join(tmpdir(), "r53gslb-cli-"));
    const file = join(dir, "broken.yaml");
    await writeFile(file, "apiVersion: v1\nkind: Service\nmetadata:\n  name: x\n  labels: {app: [\n");
    try {
      const r = await cli([
        "plan",
        "-f",
        file,
        "--zones",
        "examples/bookinfo/zones.json",
        "--cluster-name",
        "cluster-1",
      ]);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:\\d+:\\d+: `));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("exits 1 with a p-queue style message for a bad flag", async () => {
    const r = await cli(planArgs("cluster-1", "--default-weight", "x"));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Expected `--default-weight` to be an integer from 0 to 255, got `x`");
  });

  it("prints help for the root and for plan", async () => {
    const root = await cli(["--help"]);
    expect(root.code).toBe(0);
    expect(root.stdout).toContain("plan");
    const plan = await cli(["plan", "--help"]);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain("--detailed-exitcode");
  });
});
