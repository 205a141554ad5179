import type {
  ListResourceRecordSetsCommandInput,
  ListResourceRecordSetsCommandOutput,
  ResourceRecordSet,
} from "@aws-sdk/client-route-53";
import { describe, expect, it } from "vitest";
import {
  listRecordSets,
  listRecordSetsAt,
  RecordListingStalledError,
} from "../../../src/route53/record-sets.js";

const meta = { $metadata: {} };

function rrs(name: string, setIdentifier?: string): ResourceRecordSet {
  const r: ResourceRecordSet = { Name: name, Type: "A", TTL: 60, ResourceRecords: [{ Value: "192.0.2.1" }] };
  if (setIdentifier) Object.assign(r, { SetIdentifier: setIdentifier, Weight: 1 });
  return r;
}

/** A Route 53 that pages `all` correctly (with NextRecordIdentifier) or like moto (without). */
function fakeZone(all: ResourceRecordSet[], honoursIdentifier: boolean) {
  const calls: ListResourceRecordSetsCommandInput[] = [];
  const api = {
    async listResourceRecordSets(
      input: ListResourceRecordSetsCommandInput,
    ): Promise<ListResourceRecordSetsCommandOutput> {
      calls.push(input);
      const max = input.MaxItems ?? 300;
      let from = 0;
      if (input.StartRecordName) {
        from = all.findIndex(
          (r) =>
            r.Name === input.StartRecordName &&
            r.Type === input.StartRecordType &&
            (!honoursIdentifier ||
              !input.StartRecordIdentifier ||
              r.SetIdentifier === input.StartRecordIdentifier),
        );
      }
      const page = all.slice(from, from + max);
      const next = all[from + max];
      return {
        ...meta,
        ResourceRecordSets: page,
        IsTruncated: next !== undefined,
        MaxItems: max,
        ...(next
          ? {
              NextRecordName: next.Name,
              NextRecordType: next.Type,
              ...(honoursIdentifier && next.SetIdentifier
                ? { NextRecordIdentifier: next.SetIdentifier }
                : {}),
            }
          : {}),
      };
    },
  };
  return { api, calls };
}

const members = (n: number) => Array.from({ length: n }, (_, i) => rrs("w.example.com.", `m${i}`));

describe("listRecordSets", () => {
  it("follows NextRecordName/Type/Identifier through a set of weighted members", async () => {
    const all = [rrs("a.example.com."), ...members(7), rrs("z.example.com.")];
    const { api, calls } = fakeZone(all, true);
    const out = await listRecordSets(api, "/hostedzone/Z1", { pageSize: 3 });
    expect(out.records).toHaveLength(9);
    expect(out.pages).toBe(3);
    expect(calls[0]).toEqual({ HostedZoneId: "Z1", MaxItems: 3 });
    expect(calls[1]).toMatchObject({ StartRecordName: "w.example.com.", StartRecordIdentifier: "m2" });
  });

  it("a server without NextRecordIdentifier (moto) repeats records: each is kept once", async () => {
    const all = [rrs("a.example.com."), ...members(4), rrs("z.example.com.")];
    const { api } = fakeZone(all, false);
    const out = await listRecordSets(api, "Z1", { pageSize: 3 });
    expect(out.records.map((r) => r.name)).toEqual([
      "a.example.com.",
      "w.example.com.",
      "w.example.com.",
      "w.example.com.",
      "w.example.com.",
      "z.example.com.",
    ]);
  });

  it("a page that repeats: a bigger MaxItems from the same start, else a typed error naming the zone", async () => {
    const all = [rrs("a.example.com."), ...members(5), rrs("z.example.com.")];
    const escalated = fakeZone(all, false);
    const out = await listRecordSets(escalated.api, "Z1", { pageSize: 3 });
    expect(out.records).toHaveLength(7);
    expect(escalated.calls.map((c) => c.MaxItems)).toContain(6);

    const stalled = fakeZone(all, false);
    const p = listRecordSets(stalled.api, "Z1", { pageSize: 3, maxEscalatedPageSize: 0 });
    await expect(p).rejects.toBeInstanceOf(RecordListingStalledError);
    await expect(p).rejects.toMatchObject({ zoneId: "Z1", startName: "w.example.com." });
  });

  it("a record set the model cannot hold is reported, not dropped silently", async () => {
    const { api } = fakeZone([{ Name: "x.example.com.", Type: "A", Weight: 1 } as ResourceRecordSet], true);
    const out = await listRecordSets(api, "Z1");
    expect(out.records).toEqual([]);
    expect(out.problems[0]).toContain("Z1");
  });
});

describe("listRecordSetsAt", () => {
  // Sorted as Route 53 sorts (here every name has one label under the zone, so plain order is fine).
  const all = ["a", "b", "c", "d", "e"].map((l) => rrs(`${l}.example.com.`));
  function api() {
    const calls: ListResourceRecordSetsCommandInput[] = [];
    return {
      calls,
      async listResourceRecordSets(
        input: ListResourceRecordSetsCommandInput,
      ): Promise<ListResourceRecordSetsCommandOutput> {
        calls.push(input);
        const from = input.StartRecordName ? all.findIndex((r) => r.Name === input.StartRecordName) : 0;
        const max = input.MaxItems ?? 300;
        const page = all.slice(from, from + max);
        const next = all[from + max];
        return {
          ...meta,
          ResourceRecordSets: page,
          IsTruncated: next !== undefined,
          MaxItems: max,
          ...(next ? { NextRecordName: next.Name, NextRecordType: next.Type } : {}),
        };
      },
    };
  }

  it("reads a few names one by one", async () => {
    const fake = api();
    const out = await listRecordSetsAt(fake, "Z1", ["d.example.com.", "b.example.com.", "b.example.com."], 5);
    expect(out.records.map((r) => r.name)).toEqual(["b.example.com.", "d.example.com."]);
    expect(fake.calls.map((c) => c.StartRecordName)).toEqual(["b.example.com.", "d.example.com."]);
  });

  it("lists the zone once past the threshold, and keeps only the names asked for", async () => {
    const fake = api();
    const out = await listRecordSetsAt(fake, "Z1", ["a.example.com.", "c.example.com.", "e.example.com."], 2);
    expect(out.records.map((r) => r.name)).toEqual(["a.example.com.", "c.example.com.", "e.example.com."]);
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0]?.StartRecordName).toBeUndefined();
  });
});
