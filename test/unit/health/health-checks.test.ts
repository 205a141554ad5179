import { describe, expect, it } from "vitest";
import {
  type HealthCheckApi,
  HealthCheckApplier,
  HealthCheckCallError,
  HealthCheckInUseError,
  HealthCheckReferenceConflictError,
  HealthCheckVersionConflictError,
  MAX_CALLER_REFERENCES,
  nthCallerReference,
  resolvePendingHealthCheckIds,
  splitHealthCheckChanges,
  updateInput,
} from "../../../src/health/health-checks.js";
import type { HealthCheckChange, RecordChange } from "../../../src/model/changes.js";
import { pendingHealthCheckId } from "../../../src/model/changes.js";
import type { HealthCheckSpec } from "../../../src/model/health-check.js";

const spec: HealthCheckSpec = {
  type: "HTTPS",
  fqdn: "gw.example.com",
  port: 443,
  requestInterval: 30,
  failureThreshold: 3,
  regions: [],
  enableSni: true,
};
const create: HealthCheckChange = {
  action: "CREATE",
  callerReference: "ref-1",
  spec,
  tags: { b: "2", a: "1" },
  for: "app.example.com.",
};

function awsError(name: string): Error {
  return Object.assign(new Error(name), { name, $metadata: { httpStatusCode: 400 } });
}

function fakeApi(fail: Partial<Record<keyof HealthCheckApi, Error>> = {}) {
  const calls: [string, unknown][] = [];
  const call = (name: keyof HealthCheckApi, out: object) => async (input: unknown) => {
    calls.push([name, input]);
    if (fail[name]) throw fail[name];
    return { $metadata: {}, ...out };
  };
  const api = {
    createHealthCheck: call("createHealthCheck", { HealthCheck: { Id: "hc-1" } }),
    changeTagsForResource: call("changeTagsForResource", {}),
    updateHealthCheck: call("updateHealthCheck", {}),
    deleteHealthCheck: call("deleteHealthCheck", {}),
    listHealthChecks: call("listHealthChecks", { HealthChecks: [], IsTruncated: false }),
  } as unknown as HealthCheckApi;
  return { api, calls };
}

describe("HealthCheckApplier", () => {
  it("CREATE sends the CallerReference and config, then tags; returns callerReference → id", async () => {
    const { api, calls } = fakeApi();
    const out = await new HealthCheckApplier(api).apply([create]);
    expect(out.created).toEqual(new Map([["ref-1", "hc-1"]]));
    expect(calls[0]).toEqual([
      "createHealthCheck",
      expect.objectContaining({
        CallerReference: "ref-1",
        HealthCheckConfig: expect.objectContaining({
          Type: "HTTPS",
          FullyQualifiedDomainName: "gw.example.com",
        }),
      }),
    ]);
    expect(calls[1]).toEqual([
      "changeTagsForResource",
      {
        ResourceType: "healthcheck",
        ResourceId: "hc-1",
        AddTags: [
          { Key: "a", Value: "1" },
          { Key: "b", Value: "2" },
        ],
      },
    ]);
  });

  it("maps Route 53's answers to typed errors naming the record", async () => {
    const { api } = fakeApi({
      createHealthCheck: awsError("HealthCheckAlreadyExists"),
      updateHealthCheck: awsError("HealthCheckVersionMismatch"),
      deleteHealthCheck: awsError("HealthCheckInUse"),
    });
    const out = await new HealthCheckApplier(api).apply([
      create,
      { ...create, action: "UPDATE", id: "hc-2", version: 3 },
      { ...create, action: "DELETE", id: "hc-3" },
    ]);
    const byName = Object.fromEntries(out.failed.map((f) => [f.change.action, f.error]));
    expect(byName.CREATE).toBeInstanceOf(HealthCheckReferenceConflictError);
    expect(byName.CREATE?.message).toContain("app.example.com.");
    expect(byName.CREATE).toMatchObject({ tried: MAX_CALLER_REFERENCES });
    expect(byName.UPDATE).toBeInstanceOf(HealthCheckVersionConflictError);
    expect(byName.DELETE).toBeInstanceOf(HealthCheckInUseError);
    expect(out.created.size + out.updated.length + out.deleted.length).toBe(0);
  });

  it("DELETE of a check already gone counts as deleted", async () => {
    const { api } = fakeApi({ deleteHealthCheck: awsError("NoSuchHealthCheck") });
    const out = await new HealthCheckApplier(api).apply([{ ...create, action: "DELETE", id: "hc-3" }]);
    expect(out).toMatchObject({ deleted: ["hc-3"], failed: [] });
  });
});

