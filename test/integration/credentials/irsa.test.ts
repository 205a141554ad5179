// IRSA: a pod with `AWS_ROLE_ARN` and `AWS_WEB_IDENTITY_TOKEN_FILE` (what EKS injects for a service
// account annotated with `eks.amazonaws.com/role-arn`) and no static keys. The CLI must obtain
// credentials from STS AssumeRoleWithWebIdentity — at `--aws-endpoint`, like every AWS call — and
// make its Route 53 calls with them. The role is in account B, where the zone is: moto keeps
// accounts apart, so records land there only through the role.

import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ListResourceRecordSetsCommand } from "@aws-sdk/client-route-53";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { motoEndpoint, resetMoto, route53Client } from "../peers/aws.js";
import { type FaultProxy, startFaultProxy } from "../peers/fault-proxy.js";
import {
  ACCOUNT_B,
  childApply,
  childCli,
  createZone,
  DOMAIN,
  roleCredentials,
  serviceManifest,
} from "./credentials-on-moto.js";

const ROLE = `arn:aws:iam::${ACCOUNT_B}:role/route53-gslb`;
/** A JWT-shaped service account token (moto does not verify it; STS would against the cluster's OIDC issuer). */
const TOKEN = [
  Buffer.from(JSON.stringify({ alg: "RS256", kid: "test" })).toString("base64url"),
  Buffer.from(
    JSON.stringify({ sub: "system:serviceaccount:route53-gslb:route53-gslb", aud: ["sts.amazonaws.com"] }),
  ).toString("base64url"),
  "c2lnbmF0dXJl",
].join(".");

describe("IRSA: web identity credentials from STS", () => {
  let proxy: FaultProxy;
  let zoneId: string;
  let dir: string;
  let tokenDir: string;

  beforeEach(async () => {
    const endpoint = motoEndpoint();
    await resetMoto(endpoint);
    zoneId = await createZone(endpoint, ACCOUNT_B);
    dir = await serviceManifest({ ip: "192.0.2.10" });
    tokenDir = await mkdtemp(join(tmpdir(), "r53gslb-irsa-"));
    await writeFile(join(tokenDir, "token"), TOKEN);
    proxy = await startFaultProxy(endpoint, []);
  });
  afterEach(async () => {
    await proxy.close();
    await rm(tokenDir, { recursive: true, force: true });
  });

  it("assumes the role with the token, then writes the records with the role's credentials", async () => {
    const run = await childApply(dir, proxy.endpoint, {
      AWS_ROLE_ARN: ROLE,
      AWS_WEB_IDENTITY_TOKEN_FILE: join(tokenDir, "token"),
    });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);

    const sts = proxy.log.filter((r) => r.operation === "AssumeRoleWithWebIdentity");
    expect(sts).toHaveLength(1);
    const body = new URLSearchParams(sts[0]?.body ?? "");
    expect(body.get("RoleArn")).toBe(ROLE);
    expect(body.get("WebIdentityToken")).toBe(TOKEN);
    // AssumeRoleWithWebIdentity is unsigned; everything after it is signed with what it returned.
    expect(sts[0]?.accessKeyId).toBeUndefined();
    const route53 = proxy.log.filter((r) => r.service === "route53");
    expect(route53.length).toBeGreaterThan(0);
    expect(proxy.log.indexOf(sts[0] as (typeof proxy.log)[number])).toBeLessThan(
      proxy.log.indexOf(route53[0] as (typeof proxy.log)[number]),
    );
    expect(new Set(route53.map((r) => r.accessKeyId)).size).toBe(1);
    expect(route53[0]?.accessKeyId).toBeDefined();
    expect(proxy.count("ChangeResourceRecordSets").forwarded).toBeGreaterThan(0);

    const inB = route53Client(motoEndpoint(), { credentials: roleCredentials(motoEndpoint(), ACCOUNT_B) });
    const records = await inB.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId }));
    inB.destroy();
    const web = records.ResourceRecordSets?.find((r) => r.Name === `web.${DOMAIN}.` && r.Type === "A");
    expect(web?.ResourceRecords).toEqual([{ Value: "192.0.2.10" }]);
  });

  it("without the token file there are no credentials and no Route 53 call", async () => {
    const run = await childCli(["status", "--aws-endpoint", proxy.endpoint, "--timeout", "20s"], {
      AWS_ROLE_ARN: ROLE,
    });
    expect(run.code).not.toBe(0);
    expect(proxy.log.filter((r) => r.service === "route53")).toEqual([]);
  });
});
