import type { Plan } from "../model/changes.js";
import { displayName } from "../model/hostname.js";
import { PROBLEM_KINDS, type ProblemKind, problemMessage } from "../model/problem.js";
import { formatSourceRef } from "../model/source-ref.js";
import { describeRecord } from "./describe.js";

/*
 * `plan --strict`: the problems a plan reports that make it fail in CI. A pull request with a typo in
 * an annotation otherwise goes green, because a skipped object is part of a successful plan (one
 * team's bad Gateway must not block the whole cluster's apply). CI wants the opposite: every problem
 * the change introduces shown on the pull request and the check red until it is fixed.
 *
 * What counts, and what does not:
 *
 *   reported                                           counts   kind
 *   ──────────────────────────────────────────────────  ──────  ────────────────────────────────────
 *   skipped: bad annotation, bad field, bad hostname,   yes     the problem's kind (invalid-annotation,
 *     unreadable metadata, missing parent, no zone,             …); records the object owns are held
 *     unresolvable target, conflict, Route 53 rule               and reported with it, not again
 *   ownership conflicts (contested, untrusted TXT)      yes     contested, untrusted-ownership
 *   deletions held back by --max-deletions              yes     deletion-budget
 *   documents that are no Kubernetes object             yes     not-a-kubernetes-object (cli/ adds them)
 *   skipped: opted-out (`enabled: "false"`)             no      the user asked for it
 *   skipped: no-address (no load balancer address yet)  no      a state of the cluster, not of the
 *                                                               manifests (CI's manifests have no status)
 *   changes withheld by --policy upsert-only/create-only no     configured, not a problem
 */

/** Problem kinds that never fail a strict plan (see the table above). */
const NOT_COUNTED = ["opted-out", "no-address"] as const satisfies readonly ProblemKind[];
type CountedProblemKind = Exclude<ProblemKind, (typeof NOT_COUNTED)[number]>;

/** A kind of finding that fails a strict plan. */
export type StrictFindingKind = CountedProblemKind | "deletion-budget" | "not-a-kubernetes-object";

/** Kinds of findings a strict plan fails on, in the order documentation lists them. */
export const STRICT_FINDING_KINDS: readonly StrictFindingKind[] = [
  ...PROBLEM_KINDS.filter(isCounted),
  "deletion-budget",
  "not-a-kubernetes-object",
];

/** One reported problem that fails a strict plan: its kind and one line a person can act on. */
export interface StrictFinding {
  kind: StrictFindingKind;
  /** `<source> (<hostname>): <reason>`, or what else the finding is about. */
  text: string;
}

/** The findings of a plan under `--strict`, in the plan's (deterministic) order. */
export interface StrictVerdict {
  findings: StrictFinding[];
}

/**
 * Judge a plan for `--strict`: every problem it reports that counts (see the table above), plus
 * `extra` findings the caller knows of (the manifest reader's warnings), except kinds in `ignore`
 * (`--strict-ignore`). Pure.
 */
export function strictVerdict(
  plan: Plan,
  extra: readonly StrictFinding[] = [],
  ignore: ReadonlySet<StrictFindingKind> = new Set(),
): StrictVerdict {
  const findings: StrictFinding[] = [];
  const add = (kind: StrictFindingKind, text: string): void => {
    if (!ignore.has(kind)) findings.push({ kind, text });
  };
  for (const s of plan.skipped) {
    const kind = s.problem.kind;
    if (!isCounted(kind)) continue;
    const host = s.hostname ? ` (${s.hostname})` : "";
    add(kind, `${formatSourceRef(s.source)}${host}: ${problemMessage(s.problem)}`);
  }
  for (const c of plan.conflicts) {
    add(c.problem.kind, `in zone ${displayName(c.zoneName)}: ${problemMessage(c.problem)}`);
  }
  for (const h of plan.heldBack) {
    if (h.kind !== "deletion-budget") continue;
    add("deletion-budget", `${describeRecord(h.change.record)}: ${h.reason}`);
  }
  for (const f of extra) add(f.kind, f.text);
  return { findings };
}

function isCounted(kind: ProblemKind): kind is CountedProblemKind {
  return !(NOT_COUNTED as readonly ProblemKind[]).includes(kind);
}

/**
 * `3 problems fail this plan under --strict: 2 invalid-annotation, 1 contested` — one line for
 * stderr and the reports; counts by kind in the order of STRICT_FINDING_KINDS.
 */
export function strictSummary(verdict: StrictVerdict): string {
  const n = verdict.findings.length;
  const counts = STRICT_FINDING_KINDS.map(
    (k) => [k, verdict.findings.filter((f) => f.kind === k).length] as const,
  ).filter(([, c]) => c > 0);
  const noun = n === 1 ? "problem fails" : "problems fail";
  return `${n} ${noun} this plan under --strict: ${counts.map(([k, c]) => `${c} ${k}`).join(", ")}`;
}