/**
 * Route 53's CallerReference rules, which moto does not model (it creates a second check for a repeated
 * reference and forgets deleted ones): the same reference and settings return the existing check; the
 * same reference with other settings, or the reference of a deleted check, is HealthCheckAlreadyExists
 * for ever. A fake for this one module, as the project allows where the peer has a gap.
 */
class Route53HealthChecks {
  readonly checks = new Map<string, { ref: string; config: string; raw: object }>();
  readonly burnt = new Set<string>();
  readonly createCalls: string[] = [];
  #next = 1;
  /** Create calls (1-based) whose answer is lost after the check was made. */
  loseAnswerOf = new Set<number>();

  readonly api = {
    createHealthCheck: async (input: { CallerReference?: string; HealthCheckConfig?: object }) => {
      const ref = input.CallerReference ?? "";
      this.createCalls.push(ref);
      const config = JSON.stringify(input.HealthCheckConfig);
      const live = [...this.checks].find(([, c]) => c.ref === ref);
      if (this.burnt.has(ref) || (live && live[1].config !== config))
        throw awsError("HealthCheckAlreadyExists");
      let id = live?.[0];
      if (id === undefined) {
        id = `hc-${this.#next++}`;
        this.checks.set(id, { ref, config, raw: input.HealthCheckConfig ?? {} });
      }
      if (this.loseAnswerOf.has(this.createCalls.length))
        throw Object.assign(awsError("ServiceUnavailable"), { $metadata: { httpStatusCode: 503 } });
      return { $metadata: {}, HealthCheck: { Id: id } };
    },
    changeTagsForResource: async () => ({ $metadata: {} }),
    updateHealthCheck: async () => ({ $metadata: {} }),
    deleteHealthCheck: async (input: { HealthCheckId?: string }) => {
      const check = this.checks.get(input.HealthCheckId ?? "");
      if (!check) throw awsError("NoSuchHealthCheck");
      this.checks.delete(input.HealthCheckId ?? "");
      this.burnt.add(check.ref);
      return { $metadata: {} };
    },
    listHealthChecks: async () => ({
      $metadata: {},
      IsTruncated: false,
      HealthChecks: [...this.checks].map(([Id, c]) => ({
        Id,
        CallerReference: c.ref,
        HealthCheckConfig: c.raw,
        HealthCheckVersion: 1,
      })),
    }),
  };

  applier(): HealthCheckApplier {
    return new HealthCheckApplier(this.api as unknown as HealthCheckApi);
  }
}

