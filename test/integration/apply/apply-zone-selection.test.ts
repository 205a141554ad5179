import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ChangeTagsForResourceCommand, CreateHostedZoneCommand } from "@aws-sdk/client-route-53";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { listZoneRecords, motoEndpoint, resetMoto, route53Client } from "../peers/aws.js";
import { startFaultProxy } from "../peers/fault-proxy.js";
import { cli } from "./bookinfo-on-moto.js";

/*
 * Which hosted zones get a name, through the CLI against moto over HTTP with the real SDK:
 * `--zone-tags` (zones chosen by their Route 53 tags, read with ListTagsForResources) and
 * `--split-horizon` (every private zone that contains the name plus the most specific public one).
 */

const P = "route53-gslb.io/";

function service(name: string, hostnames: string, ip: string): string {
  return JSON.stringify({
    apiVersion: "v1",
    kind: "Service",
    metadata: { name, namespace: "default", annotations: { [`${P}hostnames`]: hostnames } },
    spec: { type: "LoadBalancer" },
    status: { loadBalancer: { ingress: [{ ip }] } },
  });
}
const NOTHING = JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "empty" } });

let n = 0;
async function createZone(endpoint: string, name: string, privateZone = false): Promise<string> {
  const out = await route53Client(endpoint).send(
    new CreateHostedZoneCommand({
      Name: `${name}.`,
      CallerReference: `zones-${Date.now()}-${n++}`,
      ...(privateZone
        ? {
            HostedZoneConfig: { PrivateZone: true },
            VPC: { VPCId: "vpc-0123456789abcdef0", VPCRegion: "us-east-1" },
          }
        : {}),
    }),
  );
  return (out.HostedZone?.Id ?? "").replace("/hostedzone/", "");
}

/** `name type setId` of every A and TXT record of a zone. */
async function names(endpoint: string, zoneId: string): Promise<string[]> {
  return (await listZoneRecords(zoneId, endpoint))
    .filter((r) => r.Type === "A" || r.Type === "TXT")
    .map((r) => `${r.Name} ${r.Type} ${r.SetIdentifier ?? "-"}`)
    .sort();
}

