import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateLoadBalancerCommand } from "@aws-sdk/client-elastic-load-balancing-v2";
import { GetHealthCheckCommand } from "@aws-sdk/client-route-53";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cli } from "../apply/bookinfo-on-moto.js";
import {
  createHostedZone,
  defaultSubnetIds,
  elbv2Client,
  listZoneRecords,
  motoEndpoint,
  resetMoto,
  route53Client,
} from "../peers/aws.js";

/*
 * The health-check defaults (docs/planning.md "Health checks"), applied through the CLI to moto and
 * read back with GetHealthCheck: an Istio Gateway whose LoadBalancer Service exposes the status port
 * gets a check of the gateway's readiness (HTTP 15021 /healthz/ready on the load balancer), and a
 * Service whose target is one IP gets an IPAddress check, with no host annotation.
 */

const DOMAIN = "hc.example.com";
const P = "route53-gslb.io/";
const PRIMARY = { [`${P}routing-policy`]: "failover", [`${P}failover`]: "primary" };

function istioManifests(lb: string): string {
  const gateway = {
    apiVersion: "networking.istio.io/v1",
    kind: "Gateway",
    metadata: { name: "shop", namespace: "shop", uid: "u-shop", annotations: PRIMARY },
    spec: {
      selector: { istio: "ingressgateway" },
      servers: [{ port: { number: 443, name: "https", protocol: "HTTPS" }, hosts: [`shop.${DOMAIN}`] }],
    },
  };
  const service = {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "istio-ingressgateway", namespace: "istio-system" },
    spec: {
      type: "LoadBalancer",
      selector: { app: "istio-ingressgateway", istio: "ingressgateway" },
      ports: [
        { name: "status-port", port: 15021, targetPort: 15021, protocol: "TCP" },
        { name: "https", port: 443, targetPort: 8443, protocol: "TCP" },
      ],
    },
    status: { loadBalancer: { ingress: [{ hostname: lb }] } },
  };
  return `${JSON.stringify(gateway)}\n---\n${JSON.stringify(service)}\n`;
}

const IP_SERVICE = JSON.stringify({
  apiVersion: "v1",
  kind: "Service",
  metadata: {
    name: "edge",
    namespace: "default",
    uid: "u-edge",
    annotations: { [`${P}hostnames`]: `edge.${DOMAIN}`, ...PRIMARY },
  },
  spec: { type: "LoadBalancer", ports: [{ name: "https", port: 443 }] },
  status: { loadBalancer: { ingress: [{ ip: "203.0.113.7" }] } },
});

describe("health-check defaults on moto", () => {
  let endpoint: string;
  let zoneId: string;
  let dir: string;
  let lb: string;

  beforeEach(async () => {
    endpoint = motoEndpoint();
    await resetMoto(endpoint);
    zoneId = await createHostedZone(DOMAIN, endpoint);
    const out = await elbv2Client(endpoint, "eu-west-2").send(
      new CreateLoadBalancerCommand({
        Name: "istio-ingressgateway",
        Subnets: await defaultSubnetIds(endpoint, "eu-west-2"),
        Type: "network",
        Scheme: "internet-facing",
      }),
    );
    lb = (out.LoadBalancers?.[0]?.DNSName ?? "").toLowerCase();
    dir = mkdtempSync(join(tmpdir(), "hc-defaults-"));
    writeFileSync(join(dir, "istio.yaml"), istioManifests(lb));
    writeFileSync(join(dir, "ip-service.yaml"), IP_SERVICE);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const args = (command: "plan" | "apply") => [
    command,
    "-f",
    dir,
    "--cluster-name",
    "cluster-1",
    "--domain-filter",
    DOMAIN,
    "--aws-endpoint",
    endpoint,
    ...(command === "plan" ? ["--zones", "aws"] : []),
  ];

  /** The HealthCheckConfig, read back from moto, of the check the member at `name` refers to. */
  async function checkOf(name: string) {
    const member = (await listZoneRecords(zoneId, endpoint)).find(
      (r) => r.Name === `${name}.` && r.Type === "A",
    );
    expect(member?.HealthCheckId).toBeDefined();
    const out = await route53Client(endpoint).send(
      new GetHealthCheckCommand({ HealthCheckId: member?.HealthCheckId }),
    );
    return out.HealthCheck?.HealthCheckConfig;
  }

  it("creates the gateway readiness check for an Istio gateway and an IPAddress check for an IP target", async () => {
    const plan = await cli(args("plan"));
    expect([plan.stderr, plan.code]).toEqual(["", 0]);
    expect(plan.stdout).toContain(
      "gateway readiness: Service istio-system/istio-ingressgateway exposes status port 15021",
    );
    expect(plan.stdout).toContain("IPAddress check on the target's IP");

    const applied = await cli(args("apply"));
    expect([applied.stderr, applied.code]).toEqual(["", 0]);

    expect(await checkOf(`shop.${DOMAIN}`)).toMatchObject({
      Type: "HTTP",
      FullyQualifiedDomainName: lb,
      Port: 15021,
      ResourcePath: "/healthz/ready",
      EnableSNI: false,
    });
    const ipCheck = await checkOf(`edge.${DOMAIN}`);
    expect(ipCheck).toMatchObject({
      Type: "HTTPS",
      IPAddress: "203.0.113.7",
      Port: 443,
      ResourcePath: "/healthz",
    });
    expect(ipCheck?.FullyQualifiedDomainName).toBeUndefined();

    // Read back, both checks are what the planner wants: a second plan has nothing to do.
    const again = await cli([...args("plan"), "--detailed-exitcode"]);
    expect([again.stderr, again.code]).toEqual(["", 0]);
  });
});
