// `apply` works when its identity holds exactly the actions `route53-gslb iam-policy` prints, and
// fails when any one of them is taken away — checked by moto's own IAM enforcement.
//
// moto 5.2.1 enforces IAM for Route 53, ELBv2 and STS requests once its "initial no-auth action count"
// is used up (core/authorization.py: every BaseResponse.call_action authenticates the signature and
// checks the caller's policies). It is set through POST /moto-api/reset-auth, on a moto of this test's
// own, so the run's shared moto never enforces anything. What moto checks, and what it does not
// (moto/iam/access_control.py):
// - the action (`route53:ChangeResourceRecordSets`), with wildcards, and Allow/Deny: checked;
// - the resource: a Route 53 or ELBv2 request is always on `*` to moto, so a statement allows it only
//   with `"Resource": "*"` — zone and health-check ARNs never match;
// - conditions: moto evaluates only StringEquals on keys it knows (sts:ExternalId); Route 53's record
//   condition keys are ignored.
// So the user here gets the generated policy's actions, each on `*` without conditions: moto proves
// the set of actions is enough and that none is superfluous; resources and conditions are proved by
// the evaluator over the call log (calls-allowed.test.ts).

import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateLoadBalancerCommand } from "@aws-sdk/client-elastic-load-balancing-v2";
import { CreateHostedZoneCommand, ListHostedZonesCommand } from "@aws-sdk/client-route-53";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMoto } from "../../../scripts/peers/moto.mjs";
import { main } from "../../../src/cli/main.js";
import { childCli, type Run } from "../credentials/credentials-on-moto.js";
import { defaultSubnetIds, elbv2Client, listZoneRecords, resetMoto, route53Client } from "../peers/aws.js";
import { type FaultProxy, startFaultProxy } from "../peers/fault-proxy.js";

const DOMAIN = "enforced.example.com";
const USER = "route53-gslb";

/** The actions of the policy `route53-gslb iam-policy <args>` prints. */
async function generatedActions(args: string[]): Promise<string[]> {
  let out = "";
  const io = {
    stdout: (t: string) => {
      out += t;
    },
    stderr: () => undefined,
    readStdin: async () => "",
  };
  const code = await main(["iam-policy", ...args], io, {});
  if (code !== 0) throw new Error(`iam-policy ${args.join(" ")} failed`);
  const policy = JSON.parse(out) as { Statement: { Effect: string; Action: string[] }[] };
  return [...new Set(policy.Statement.filter((s) => s.Effect === "Allow").flatMap((s) => s.Action))].sort();
}

/** One call of moto's IAM query API, unsigned: used only while moto does not enforce IAM. */
async function iam(endpoint: string, params: Record<string, string>): Promise<string> {
  const res = await fetch(`${endpoint}/`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded; charset=utf-8",
      authorization:
        "AWS4-HMAC-SHA256 Credential=testing/20240101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0",
    },
    body: new URLSearchParams({ Version: "2010-05-08", ...params }),
  });
  const xml = await res.text();
  if (!res.ok) throw new Error(`IAM ${params.Action} on moto failed: HTTP ${res.status} ${xml}`);
  return xml;
}

/** moto enforces IAM on every later request (0), or on none (inf). */
async function enforceIam(endpoint: string, on: boolean): Promise<void> {
  const res = await fetch(`${endpoint}/moto-api/reset-auth`, { method: "POST", body: on ? "0" : "inf" });
  if (!res.ok) throw new Error(`moto reset-auth failed: HTTP ${res.status} ${await res.text()}`);
}

/** The IAM user's keys, as the CLI's environment. */
type Keys = { AWS_ACCESS_KEY_ID: string; AWS_SECRET_ACCESS_KEY: string };

