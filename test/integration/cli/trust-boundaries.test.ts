import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  ChangeResourceRecordSetsCommand,
  CreateHostedZoneCommand,
  type ResourceRecordSet,
} from "@aws-sdk/client-route-53";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cli } from "../apply/bookinfo-on-moto.js";
import { listZoneRecords, motoEndpoint, resetMoto, route53Client } from "../peers/aws.js";

/*
 * DESIGN.md "Trust boundaries" through the CLI, against moto over HTTP with the real SDK: each case
 * is what an adversarial user could do with a Service in one namespace of one cluster, and what must
 * (not) happen to the records in Route 53. Targets are IP addresses, so no load balancer is needed.
 */

const DOMAIN = "trust.example.com";
const P = "route53-gslb.io/";

/** A LoadBalancer Service manifest (YAML as JSON, which YAML reads) with its address already assigned. */
function service(
  name: unknown,
  annotations: Record<string, string>,
  ip: string,
  namespace: unknown = "default",
) {
  return JSON.stringify({
    apiVersion: "v1",
    kind: "Service",
    metadata: { name, namespace, annotations },
    spec: { type: "LoadBalancer" },
    status: { loadBalancer: { ingress: [{ ip }] } },
  });
}

/** Something that is not a source, for a manifest set with nothing to publish. */
const NOTHING = JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "empty" } });

describe("trust boundaries on moto", () => {
  let endpoint: string;
  let zoneId: string;
  let dir: string;
  let n = 0;

  beforeEach(async () => {
    endpoint = motoEndpoint();
    await resetMoto(endpoint);
    const zone = await route53Client(endpoint).send(
      new CreateHostedZoneCommand({ Name: `${DOMAIN}.`, CallerReference: `trust-${Date.now()}` }),
    );
    zoneId = (zone.HostedZone?.Id ?? "").replace("/hostedzone/", "");
    dir = mkdtempSync(join(tmpdir(), "trust-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Write one manifest file (documents joined by `---`) and return its path. */
  function manifests(...docs: string[]): string {
    const file = join(dir, `m${n++}.yaml`);
    writeFileSync(file, docs.join("\n---\n"));
    return file;
  }

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
      ...(command === "plan" ? ["--zones", "aws"] : []),
      ...extra,
    ]);

  const records = () => listZoneRecords(zoneId, endpoint);
  const members = async () =>
    (await records())
      .filter((r) => r.Type === "A")
      .map((r) => `${r.Name} ${r.SetIdentifier ?? "-"} ${r.ResourceRecords?.map((v) => v.Value).join(",")}`)
      .sort();

  it("a set-identifier smuggling `,x=1` cannot make cluster-1 delete cluster-2's member", async () => {
    const app = `app.${DOMAIN}`;
    expect(
      (await run("apply", "cluster-2", manifests(service("app", { [`${P}hostnames`]: app }, "192.0.2.2"))))
        .code,
    ).toBe(0);
    const before = await members();
    expect(before).toEqual([`${app}. cluster-2 192.0.2.2`]);

    const evil = service(
      "evil",
      { [`${P}hostnames`]: app, [`${P}set-identifier`]: "cluster-2,x=1" },
      "192.0.2.66",
      "team-x",
    );
    expect((await run("apply", "cluster-1", manifests(evil))).code).toBe(0);
    // The attacker's object goes: cluster-1 removes what it wrote, and only that.
    expect((await run("apply", "cluster-1", manifests(NOTHING))).code).toBe(0);
    expect(await members()).toEqual(before);
    expect((await records()).filter((r) => r.Type === "TXT").map((r) => r.SetIdentifier)).toEqual([
      "cluster-2",
    ]);
  });

  it("a member two ownership records claim is left alone by both clusters, and plan and status name both claims", async () => {
    const app = `app.${DOMAIN}`;
    expect(
      (await run("apply", "cluster-2", manifests(service("app", { [`${P}hostnames`]: app }, "192.0.2.2"))))
        .code,
    ).toBe(0);
    // What an older, vulnerable version of cluster-1 could have written: a claim on cluster-2's member.
    const forged: ResourceRecordSet = {
      Name: `_gslb-a.${app}.`,
      Type: "TXT",
      SetIdentifier: "cluster-1",
      Weight: 0,
      TTL: 300,
      ResourceRecords: [{ Value: '"heritage=route53-gslb,owner=cluster-1,set-identifier=cluster-2"' }],
    };
    await route53Client(endpoint).send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: zoneId,
        ChangeBatch: { Changes: [{ Action: "CREATE", ResourceRecordSet: forged }] },
      }),
    );
    const before = await records();

    for (const cluster of ["cluster-1", "cluster-2"]) {
      const plan = await run("plan", cluster, manifests(NOTHING), "--detailed-exitcode");
      expect(plan.code).toBe(0);
      expect(plan.stdout).toContain("Ownership conflicts");
      expect(plan.stdout).toMatch(
        /contested: app\.trust\.example\.com A set=cluster-2 is claimed by the ownership records of cluster-1 and cluster-2 \(Service default\/app\)/,
      );
      expect((await run("apply", cluster, manifests(NOTHING))).code).toBe(0);
    }
    expect(await records()).toEqual(before);

    const status = await cli(["status", "--domain-filter", DOMAIN, "--aws-endpoint", endpoint]);
    expect(status.stdout).toMatch(/contested: .*cluster-1 and cluster-2/);
  });

  it("a hostname typo holds the object's records instead of deleting them; fixing it deletes as asked", async () => {
    const web = (hostnames: string) => service("web", { [`${P}hostnames`]: hostnames }, "192.0.2.7");
    expect((await run("apply", "cluster-1", manifests(web(`s1.${DOMAIN},s3.${DOMAIN}`)))).code).toBe(0);
    const published = await members();
    expect(published).toHaveLength(2);

    for (const typo of [`s1.${DOMAIN},s3.trust.example_com`, `s1.${DOMAIN}..`]) {
      const file = manifests(web(typo));
      const plan = await run("plan", "cluster-1", file);
      expect(plan.stdout).toMatch(/Held back \(not applied\):/);
      expect(plan.stdout).toMatch(/held: Service default\/web cannot be used \(invalid hostname/);
      expect((await run("apply", "cluster-1", file, "--max-deletions", "100%")).code).toBe(0);
      expect(await members()).toEqual(published);
    }
    expect((await run("apply", "cluster-1", manifests(web(`s1.${DOMAIN}`)))).code).toBe(0);
    expect(await members()).toEqual([`s1.${DOMAIN}. cluster-1 192.0.2.7`]);
  });

  it("malformed metadata (name a number, namespace a list) holds the records of the objects it could be", async () => {
    const hostnames = { [`${P}hostnames`]: `m.${DOMAIN}` };
    expect((await run("apply", "cluster-1", manifests(service("1234", hostnames, "192.0.2.8")))).code).toBe(
      0,
    );
    const published = await members();
    expect(published).toHaveLength(1);
    for (const broken of [
      service(1234, hostnames, "192.0.2.8"),
      service("1234", hostnames, "192.0.2.8", ["default"]),
    ]) {
      const file = manifests(broken);
      const plan = await run("plan", "cluster-1", file);
      expect(plan.stdout).toMatch(/held: Service .* cannot be used \(`metadata\.(name|namespace)` is/);
      expect((await run("apply", "cluster-1", file, "--max-deletions", "100%")).code).toBe(0);
      expect(await members()).toEqual(published);
    }
  });
});
