import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { ControllerMetrics, desiredRecordCount } from "../../../src/controller/metrics.js";
import { PROBLEM_KINDS } from "../../../src/model/problem.js";
import {
  applyReport,
  bookinfoWeighted50,
  change,
  EVERY_PROBLEM,
  emptyPlan,
  fullPlan,
} from "../../fixtures/plans.js";

const report = applyReport;

describe("ControllerMetrics", () => {
  it("registers on its own registry, never the global one", async () => {
    const a = new ControllerMetrics();
    const b = new ControllerMetrics();
    a.setLeader(true);
    expect(await a.metricsText()).toContain("route53_gslb_leader 1");
    expect(await b.metricsText()).toContain("route53_gslb_leader 0");
  });

  it("uses a registry passed in", async () => {
    const registry = new Registry();
    const m = new ControllerMetrics({ registry });
    m.markSynced(1_700_000_000);
    expect(await registry.metrics()).toContain(
      "route53_gslb_last_successful_sync_timestamp_seconds 1700000000",
    );
  });

  it("records reconcile durations by outcome", async () => {
    const m = new ControllerMetrics();
    m.recordReconcile(0.3, "success");
    m.recordReconcile(0.01, "skipped-not-leader");
    const text = await m.metricsText();
    expect(text).toContain('route53_gslb_reconcile_duration_seconds_count{outcome="success"} 1');
    expect(text).toContain('route53_gslb_reconcile_duration_seconds_bucket{le="0.5",outcome="success"} 1');
    expect(text).toContain('route53_gslb_reconcile_duration_seconds_count{outcome="skipped-not-leader"} 1');
  });

  it("records what a plan wants", async () => {
    const m = new ControllerMetrics();
    m.recordPlan(fullPlan(), 10);
    const text = await m.metricsText();
    // 10 owned + 1 record CREATE - 1 record DELETE - 1 held-back record DELETE.
    expect(text).toContain("route53_gslb_desired_records 9");
    expect(text).toContain("route53_gslb_owned_records 10");
    expect(text).toContain('route53_gslb_planned_changes{action="CREATE"} 2');
    expect(text).toContain('route53_gslb_planned_changes{action="DELETE"} 1');
    expect(text).toContain("route53_gslb_held_back_deletions 1");
    expect(text).toContain("route53_gslb_health_checks 1");
    expect(text).toContain("route53_gslb_health_check_quota 200");
    expect(text).toContain('route53_gslb_skipped{reason="InvalidAnnotation"} 1');
    expect(text).toContain('route53_gslb_skipped{reason="HostnameSkipped"} 1');
    expect(text).toContain('route53_gslb_skipped{reason="Conflict"} 0');
    expect(text).toContain("route53_gslb_invalid_objects 1");
    expect(text).toContain("route53_gslb_conflicts 0");
    expect(text).toContain('route53_gslb_skipped_problems{kind="invalid-annotation"} 1');
    expect(text).toContain('route53_gslb_skipped_problems{kind="no-zone"} 1');
    expect(text).toContain('route53_gslb_skipped_problems{kind="conflict"} 0');
  });

  it.each(EVERY_PROBLEM)("counts %o under its kind and its Event reason (%s)", async (problem, reason) => {
    const m = new ControllerMetrics();
    const source = { group: "", kind: "Service", namespace: "a b", name: "c/d" };
    m.recordPlan({ ...emptyPlan(), skipped: [{ source, problem }] }, 0);
    const text = await m.metricsText();
    for (const kind of PROBLEM_KINDS) {
      const n = kind === problem.kind ? 1 : 0;
      expect(text).toContain(`route53_gslb_skipped_problems{kind="${kind}"} ${n}`);
    }
    for (const r of ["InvalidAnnotation", "HostnameSkipped", "Conflict"]) {
      expect(text).toContain(`route53_gslb_skipped{reason="${r}"} ${r === reason ? 1 : 0}`);
    }
    expect(text).toContain(`route53_gslb_invalid_objects ${reason === "InvalidAnnotation" ? 1 : 0}`);
    expect(text).toContain(`route53_gslb_conflicts ${reason === "Conflict" ? 1 : 0}`);
  });

  it("counts a DELETE+CREATE replacement as no change in desired records", () => {
    const plan = {
      ...emptyPlan(),
      changes: [change(bookinfoWeighted50, "DELETE"), change(bookinfoWeighted50, "CREATE")],
    };
    expect(desiredRecordCount(plan, 3)).toBe(3);
  });

  it("counts applied changes by action and purpose, and failures by kind", async () => {
    const m = new ControllerMetrics();
    const plan = fullPlan();
    m.recordApply(
      report({
        applied: plan.changes,
        failed: [{ group: "g", changes: [], fingerprint: "f", kind: "invalid", message: "bad" }],
        healthChecks: { applied: plan.healthChecks, failed: [], created: new Map() },
      }),
    );
    const text = await m.metricsText();
    expect(text).toContain('route53_gslb_changes_total{action="CREATE",purpose="record"} 1');
    expect(text).toContain('route53_gslb_changes_total{action="CREATE",purpose="ownership"} 1');
    expect(text).toContain('route53_gslb_changes_total{action="DELETE",purpose="record"} 1');
    expect(text).toContain('route53_gslb_failed_groups_total{kind="invalid"} 1');
    expect(text).toContain('route53_gslb_health_check_changes_total{action="CREATE",outcome="ok"} 1');
  });

  it("counts read-back groups by reason and result; the rejected attempt is one error call", async () => {
    const m = new ControllerMetrics();
    const zoneId = "Z1";
    m.recordBatcherEvent({ type: "request", zoneId, attempt: 1, changes: 20, groups: 10 });
    m.recordBatcherEvent({
      type: "retry",
      zoneId,
      attempt: 1,
      delayMs: 1,
      error: "ServiceUnavailable",
      message: "",
    });
    m.recordBatcherEvent({ type: "request", zoneId, attempt: 2, changes: 20, groups: 10 });
    m.recordBatcherEvent({
      type: "read-back",
      zoneId,
      reason: "lost-answer",
      groups: 10,
      inEffect: 7,
      reads: 1,
    });
    m.recordBatcherEvent({ type: "request", zoneId, attempt: 1, changes: 6, groups: 3 });
    m.recordBatcherEvent({ type: "applied", zoneId, changes: 6, groups: 3 });
    m.recordBatcherEvent({
      type: "read-back",
      zoneId,
      reason: "already-applied",
      groups: 2,
      inEffect: 0,
      reads: 0,
      error: "AccessDenied: no",
    });
    const text = await m.metricsText();
    expect(text).toContain('route53_gslb_read_back_groups_total{reason="lost-answer",result="in-effect"} 7');
    expect(text).toContain('route53_gslb_read_back_groups_total{reason="lost-answer",result="needed"} 3');
    expect(text).toContain('route53_gslb_read_back_groups_total{reason="already-applied",result="unread"} 2');
    const calls = (outcome: string) =>
      `route53_gslb_aws_calls_total{service="route53",operation="ChangeResourceRecordSets",outcome="${outcome}"}`;
    expect(text).toContain(`${calls("retry")} 1`);
    expect(text).toContain(`${calls("error")} 1`);
    expect(text).toContain(`${calls("ok")} 1`);
  });

  it("turns batcher events into one call outcome per attempt, batch sizes, retries and throttles", async () => {
    const m = new ControllerMetrics();
    const zoneId = "Z1";
    m.recordBatcherEvent({ type: "request", zoneId, attempt: 1, changes: 40, groups: 20 });
    m.recordBatcherEvent({ type: "throttled", zoneId, attempt: 1 });
    m.recordBatcherEvent({
      type: "retry",
      zoneId,
      attempt: 1,
      delayMs: 10,
      error: "Throttling",
      message: "",
    });
    m.recordBatcherEvent({ type: "request", zoneId, attempt: 2, changes: 40, groups: 20 });
    m.recordBatcherEvent({ type: "rejected", zoneId, groups: 20, message: "InvalidChangeBatch" });
    m.recordBatcherEvent({ type: "request", zoneId, attempt: 1, changes: 2, groups: 1 });
    m.recordBatcherEvent({ type: "applied", zoneId, changes: 2, groups: 1 });
    m.recordBatcherEvent({ type: "request", zoneId, attempt: 1, changes: 2, groups: 1 });
    m.recordBatcherEvent({
      type: "retry",
      zoneId,
      attempt: 1,
      delayMs: 10,
      error: "InternalError",
      message: "",
    });
    m.recordBatcherEvent({ type: "request", zoneId, attempt: 2, changes: 2, groups: 1 });
    // One failed request of two groups reports two group failures: one call.
    for (const group of ["a", "b"]) {
      m.recordBatcherEvent({
        type: "group-failed",
        zoneId,
        group,
        fingerprint: "",
        kind: "error",
        message: "",
      });
    }
    m.recordBatcherEvent({
      type: "group-failed",
      zoneId,
      group: "c",
      fingerprint: "",
      kind: "not-sent",
      message: "",
    });
    m.recordBatcherEvent({ type: "zone-busy", zoneId, waitMs: 1250 });
    m.recordBatcherEvent({ type: "zone-busy", zoneId, waitMs: 250 });
    const text = await m.metricsText();
    expect(text).toContain("route53_gslb_zone_busy_wait_seconds_total 1.5");
    const calls = (outcome: string) =>
      `route53_gslb_aws_calls_total{service="route53",operation="ChangeResourceRecordSets",outcome="${outcome}"}`;
    expect(text).toContain(`${calls("throttled")} 1`);
    expect(text).toContain(`${calls("retry")} 1`);
    expect(text).toContain(`${calls("ok")} 1`);
    expect(text).toContain(`${calls("error")} 2`);
    expect(text).toContain(
      'route53_gslb_throttles_total{service="route53",operation="ChangeResourceRecordSets"} 1',
    );
    expect(text).toContain(
      'route53_gslb_retries_total{service="route53",operation="ChangeResourceRecordSets"} 2',
    );
    expect(text).toContain("route53_gslb_batch_size_changes_count 5");
    expect(text).toContain('route53_gslb_batch_size_changes_bucket{le="50"} 5');
    expect(text).toContain('route53_gslb_batch_size_changes_bucket{le="2"} 3');
  });

  it("records other AWS calls and their retries", async () => {
    const m = new ControllerMetrics();
    m.recordRetry({
      operation: "ListResourceRecordSets",
      attempt: 1,
      delayMs: 5,
      throttled: true,
      error: "Throttling",
      message: "Rate exceeded",
    });
    m.recordAwsCall("route53", "ListResourceRecordSets", "ok");
    m.recordAwsCall("elbv2", "DescribeLoadBalancers", "error");
    const text = await m.metricsText();
    expect(text).toContain(
      'route53_gslb_aws_calls_total{service="route53",operation="ListResourceRecordSets",outcome="throttled"} 1',
    );
    expect(text).toContain(
      'route53_gslb_aws_calls_total{service="route53",operation="ListResourceRecordSets",outcome="ok"} 1',
    );
    expect(text).toContain(
      'route53_gslb_aws_calls_total{service="elbv2",operation="DescribeLoadBalancers",outcome="error"} 1',
    );
    expect(text).toContain(
      'route53_gslb_throttles_total{service="route53",operation="ListResourceRecordSets"} 1',
    );
  });

  it("shows only the current informer states", async () => {
    const m = new ControllerMetrics();
    m.setWatchStatus([{ kind: "Gateway", state: "syncing" }]);
    m.setWatchStatus([
      { kind: "Gateway", state: "synced" },
      { kind: "TetrateGateway", state: "missing-crd" },
    ]);
    const text = await m.metricsText();
    expect(text).toContain('route53_gslb_informer_status{kind="Gateway",state="synced"} 1');
    expect(text).toContain('route53_gslb_informer_status{kind="TetrateGateway",state="missing-crd"} 1');
    expect(text).not.toContain('state="syncing"');
  });

  it("adds process metrics with the prefix when asked", async () => {
    const m = new ControllerMetrics({ processMetrics: true });
    expect(await m.metricsText()).toContain("route53_gslb_process_cpu_seconds_total");
    expect(m.contentType).toContain("text/plain");
  });
});