describe("apply on a moto that enforces IAM, with exactly the actions iam-policy prints", () => {
  let moto: Awaited<ReturnType<typeof startMoto>>;
  let proxy: FaultProxy;
  let manifestDir: string;

  /**
   * A fresh world with IAM off: the zone, a load balancer, a user whose inline policy allows `actions`
   * on `*` (moto's view of a request's resource); then IAM on.
   */
  async function world(actions: string[]): Promise<Keys> {
    await enforceIam(moto.endpoint, false);
    await resetMoto(moto.endpoint);
    const r53 = route53Client(moto.endpoint);
    await r53.send(
      new CreateHostedZoneCommand({ Name: `${DOMAIN}.`, CallerReference: `enforced-${Date.now()}` }),
    );
    r53.destroy();
    const elb = elbv2Client(moto.endpoint);
    const lb = await elb.send(
      new CreateLoadBalancerCommand({
        Name: "enforced",
        Subnets: await defaultSubnetIds(moto.endpoint),
        Type: "application",
        Scheme: "internet-facing",
      }),
    );
    elb.destroy();
    manifestDir = await writeManifests((lb.LoadBalancers?.[0]?.DNSName ?? "").toLowerCase());
    await iam(moto.endpoint, { Action: "CreateUser", UserName: USER });
    const key = await iam(moto.endpoint, { Action: "CreateAccessKey", UserName: USER });
    const document = {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: actions, Resource: "*" }],
    };
    await iam(moto.endpoint, {
      Action: "PutUserPolicy",
      UserName: USER,
      PolicyName: "route53-gslb",
      PolicyDocument: JSON.stringify(document),
    });
    await enforceIam(moto.endpoint, true);
    return {
      AWS_ACCESS_KEY_ID: /<AccessKeyId>([^<]+)</.exec(key)?.[1] ?? "",
      AWS_SECRET_ACCESS_KEY: /<SecretAccessKey>([^<]+)</.exec(key)?.[1] ?? "",
    };
  }

  const apply = (keys: Keys): Promise<Run> =>
    childCli(
      [
        "apply",
        "-f",
        manifestDir,
        "--cluster-name",
        "c1",
        "--domain-filter",
        DOMAIN,
        "--aws-endpoint",
        proxy.endpoint,
      ],
      keys,
    );

  // A moto of this file's own: switching IAM enforcement on must not touch the run's shared one.
  const killOnExit = () => {
    try {
      process.kill(-moto.pid, "SIGKILL");
    } catch {}
  };
  beforeAll(async () => {
    moto = await startMoto();
    process.once("exit", killOnExit);
    proxy = await startFaultProxy(moto.endpoint, [], { keepHost: true });
  }, 120_000);
  afterAll(async () => {
    process.removeListener("exit", killOnExit);
    await proxy?.close();
    await moto?.stop();
  });

  it("moto really enforces: the same apply with no permission at all is refused", async () => {
    const keys = await world(["route53:GetChange"]);
    proxy.resetCounts();
    const run = await apply(keys);
    expect(run.code).toBe(1);
    // moto answers 403 AccessDenied (in a body the Route 53 SDK reads as UnknownError).
    expect(proxy.log.filter((e) => e.upstreamStatus === 403).map((e) => e.operation)).toContain(
      "ListHostedZones",
    );
  });

  it("succeeds with the generated actions, and sends no call outside them", async () => {
    const actions = await generatedActions(["--commands", "apply", "--domain-filter", DOMAIN]);
    const keys = await world(actions);
    proxy.resetCounts();
    const run = await apply(keys);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const sent = [...new Set(proxy.log.map((e) => `${e.service}:${e.operation}`))].sort();
    expect(sent.filter((a) => !actions.includes(a))).toEqual([]);
    expect(proxy.log.filter((e) => (e.upstreamStatus ?? 0) >= 400)).toEqual([]);
    // The records landed, the health check is referenced: the run did the whole job.
    await enforceIam(moto.endpoint, false);
    const r53 = route53Client(moto.endpoint);
    const zones = await r53.send(new ListHostedZonesCommand({}));
    r53.destroy();
    const zoneId = (zones.HostedZones?.[0]?.Id ?? "").replace("/hostedzone/", "");
    const records = await listZoneRecords(zoneId, moto.endpoint);
    expect(records.find((r) => r.Name === `web.${DOMAIN}.` && r.Type === "A")?.AliasTarget).toBeDefined();
    expect(records.find((r) => r.Name === `checked.${DOMAIN}.`)?.HealthCheckId).toBeDefined();
  });

  // Each action the first apply sends, taken away: moto refuses it and apply fails — except the
  // load-balancer lookup, without which apply falls back to the built-in zone-id table with a warning.
  it.each([
    "route53:ListHostedZones",
    "route53:ListResourceRecordSets",
    "route53:ListHealthChecks",
    "route53:CreateHealthCheck",
    "route53:ChangeTagsForResource",
    "route53:ChangeResourceRecordSets",
  ])("fails without %s", async (missing) => {
    const actions = await generatedActions(["--commands", "apply", "--domain-filter", DOMAIN]);
    expect(actions).toContain(missing);
    const keys = await world(actions.filter((a) => a !== missing));
    proxy.resetCounts();
    const run = await apply(keys);
    expect(run.code).toBe(1);
    const refused = proxy.log
      .filter((e) => e.upstreamStatus === 403)
      .map((e) => `${e.service}:${e.operation}`);
    expect(new Set(refused)).toEqual(new Set([missing]));
  });

  it("without elasticloadbalancing:DescribeLoadBalancers: refused, and apply goes on from the built-in table", async () => {
    const actions = await generatedActions(["--commands", "apply", "--domain-filter", DOMAIN]);
    const keys = await world(actions.filter((a) => a !== "elasticloadbalancing:DescribeLoadBalancers"));
    proxy.resetCounts();
    const run = await apply(keys);
    const refused = proxy.log.filter((e) => e.upstreamStatus === 403).map((e) => e.operation);
    expect(new Set(refused)).toEqual(new Set(["DescribeLoadBalancers"]));
    expect(run.stderr).toMatch(/warning: .*DescribeLoadBalancers/);
    expect(run.code).toBe(0);
  });
});

/** An alias to the load balancer and a failover primary with a health check of its own. */
async function writeManifests(lbDnsName: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "r53gslb-enforced-"));
  const service = (name: string, ingress: string, annotations: string) => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: shop
  annotations:
    route53-gslb.io/hostnames: ${name}.${DOMAIN}
${annotations}spec:
  type: LoadBalancer
status:
  loadBalancer:
    ingress:
      - ${ingress}
`;
  await writeFile(join(dir, "web.yaml"), service("web", `hostname: ${lbDnsName}`, ""));
  await writeFile(
    join(dir, "checked.yaml"),
    service(
      "checked",
      "ip: 192.0.2.40",
      "    route53-gslb.io/routing-policy: failover\n    route53-gslb.io/failover: primary\n" +
        "    route53-gslb.io/health-check-host: health.example.net\n",
    ),
  );
  return dir;
}
