// What IAM authorizes for each request the fault proxy logged: the action, the resources and, for
// ChangeResourceRecordSets, Route 53's condition keys computed from the change batch that was sent —
// so the policy evaluator decides on exactly what the run asked for, not on a list written by hand.

import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { main } from "../../../src/cli/main.js";
import { type EvaluatedPolicy, evaluate, type IamRequest } from "../../fixtures/iam-policy-evaluator.js";
import type { ProxyRequestLog } from "../peers/fault-proxy.js";

const R53 = "/2013-04-01/";

/** Every `<tag>…</tag>` text in `xml`. */
function elements(xml: string, tag: string): string[] {
  return [...xml.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, "g"))].map((m) => m[1] ?? "");
}

/**
 * A name as Route 53 normalises it for `route53:ChangeResourceRecordSetsNormalizedRecordNames` (Route 53
 * Developer Guide, "Normalizing the condition key values"): lowercase, no trailing dot, characters
 * other than a-z 0-9 - _ . as `\` and three octal digits. Written here independently of src/.
 */
export function normalizeForCondition(name: string): string {
  return name
    .toLowerCase()
    .replace(/\.$/, "")
    .replace(/\\([0-7]{3})|[^a-z0-9\-_.]/g, (m, octal: string | undefined) =>
      octal !== undefined ? m : `\\${m.charCodeAt(0).toString(8).padStart(3, "0")}`,
    );
}

const XML_ENTITIES: Record<string, string> = {
  "&amp;": "&",
  "&lt;": "<",
  "&gt;": ">",
  "&quot;": '"',
  "&apos;": "'",
};
const unescapeXml = (s: string) => s.replace(/&(amp|lt|gt|quot|apos);/g, (e) => XML_ENTITIES[e] ?? e);

/** The condition keys of a ChangeResourceRecordSets request, from its `<Change>` elements. */
export function changeBatchContext(body: string): Record<string, string[]> {
  const changes = elements(body, "Change");
  const names = new Set<string>();
  const types = new Set<string>();
  const actions = new Set<string>();
  for (const change of changes) {
    actions.add(elements(change, "Action")[0] ?? "");
    const rrs = elements(change, "ResourceRecordSet")[0] ?? "";
    // The record's own <Name>, not the alias target's <DNSName>.
    names.add(normalizeForCondition(unescapeXml(elements(rrs, "Name")[0] ?? "")));
    types.add(elements(rrs, "Type")[0] ?? "");
  }
  return {
    "route53:ChangeResourceRecordSetsNormalizedRecordNames": [...names],
    "route53:ChangeResourceRecordSetsRecordTypes": [...types],
    "route53:ChangeResourceRecordSetsActions": [...actions],
  };
}

/** The authorization request behind one logged AWS request. Throws for an operation it cannot place. */
export function iamRequestOf(entry: ProxyRequestLog, partition = "aws"): IamRequest {
  const path = (entry.path.split("?")[0] ?? "").slice(R53.length);
  const parts = path.split("/");
  const arn = (kind: string, id: string | undefined) => {
    if (!id) throw new Error(`${entry.operation}: no ${kind} id in ${entry.path}`);
    return `arn:${partition}:route53:::${kind}/${id}`;
  };
  const body = entry.body ?? "";
  const action = `${entry.service}:${entry.operation}`;
  switch (entry.operation) {
    case "ListHostedZones":
    case "ListHealthChecks":
    case "CreateHealthCheck":
    case "DescribeLoadBalancers":
      return { action, resources: ["*"] };
    case "ListResourceRecordSets":
      return { action, resources: [arn("hostedzone", parts[1])] };
    case "ChangeResourceRecordSets":
      return { action, resources: [arn("hostedzone", parts[1])], context: changeBatchContext(body) };
    case "UpdateHealthCheck":
    case "DeleteHealthCheck":
    case "GetHealthCheckStatus":
      return { action, resources: [arn("healthcheck", parts[1])] };
    case "ChangeTagsForResource":
      return { action, resources: [arn(parts[1] ?? "", parts[2])] };
    case "ListTagsForResources":
      return { action, resources: elements(body, "ResourceId").map((id) => arn(parts[1] ?? "", id)) };
    case "AssumeRole": {
      const role = new URLSearchParams(body).get("RoleArn");
      if (!role) throw new Error(`AssumeRole without a RoleArn: ${body}`);
      return { action, resources: [role] };
    }
    default:
      throw new Error(
        `no IAM mapping for ${action} (${entry.method} ${entry.path}): add it here and to the policies`,
      );
  }
}

/** A policy file of iam/ with its placeholders filled in, as iam/README.md tells users to. */
export function shippedPolicy(file: string, fill: Record<string, string>): EvaluatedPolicy {
  let text = readFileSync(resolve(import.meta.dirname, "../../../iam", file), "utf8");
  for (const [placeholder, value] of Object.entries(fill)) text = text.replaceAll(placeholder, value);
  return JSON.parse(text) as EvaluatedPolicy;
}

/** The policy `route53-gslb iam-policy <args>` prints (run in-process, as a user would run it). */
export async function generated(args: string[]): Promise<EvaluatedPolicy> {
  let out = "";
  let err = "";
  const code = await main(
    ["iam-policy", ...args],
    {
      stdout: (t) => {
        out += t;
      },
      stderr: (t) => {
        err += t;
      },
      readStdin: async () => "",
    },
    {},
  );
  if (code !== 0) throw new Error(`iam-policy ${args.join(" ")} failed: ${err}`);
  return JSON.parse(out) as EvaluatedPolicy;
}

/** The logged requests `policy` does not allow, each as `Operation resource: why`. */
export function denied(log: readonly ProxyRequestLog[], policy: EvaluatedPolicy): string[] {
  return log
    .filter((entry) => entry.operation !== "MotoApi")
    .flatMap((entry) => {
      const decision = evaluate(policy, iamRequestOf(entry));
      return decision.allowed ? [] : [`${entry.operation} ${decision.resource}: ${decision.reason}`];
    });
}
