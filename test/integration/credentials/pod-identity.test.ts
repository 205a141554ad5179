// EKS Pod Identity: the EKS Pod Identity Agent serves credentials on a link-local address; EKS injects
// `AWS_CONTAINER_CREDENTIALS_FULL_URI` and `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` (the projected
// service account token, sent as the Authorization header). A local HTTP endpoint plays the agent
// (the SDK allows plain http only on loopback and the agent's addresses); the CLI, with no static
// keys, must fetch its credentials there and sign its Route 53 calls with them.

import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { listZoneRecords, motoEndpoint, resetMoto } from "../peers/aws.js";
import { type FaultProxy, startFaultProxy } from "../peers/fault-proxy.js";
import { childApply, createZone, DOMAIN, serviceManifest } from "./credentials-on-moto.js";

const TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJwb2QtaWRlbnRpdHkifQ.c2ln";
const KEY_ID = "ASIAPODIDENTITYTEST1";

/** The agent's answer, as the SDK's container provider reads it (Expiration in RFC 3339). */
const credentials = () => ({
  AccessKeyId: KEY_ID,
  SecretAccessKey: "pod-identity-secret",
  Token: "pod-identity-session-token",
  AccountId: "123456789012",
  Expiration: new Date(Date.now() + 3600_000).toISOString(),
});

describe("EKS Pod Identity: credentials from the container credentials endpoint", () => {
  let proxy: FaultProxy;
  let agent: Server;
  let agentUrl: string;
  let hits: { path: string; headers: IncomingHttpHeaders }[];
  let zoneId: string;
  let dir: string;
  let tokenDir: string;

  beforeEach(async () => {
    const endpoint = motoEndpoint();
    await resetMoto(endpoint);
    zoneId = await createZone(endpoint);
    dir = await serviceManifest({ ip: "192.0.2.20" });
    tokenDir = await mkdtemp(join(tmpdir(), "r53gslb-pod-identity-"));
    await writeFile(join(tokenDir, "eks-pod-identity-token"), TOKEN);
    hits = [];
    agent = createServer((req, res) => {
      hits.push({ path: req.url ?? "", headers: req.headers });
      if (req.headers.authorization !== TOKEN) {
        res.writeHead(403, { "content-type": "application/json" }).end('{"message":"bad token"}');
        return;
      }
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(credentials()));
    });
    await new Promise<void>((ready) => agent.listen(0, "127.0.0.1", ready));
    agentUrl = `http://127.0.0.1:${(agent.address() as AddressInfo).port}/v1/credentials`;
    proxy = await startFaultProxy(endpoint, []);
  });
  afterEach(async () => {
    await proxy.close();
    agent.closeAllConnections();
    await new Promise((closed) => agent.close(closed));
    await rm(tokenDir, { recursive: true, force: true });
  });

  const apply = (tokenFile: string) =>
    childApply(dir, proxy.endpoint, {
      AWS_CONTAINER_CREDENTIALS_FULL_URI: agentUrl,
      AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: tokenFile,
    });

  it("fetches credentials with the token and signs Route 53 calls with them", async () => {
    const run = await apply(join(tokenDir, "eks-pod-identity-token"));
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);

    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((h) => h.path === "/v1/credentials" && h.headers.authorization === TOKEN)).toBe(true);
    const route53 = proxy.log.filter((r) => r.service === "route53");
    expect(route53.length).toBeGreaterThan(0);
    expect(new Set(route53.map((r) => r.accessKeyId))).toEqual(new Set([KEY_ID]));
    expect(proxy.count("ChangeResourceRecordSets").forwarded).toBeGreaterThan(0);
    // No STS: the agent hands out the role's credentials itself.
    expect(proxy.log.filter((r) => r.service === "sts")).toEqual([]);

    const web = (await listZoneRecords(zoneId)).find((r) => r.Name === `web.${DOMAIN}.` && r.Type === "A");
    expect(web?.ResourceRecords).toEqual([{ Value: "192.0.2.20" }]);
  });

  it("with a wrong token the agent refuses and nothing reaches Route 53", async () => {
    const wrong = join(tokenDir, "wrong-token");
    await writeFile(wrong, "not-the-token");
    const run = await apply(wrong);
    expect(run.code).not.toBe(0);
    expect(hits.length).toBeGreaterThan(0);
    expect(proxy.log.filter((r) => r.service === "route53")).toEqual([]);
  });
});
