// Puts the examples/bookinfo set-up onto an AWS emulator (moto): the hosted zone, one hand-made
// record nobody's controller owns, one emulated load balancer per address the manifests name, and
// copies of the manifests that point at those load balancers. Used by `npm run demo` and the tests.

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  CreateLoadBalancerCommand,
  ElasticLoadBalancingV2Client,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import {
  ChangeResourceRecordSetsCommand,
  CreateHostedZoneCommand,
  Route53Client,
} from "@aws-sdk/client-route-53";

export const EXAMPLES = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "examples", "bookinfo");
export const DOMAIN = "tse.tetratelabs.io";
/**
 * The README's first command without the program: cluster-1's offline plan against the zone snapshot,
 * as CI runs it (relative paths: run it from the repository's root). The demo, the bundle test, the
 * cold-start test and the CLI start benchmark all run this one.
 */
export const OFFLINE_PLAN_ARGS = Object.freeze([
  "plan",
  "-f",
  "examples/bookinfo/cluster-1",
  "--zones",
  "examples/bookinfo/zones.json",
  "--cluster-name",
  "cluster-1",
  "--domain-filter",
  DOMAIN,
]);
const CREDENTIALS = { accessKeyId: "testing", secretAccessKey: "testing" };
const ELB_NAME = /[a-z0-9-]+\.(?:elb\.[a-z0-9-]+|[a-z0-9-]+\.elb)\.amazonaws\.com/g;

/** Create the zone, a hand-made record, the load balancers and the rewritten manifests. */
export async function bookinfoOnMoto(endpoint) {
  const r53 = new Route53Client({ endpoint, region: "us-east-1", credentials: CREDENTIALS });
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
  const loadBalancers = new Map();
  const root = mkdtempSync(join(tmpdir(), "bookinfo-"));
  const dirs = {};
  for (const cluster of ["cluster-1", "cluster-2"]) {
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

async function createLoadBalancer(endpoint, exampleName, n) {
  const nlb = /\.elb\.([a-z0-9-]+)\.amazonaws\.com$/.exec(exampleName);
  const alb = /\.([a-z0-9-]+)\.elb\.amazonaws\.com$/.exec(exampleName);
  const region = nlb?.[1] ?? alb?.[1] ?? "us-east-1";
  const elb = new ElasticLoadBalancingV2Client({ endpoint, region, credentials: CREDENTIALS });
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
 * IDs of moto's default subnets in `region`, for CreateLoadBalancer. A raw EC2 query-API call so the
 * project needs no EC2 SDK; moto routes on the SigV4 credential scope and does not check signatures.
 */
export async function defaultSubnetIds(endpoint, region) {
  const body = new URLSearchParams({
    Action: "DescribeSubnets",
    Version: "2016-11-15",
    "Filter.1.Name": "default-for-az",
    "Filter.1.Value.1": "true",
  });
  const res = await fetch(`${endpoint}/`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded; charset=utf-8",
      authorization: `AWS4-HMAC-SHA256 Credential=${CREDENTIALS.accessKeyId}/20240101/${region}/ec2/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body,
  });
  const xml = await res.text();
  if (!res.ok) throw new Error(`EC2 DescribeSubnets on moto failed: HTTP ${res.status} ${xml}`);
  const ids = [...xml.matchAll(/<subnetId>([^<]+)<\/subnetId>/g)].map((m) => m[1]);
  if (ids.length === 0) throw new Error(`moto returned no default subnets in ${region}: ${xml}`);
  return ids;
}
