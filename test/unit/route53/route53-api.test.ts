import {
  ChangeResourceRecordSetsCommand,
  type ChangeResourceRecordSetsCommandInput,
  ListHostedZonesCommand,
} from "@aws-sdk/client-route-53";
import { describe, expect, it } from "vitest";
import { ChangeBatcher } from "../../../src/apply/change-batcher.js";
import {
  type RequestScheduler,
  Route53RateLimiter,
  type ScheduledCall,
} from "../../../src/aws/rate-limiter.js";
import type { RecordChange } from "../../../src/model/changes.js";
import {
  createRecordChangeSender,
  createRoute53Api,
  type Route53Sender,
} from "../../../src/route53/route53-api.js";

function change(action: RecordChange["action"], name: string): RecordChange {
  return {
    zoneId: "Z1",
    zoneName: "example.com.",
    action,
    purpose: "record",
    group: name,
    record: {
      name,
      type: "A",
      policy: { kind: "simple" },
      target: { kind: "values", values: ["192.0.2.1"], ttl: 60 },
    },
  };
}

function fakeClient(answers: unknown[] = []) {
  const sent: unknown[] = [];
  const client = {
    send: async (command: unknown) => {
      sent.push(command);
      const next = answers.shift();
      if (next instanceof Error) throw next;
      return next ?? { $metadata: {} };
    },
  } as unknown as Route53Sender;
  return { client, sent };
}

describe("createRoute53Api", () => {
  it("every call goes through the scheduler, named by its operation", async () => {
    const calls: ScheduledCall[] = [];
    const scheduler: RequestScheduler = {
      schedule: (call, fn) => {
        calls.push(call);
        return fn();
      },
      throttled: () => {},
      succeeded: () => {},
    };
    const { client, sent } = fakeClient();
    const api = createRoute53Api(client, { scheduler });
    await api.listHostedZones({});
    await api.listResourceRecordSets({ HostedZoneId: "Z1" });
    expect(calls).toEqual([{ operation: "ListHostedZones" }, { operation: "ListResourceRecordSets" }]);
    expect(sent[0]).toBeInstanceOf(ListHostedZonesCommand);
  });

  it("has no ChangeResourceRecordSets: record changes go only through the batcher", () => {
    const { client } = fakeClient();
    const api = createRoute53Api(client, { scheduler: new Route53RateLimiter() });
    expect(Object.keys(api)).not.toContain("changeResourceRecordSets");
  });

  it("retries a throttled call", async () => {
    const throttled = Object.assign(new Error("Rate exceeded"), { name: "Throttling", $metadata: {} });
    const { client, sent } = fakeClient([throttled, { $metadata: {}, HostedZones: [] }]);
    const scheduler: RequestScheduler = {
      schedule: (_c, fn) => fn(),
      throttled: () => {},
      succeeded: () => {},
    };
    const api = createRoute53Api(client, { scheduler, sleep: async () => {} });
    await expect(api.listHostedZones({})).resolves.toMatchObject({ HostedZones: [] });
    expect(sent).toHaveLength(2);
  });
});

describe("createRecordChangeSender", () => {
  it("behind the batcher, ChangeResourceRecordSets is scheduled once, on its zone, with change tokens", async () => {
    const calls: ScheduledCall[] = [];
    const scheduler: RequestScheduler = {
      schedule: (call, fn) => {
        calls.push(call);
        return fn();
      },
      throttled: () => {},
      succeeded: () => {},
    };
    const { client, sent } = fakeClient();
    const batcher = new ChangeBatcher({ sender: createRecordChangeSender(client), limiter: scheduler });
    await batcher.apply("Z1", [change("UPSERT", "a.example.com."), change("CREATE", "b.example.com.")]);
    // An UPSERT costs 2 change tokens (a delete plus a create).
    expect(calls).toEqual([{ operation: "ChangeResourceRecordSets", zoneId: "Z1", changeTokens: 3 }]);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toBeInstanceOf(ChangeResourceRecordSetsCommand);
  });

  it("sends exactly the given changes in the given order, straight through the client", async () => {
    const { client, sent } = fakeClient();
    const sender = createRecordChangeSender(client);
    await sender.send("Z1", [
      change("DELETE", "b.example.com."),
      change("CREATE", "a.example.com."),
      change("UPSERT", "c.example.com."),
    ]);
    expect(sent).toHaveLength(1);
    const input = (sent[0] as ChangeResourceRecordSetsCommand).input as ChangeResourceRecordSetsCommandInput;
    expect(sent[0]).toBeInstanceOf(ChangeResourceRecordSetsCommand);
    expect(input.HostedZoneId).toBe("Z1");
    expect(input.ChangeBatch?.Changes?.map((c) => [c.Action, c.ResourceRecordSet?.Name])).toEqual([
      ["DELETE", "b.example.com."],
      ["CREATE", "a.example.com."],
      ["UPSERT", "c.example.com."],
    ]);
  });
});