describe("HealthCheckApplier: CallerReferences on Route 53 (a fake; moto does not model them)", () => {
  it("a member removed and added back gets a fresh reference: the deleted check's one is burnt", async () => {
    const r53 = new Route53HealthChecks();
    const applier = r53.applier();
    const first = await applier.create(create);
    await applier.delete({ ...create, action: "DELETE", id: first });
    const second = await applier.create(create);
    expect(second).not.toBe(first);
    expect([...r53.checks.values()].map((c) => c.ref)).toEqual([nthCallerReference("ref-1", 2)]);
    expect(r53.createCalls).toEqual(["ref-1", "ref-1", "ref-1-2"]);
    // And again: the third life of the member walks past both burnt references.
    await applier.delete({ ...create, action: "DELETE", id: second });
    await applier.create(create);
    expect([...r53.checks.values()].map((c) => c.ref)).toEqual(["ref-1-3"]);
  });

  it("a retried create (same run or a later one) is idempotent: never a second check", async () => {
    const r53 = new Route53HealthChecks();
    const applier = r53.applier();
    const id = await applier.create(create);
    expect(await applier.create(create)).toBe(id);
    expect(r53.checks.size).toBe(1);
    // After a burn: the create under ref-1-2 had its answer lost and the run ended; the next run starts
    // again at ref-1 (burnt), lists, and adopts the live check under ref-1-2 instead of making ref-1-3.
    await applier.delete({ ...create, action: "DELETE", id });
    r53.loseAnswerOf.add(r53.createCalls.length + 2);
    await expect(applier.create(create)).rejects.toBeInstanceOf(HealthCheckCallError);
    expect(r53.checks.size).toBe(1);
    const adopted = await applier.create(create);
    expect(r53.checks.size).toBe(1);
    expect(r53.checks.get(adopted)?.ref).toBe("ref-1-2");
  });

  it("a live check holding the reference with other settings is left alone; the next reference is used", async () => {
    const r53 = new Route53HealthChecks();
    r53.checks.set("hc-theirs", {
      ref: "ref-1",
      config: "{}",
      raw: { Type: "TCP", IPAddress: "192.0.2.1", Port: 80 },
    });
    const id = await r53.applier().create(create);
    expect(r53.checks.get(id)?.ref).toBe("ref-1-2");
    expect(r53.checks.has("hc-theirs")).toBe(true);
  });

  it("gives up after MAX_CALLER_REFERENCES burnt references, naming the record", async () => {
    const r53 = new Route53HealthChecks();
    for (let n = 1; n <= MAX_CALLER_REFERENCES; n++) r53.burnt.add(nthCallerReference("ref-1", n));
    const error = await r53
      .applier()
      .create(create)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HealthCheckReferenceConflictError);
    expect((error as Error).message).toContain("app.example.com.");
    expect(r53.createCalls).toHaveLength(MAX_CALLER_REFERENCES);
  });
});

describe("updateInput", () => {
  it("sends the version and resets fields the spec dropped", () => {
    expect(updateInput({ ...create, action: "UPDATE", version: 4 }, "hc-1")).toEqual({
      HealthCheckId: "hc-1",
      HealthCheckVersion: 4,
      FullyQualifiedDomainName: "gw.example.com",
      Port: 443,
      FailureThreshold: 3,
      EnableSNI: true,
      Inverted: false,
      ResetElements: ["ResourcePath", "Regions"],
    });
  });
  it("sends Inverted either way: a drained check is inverted, undrain turns it back", () => {
    const drained = {
      ...create,
      action: "UPDATE" as const,
      spec: { ...create.spec, inverted: true as const },
    };
    expect(updateInput(drained, "hc-1").Inverted).toBe(true);
    expect(updateInput({ ...create, action: "UPDATE" }, "hc-1").Inverted).toBe(false);
  });
});

describe("pending health-check ids", () => {
  const rc = (group: string, healthCheckId?: string): RecordChange => ({
    zoneId: "Z1",
    zoneName: "example.com.",
    action: "CREATE",
    purpose: "record",
    group,
    record: {
      name: `${group}.example.com.`,
      type: "A",
      policy: { kind: "weighted", setIdentifier: "c1", weight: 1 },
      target: { kind: "values", values: ["192.0.2.1"], ttl: 60 },
      ...(healthCheckId ? { healthCheckId } : {}),
    },
  });

  it("replaces placeholders; a group whose check was not created is blocked whole", () => {
    const out = resolvePendingHealthCheckIds(
      [
        rc("a", pendingHealthCheckId("ref-1")),
        rc("b", pendingHealthCheckId("ref-2")),
        { ...rc("b"), purpose: "ownership" },
        rc("c", "real"),
      ],
      new Map([["ref-1", "hc-1"]]),
    );
    expect(out.changes.map((c) => [c.group, c.record.healthCheckId])).toEqual([
      ["a", "hc-1"],
      ["c", "real"],
    ]);
    expect(out.blocked.map((b) => [b.change.group, b.callerReference])).toEqual([
      ["b", "ref-2"],
      ["b", undefined],
    ]);
  });

  it("CREATE/UPDATE before records, DELETE after", () => {
    const split = splitHealthCheckChanges([{ ...create, action: "DELETE" }, create]);
    expect(split.beforeRecords.map((c) => c.action)).toEqual(["CREATE"]);
    expect(split.afterRecords.map((c) => c.action)).toEqual(["DELETE"]);
  });
});
