// The fault proxy's lost answers and its model of Route 53's CallerReference rules (which moto lacks),
// against moto. The proxy's other faults are proved in moto.test.ts.

import {
  ChangeResourceRecordSetsCommand,
  CreateHealthCheckCommand,
  CreateHostedZoneCommand,
  DeleteHealthCheckCommand,
  type HealthCheckConfig,
  ListHealthChecksCommand,
  ListResourceRecordSetsCommand,
} from "@aws-sdk/client-route-53";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { classify, mayHaveBeenApplied } from "../../../src/aws/aws-errors.js";
import { motoEndpoint, resetMoto, route53Client } from "./aws.js";
import { accessKeyIdOf, type FaultProxy, queryOperation, startFaultProxy } from "./fault-proxy.js";

const config: HealthCheckConfig = {
  Type: "HTTPS",
  FullyQualifiedDomainName: "gw.example.com",
  Port: 443,
  ResourcePath: "/healthz",
  RequestInterval: 30,
  FailureThreshold: 3,
};

async function failure(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error("expected the call to fail");
}

let proxy: FaultProxy | undefined;
beforeEach(async () => {
  await resetMoto();
});
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
});

describe("fault proxy: lost answers", () => {
  it("ConnectionReset after forwarding: the change is made, the SDK sees a retryable, ambiguous error", async () => {
    proxy = await startFaultProxy(motoEndpoint(), [
      { operations: ["ChangeResourceRecordSets"], fault: "ConnectionReset", every: 1, phase: "after" },
    ]);
    const r53 = route53Client(proxy.endpoint, { maxAttempts: 1 });
    const zone = await r53.send(new CreateHostedZoneCommand({ Name: "example.com", CallerReference: "z" }));
    const err = await failure(
      r53.send(
        new ChangeResourceRecordSetsCommand({
          HostedZoneId: zone.HostedZone?.Id,
          ChangeBatch: {
            Changes: [
              {
                Action: "CREATE",
                ResourceRecordSet: {
                  Name: "a.example.com",
                  Type: "A",
                  TTL: 60,
                  ResourceRecords: [{ Value: "192.0.2.1" }],
                },
              },
            ],
          },
        }),
      ),
    );
    expect(classify(err)).toBe("retryable");
    expect(mayHaveBeenApplied(err)).toBe(true);
    const listed = await route53Client().send(
      new ListResourceRecordSetsCommand({ HostedZoneId: zone.HostedZone?.Id }),
    );
    expect(listed.ResourceRecordSets?.map((r) => r.Name)).toContain("a.example.com.");
    expect(proxy.log.filter((l) => l.operation === "ChangeResourceRecordSets")).toMatchObject([
      { outcome: "injected", fault: "ConnectionReset", upstreamStatus: 200 },
    ]);
    expect(proxy.log.at(-1)?.body).toContain("<Name>a.example.com</Name>");
  });
});

describe("fault proxy: Route 53's CallerReference rules (moto: none)", () => {
  it("a repeat returns the same check; other settings or a deleted check's reference: HealthCheckAlreadyExists", async () => {
    proxy = await startFaultProxy(motoEndpoint(), [], { callerReferences: true });
    const r53 = route53Client(proxy.endpoint, { maxAttempts: 1 });
    const create = (ref: string, c: HealthCheckConfig = config) =>
      r53.send(new CreateHealthCheckCommand({ CallerReference: ref, HealthCheckConfig: c }));
    const first = await create("ref-1");
    const id = first.HealthCheck?.Id;
    expect(id).toBeDefined();
    expect((await create("ref-1")).HealthCheck?.Id).toBe(id);
    const listed = await route53Client().send(new ListHealthChecksCommand({}));
    expect(listed.HealthChecks).toHaveLength(1);
    expect(((await failure(create("ref-1", { ...config, Port: 8443 }))) as Error).name).toBe(
      "HealthCheckAlreadyExists",
    );
    await r53.send(new DeleteHealthCheckCommand({ HealthCheckId: id }));
    expect(((await failure(create("ref-1"))) as Error).name).toBe("HealthCheckAlreadyExists");
    expect((await create("ref-2")).HealthCheck?.Id).not.toBe(id);
    expect(proxy.log.filter((l) => l.modelled).map((l) => l.modelled)).toEqual([
      "existing-check",
      "HealthCheckAlreadyExists",
      "HealthCheckAlreadyExists",
    ]);
  });
});

describe("fault proxy: STS and who signed", () => {
  it("names STS query-API operations and records the signing access key id", async () => {
    expect(queryOperation("/", "Action=AssumeRole&Version=2011-06-15&RoleArn=x")).toBe("AssumeRole");
    expect(queryOperation("/?Action=AssumeRoleWithWebIdentity&Version=2011-06-15", "")).toBe(
      "AssumeRoleWithWebIdentity",
    );
    expect(
      accessKeyIdOf({
        authorization:
          "AWS4-HMAC-SHA256 Credential=ASIAEXAMPLE/20261202/us-east-1/route53/aws4_request, SignedHeaders=host, Signature=0",
      }),
    ).toBe("ASIAEXAMPLE");
    expect(accessKeyIdOf({})).toBeUndefined();

    proxy = await startFaultProxy(motoEndpoint(), []);
    const r53 = route53Client(proxy.endpoint, {
      credentials: { accessKeyId: "AKIDSIGNER", secretAccessKey: "s" },
    });
    await r53.send(new CreateHostedZoneCommand({ Name: "signer.example.com.", CallerReference: "signer" }));
    r53.destroy();
    expect(proxy.log.map((r) => [r.operation, r.service, r.accessKeyId])).toEqual([
      ["CreateHostedZone", "route53", "AKIDSIGNER"],
    ]);
  });
});
