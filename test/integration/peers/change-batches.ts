// What the fault proxy's request log says a ChangeResourceRecordSets request sent.

import type { ProxyRequestLog } from "./fault-proxy.js";

/** The changes of one request body, in order: `ACTION name TYPE [setIdentifier]`. */
export function changesOf(body: string): string[] {
  return [...body.matchAll(/<Change>([\s\S]*?)<\/Change>/g)].map((m) => {
    const change = m[1] ?? "";
    const tag = (t: string) => new RegExp(`<${t}>([^<]*)</${t}>`).exec(change)?.[1];
    const id = tag("SetIdentifier");
    return `${tag("Action")} ${tag("Name")} ${tag("Type")}${id ? ` ${id}` : ""}`;
  });
}

/** Every ChangeResourceRecordSets request in `log`, as the list of its changes. */
export function changeBatches(log: readonly ProxyRequestLog[]): string[][] {
  return log
    .filter((r) => r.operation === "ChangeResourceRecordSets" && r.body)
    .map((r) => changesOf(r.body ?? ""));
}
