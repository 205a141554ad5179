import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateHostedZoneCommand } from "@aws-sdk/client-route-53";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { listZoneRecords, motoEndpoint, resetMoto, route53Client } from "../peers/aws.js";
import { cli } from "./bookinfo-on-moto.js";

/*
 * Geoproximity members through the CLI, against moto over HTTP with the real SDK (moto patched to
 * keep GeoProximityLocation, scripts/peers/moto_patched.py): what `apply` writes is what Route 53
 * stores, and the next plan reads it back as the same member, so it is empty. Before geoproximity was
 * read, external-dns's `aws-geoproximity-*` keys were ignored and these names became weighted members.
 */

const DOMAIN = "geo.example.com";
const P = "route53-gslb.io/";
const E = "external-dns.kubernetes.io/";

/** A LoadBalancer Service (YAML as JSON) with its address assigned. */
function service(name: string, annotations: Record<string, string>, ip: string): string {
  return JSON.stringify({
    apiVersion: "v1",
    kind: "Service",
    metadata: { name, namespace: "default", annotations },
    spec: { type: "LoadBalancer" },
    status: { loadBalancer: { ingress: [{ ip }] } },
  });
}

describe("geoproximity on moto", () => {
  let endpoint: string;
  let zoneId: string;
  let dir: string;

  beforeEach(async () => {
    endpoint = motoEndpoint();
    await resetMoto(endpoint);
    const zone = await route53Client(endpoint).send(
      new CreateHostedZoneCommand({ Name: `${DOMAIN}.`, CallerReference: `geo-${Date.now()}` }),
    );
    zoneId = (zone.HostedZone?.Id ?? "").replace("/hostedzone/", "");
    dir = mkdtempSync(join(tmpdir(), "geo-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const run = (command: "apply" | "plan", cluster: string, file: string, ...extra: string[]) =>
    cli([
      command,
      "-f",
      file,
      "--cluster-name",
      cluster,
      "--domain-filter",
      DOMAIN,
      "--aws-endpoint",
      endpoint,
      ...(command === "plan" ? ["--zones", "aws", "--detailed-exitcode"] : []),
      ...extra,
    ]);

  it("applies geoproximity members from our keys and external-dns's, and a second plan is empty", async () => {
    const c1 = join(dir, "c1.yaml");
    writeFileSync(
      c1,
      [
        service(
          "nyc",
          {
            [`${P}hostnames`]: `app.${DOMAIN}`,
            [`${P}geoproximity`]: "coordinates=+40.70,-74.01",
            [`${P}geoproximity-bias`]: "25",
          },
          "192.0.2.1",
        ),
        service(
          "edge",
          {
            [`${E}hostname`]: `edge.${DOMAIN}`,
            [`${E}aws-geoproximity-local-zone-group`]: "us-east-1-bue-1",
            [`${E}aws-geoproximity-bias`]: "-10",
          },
          "192.0.2.3",
        ),
      ].join("\n---\n"),
    );
    const c2 = join(dir, "c2.yaml");
    writeFileSync(
      c2,
      service(
        "dublin",
        { [`${E}hostname`]: `app.${DOMAIN}`, [`${E}aws-geoproximity-region`]: "eu-west-1" },
        "192.0.2.2",
      ),
    );

    const applied1 = await run("apply", "cluster-1", c1);
    expect(applied1.stderr).toBe("");
    expect(applied1.code).toBe(0);
    expect(applied1.stdout).toContain(
      `+ app.${DOMAIN} A geoproximity set=cluster-1 coordinates=40.7,-74.01 bias=25 -> 192.0.2.1`,
    );
    expect((await run("apply", "cluster-2", c2)).code).toBe(0);

    const members = (await listZoneRecords(zoneId, endpoint))
      .filter((r) => r.Type === "A")
      .map((r) => [r.Name, r.SetIdentifier, r.GeoProximityLocation, r.Weight]);
    expect(members).toEqual([
      [
        `app.${DOMAIN}.`,
        "cluster-1",
        { Coordinates: { Latitude: "40.7", Longitude: "-74.01" }, Bias: 25 },
        undefined,
      ],
      [`app.${DOMAIN}.`, "cluster-2", { AWSRegion: "eu-west-1", Bias: 0 }, undefined],
      [`edge.${DOMAIN}.`, "cluster-1", { LocalZoneGroup: "us-east-1-bue-1", Bias: -10 }, undefined],
    ]);

    for (const [cluster, file] of [
      ["cluster-1", c1],
      ["cluster-2", c2],
    ] as const) {
      const again = await run("plan", cluster, file);
      expect(again.stdout).toContain("No changes.");
      expect(again.code).toBe(0);
    }
  });

  it("a value Route 53 would refuse skips its object with the reason, and nothing is written for it", async () => {
    const file = join(dir, "bad.yaml");
    writeFileSync(
      file,
      [
        service(
          "precise",
          { [`${P}hostnames`]: `precise.${DOMAIN}`, [`${P}geoproximity`]: "coordinates=40.7128,-74.0060" },
          "192.0.2.4",
        ),
        service(
          "both",
          {
            [`${E}hostname`]: `both.${DOMAIN}`,
            [`${E}aws-geoproximity-region`]: "eu-west-1",
            [`${E}aws-weight`]: "10",
          },
          "192.0.2.5",
        ),
      ].join("\n---\n"),
    );
    const applied = await run("apply", "cluster-1", file);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain("latitude `40.7128` has more than two decimals");
    expect(applied.stdout).toContain("`external-dns.kubernetes.io/aws-weight` implies `weighted`");
    expect((await listZoneRecords(zoneId, endpoint)).filter((r) => r.Type === "A")).toEqual([]);
  });
});
