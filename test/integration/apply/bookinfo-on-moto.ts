// Puts the examples/bookinfo set-up onto moto: the hosted zone, one real (moto) load balancer per
// address the manifests name, and copies of the manifests that point at those load balancers.

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateLoadBalancerCommand } from "@aws-sdk/client-elastic-load-balancing-v2";
import { ChangeResourceRecordSetsCommand, CreateHostedZoneCommand } from "@aws-sdk/client-route-53";
import { main } from "../../../src/cli/main.js";
import type { CliIo } from "../../../src/cli/plan-command.js";
import { defaultSubnetIds, elbv2Client, route53Client } from "../peers/aws.js";

export const EXAMPLES = new URL("../../../examples/bookinfo/", import.meta.url).pathname;
export const DOMAIN = "tse.tetratelabs.io";

const ELB_NAME = /[a-z0-9-]+\.(?:elb\.[a-z0-9-]+|[a-z0-9-]+\.elb)\.amazonaws\.com/g;

export interface BookinfoOnMoto {
  zoneId: string;
  /** Manifest directories per cluster, rewritten to moto's load balancers. */
  dirs: Record<"cluster-1" | "cluster-2", string>;
  /** Example DNS name → moto's DNS name. */
  loadBalancers: Map<string, string>;
}

/** Create the zone, a hand-made record, the load balancers and the rewritten manifests. */
export async function bookinfoOnMoto(endpoint: string): Promise<BookinfoOnMoto> {
  const r53 = route53Client(endpoint);
  const zone = await r53.send(
    new CreateHostedZoneCommand({ Name: `${DOMAIN}.`, CallerReference: `bookinfo-${Date.now()}` }),
  );
  const zoneId = (zone.HostedZone?.Id ?? "").replace("/hostedzone/", "");
  await r53.send(
    new ChangeResourceRecordSetsCommand({
      HostedZoneId: zoneId,
      ChangeBatch: {
        Changes: [
          {
            Action: "CREATE",
            ResourceRecordSet: {
              Name: `docs.${DOMAIN}.`,
              Type: "CNAME",
              TTL: 300,
              ResourceRecords: [{ Value: "docs.example.org" }],
            },
          },
        ],
      },
    }),
  );
  const loadBalancers = new Map<string, string>();
  const root = mkdtempSync(join(tmpdir(), "bookinfo-"));
  const dirs = {} as BookinfoOnMoto["dirs"];
  for (const cluster of ["cluster-1", "cluster-2"] as const) {
    const out = join(root, cluster);
    mkdirSync(out);
    for (const file of readdirSync(join(EXAMPLES, cluster))) {
      let text = readFileSync(join(EXAMPLES, cluster, file), "utf8");
      for (const name of new Set(text.match(ELB_NAME) ?? [])) {
        if (!loadBalancers.has(name))
          loadBalancers.set(name, await createLoadBalancer(endpoint, name, loadBalancers.size));
        text = text.replaceAll(name, loadBalancers.get(name) ?? name);
      }
      writeFileSync(join(out, file), text);
    }
    dirs[cluster] = out;
  }
  return { zoneId, dirs, loadBalancers };
}

async function createLoadBalancer(endpoint: string, exampleName: string, n: number): Promise<string> {
  const nlb = /\.elb\.([a-z0-9-]+)\.amazonaws\.com$/.exec(exampleName);
  const alb = /\.([a-z0-9-]+)\.elb\.amazonaws\.com$/.exec(exampleName);
  const region = nlb?.[1] ?? alb?.[1] ?? "us-east-1";
  const elb = elbv2Client(endpoint, region);
  const out = await elb.send(
    new CreateLoadBalancerCommand({
      Name: `bookinfo-lb-${n}`,
      Subnets: await defaultSubnetIds(endpoint, region),
      Type: nlb ? "network" : "application",
      Scheme: "internet-facing",
    }),
  );
  return (out.LoadBalancers?.[0]?.DNSName ?? "").toLowerCase();
}

/**
 * Run the CLI in-process and capture what it prints. The SDK's standard credential chain reads the
 * environment, as it does for users: dummy credentials are all moto needs.
 */
export async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    readStdin: async () => "",
  };
  process.env.AWS_ACCESS_KEY_ID ??= "testing";
  process.env.AWS_SECRET_ACCESS_KEY ??= "testing";
  const code = await main(args, io);
  return { code, stdout, stderr };
}
