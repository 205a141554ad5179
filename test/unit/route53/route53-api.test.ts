import {
  ChangeResourceRecordSetsCommand,
  type ChangeResourceRecordSetsCommandInput,
  ListHostedZonesCommand,
} from "@aws-sdk/client-route-53";
import { describe, expect, it } from "vitest";
import type { RequestScheduler, ScheduledCall } from "../../../src/apply/rate-limiter.js";
import type { RecordChange } from "../../../src/model/changes.js";
import {
  changeBatchRequest,
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
  it("every call goes through the scheduler; ChangeResourceRecordSets on its zone with change tokens", async () => {
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
    await api.changeResourceRecordSets(
      changeBatchRequest("/hostedzone/Z1", [
        change("UPSERT", "a.example.com."),
        change("CREATE", "b.example.com."),
      ]),
    );
    expect(calls).toEqual([
      { operation: "ListHostedZones" },
      { operation: "ChangeResourceRecordSets", zoneId: "Z1", changeTokens: 3 },
    ]);
    expect(sent[0]).toBeInstanceOf(ListHostedZonesCommand);
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