describe("zone selection on moto", () => {
  let endpoint: string;
  let dir: string;

  beforeEach(async () => {
    endpoint = motoEndpoint();
    await resetMoto(endpoint);
    dir = mkdtempSync(join(tmpdir(), "zones-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function manifests(...docs: string[]): string {
    const file = join(dir, `m${n++}.yaml`);
    writeFileSync(file, docs.join("\n---\n"));
    return file;
  }

  const run = (command: "apply" | "plan", file: string, ...extra: string[]) =>
    cli([
      command,
      "-f",
      file,
      "--cluster-name",
      "cluster-1",
      "--aws-endpoint",
      endpoint,
      ...(command === "plan" ? ["--zones", "aws", "--detailed-exitcode"] : []),
      ...extra,
    ]);

  it("--zone-tags: only the zone carrying every tag gets records; the other names are skipped, naming the tag", async () => {
    const tagged = await createZone(endpoint, "tagged.test");
    const wrongValue = await createZone(endpoint, "web.test");
    const untagged = await createZone(endpoint, "untagged.test");
    const r53 = route53Client(endpoint);
    const tag = (id: string, Tags: { Key: string; Value: string }[]) =>
      r53.send(
        new ChangeTagsForResourceCommand({ ResourceType: "hostedzone", ResourceId: id, AddTags: Tags }),
      );
    await tag(tagged, [
      { Key: "team", Value: "dns" },
      { Key: "managed-by", Value: "route53-gslb" },
    ]);
    await tag(wrongValue, [
      { Key: "team", Value: "web" },
      { Key: "managed-by", Value: "route53-gslb" },
    ]);
    const file = manifests(
      service("a", "app.tagged.test", "192.0.2.1"),
      service("b", "app.web.test", "192.0.2.2"),
      service("c", "app.untagged.test", "192.0.2.3"),
    );

    // Through a fault proxy that only counts, to see the tag reads the flag costs.
    const proxy = await startFaultProxy(endpoint);
    try {
      const flags = ["--zone-tags", "team=dns", "--zone-tags", "managed-by"];
      const applied = await cli([
        "apply",
        "-f",
        file,
        "--cluster-name",
        "cluster-1",
        "--aws-endpoint",
        proxy.endpoint,
        ...flags,
      ]);
      expect(applied.code).toBe(0);
      expect(applied.stdout).toContain(
        `\`app.web.test\` is in hosted zone \`web.test\` (${wrongValue}, public), which --zone-tags team=dns excludes`,
      );
      expect(applied.stdout).toContain(
        `\`app.untagged.test\` is in hosted zone \`untagged.test\` (${untagged}, public), which --zone-tags team=dns, --zone-tags managed-by excludes`,
      );
      // The three zones' tags in one ListTagsForResources call (no health checks exist to ask about).
      const tagReads = proxy.log.filter((l) => l.operation === "ListTagsForResources");
      expect(tagReads).toHaveLength(1);
      for (const id of [tagged, wrongValue, untagged]) expect(tagReads[0]?.body).toContain(id);
      // Records are read only in the tagged zone.
      const listings = proxy.log.filter((l) => l.operation === "ListResourceRecordSets");
      expect(listings.length).toBeGreaterThan(0);
      expect(listings.filter((l) => !l.path.includes(tagged))).toEqual([]);
    } finally {
      await proxy.close();
    }

    expect(await names(endpoint, tagged)).toEqual([
      "_gslb-a.app.tagged.test. TXT cluster-1",
      "app.tagged.test. A cluster-1",
    ]);
    expect(await names(endpoint, wrongValue)).toEqual([]);
    expect(await names(endpoint, untagged)).toEqual([]);

    const again = await run("plan", file, "--zone-tags", "team=dns", "--zone-tags", "managed-by");
    expect(again.stdout).toMatch(/No changes\. 2 skipped\./);
    expect(again.code).toBe(0);

    // status selects zones the same way: the tagged zone's name, nothing of the others.
    const status = await cli(["status", "--aws-endpoint", endpoint, "--zone-tags", "team=dns"]);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain("app.tagged.test");
  });

  it("--split-horizon: every private zone and the most specific public zone, each with its own ownership record, and nothing else", async () => {
    const internalPrivate = await createZone(endpoint, "internal.split.test", true);
    const splitPrivate = await createZone(endpoint, "split.test", true);
    const internalPublic = await createZone(endpoint, "internal.split.test");
    const splitPublic = await createZone(endpoint, "split.test");
    const elsewhere = await createZone(endpoint, "elsewhere.test");
    const zones = { internalPrivate, splitPrivate, internalPublic, splitPublic, elsewhere };
    const all = async () =>
      Object.fromEntries(
        await Promise.all(
          Object.entries(zones).map(async ([k, id]) => [k, await names(endpoint, id)] as const),
        ),
      );
    const app = "app.internal.split.test";
    const member = [`_gslb-a.${app}. TXT cluster-1`, `${app}. A cluster-1`];
    const file = manifests(service("app", app, "192.0.2.1"));

    // Without the option: the most specific zone name only (both halves of internal.split.test).
    const plain = await run("plan", file);
    expect(plain.code).toBe(2);
    expect(plain.stdout).not.toContain(`Zone split.test (${splitPrivate})`);

    expect((await run("apply", file, "--split-horizon")).code).toBe(0);
    expect(await all()).toEqual({
      internalPrivate: member,
      splitPrivate: member,
      internalPublic: member,
      splitPublic: [],
      elsewhere: [],
    });
    const again = await run("plan", file, "--split-horizon");
    expect(again.stdout).toContain("No changes.");
    expect(again.code).toBe(0);

    // The object goes: each zone's member goes with its own ownership record.
    expect((await run("apply", manifests(NOTHING), "--split-horizon", "--max-deletions", "100%")).code).toBe(
      0,
    );
    expect(await all()).toEqual({
      internalPrivate: [],
      splitPrivate: [],
      internalPublic: [],
      splitPublic: [],
      elsewhere: [],
    });
  });

  it("--split-horizon: a private subzone and a public parent both get the name", async () => {
    const internalPrivate = await createZone(endpoint, "internal.split.test", true);
    const splitPublic = await createZone(endpoint, "split.test");
    const app = "app.internal.split.test";
    const file = manifests(service("app", app, "192.0.2.1"));
    expect((await run("apply", file)).code).toBe(0);
    expect(await names(endpoint, splitPublic)).toEqual([]);
    expect((await run("apply", file, "--split-horizon")).code).toBe(0);
    const member = [`_gslb-a.${app}. TXT cluster-1`, `${app}. A cluster-1`];
    expect(await names(endpoint, internalPrivate)).toEqual(member);
    expect(await names(endpoint, splitPublic)).toEqual(member);
  });
});
