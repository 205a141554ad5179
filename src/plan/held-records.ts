import { problemMessage } from "../model/problem.js";
import { formatSourceRef, type Skipped } from "../model/source-ref.js";
import { type ResourceId, resourceKey } from "./ownership.js";

/*
 * The hold rule (DESIGN.md "Trust boundaries"): the records owned through an object that still exists
 * but cannot be read are kept as they are, and shown as held with the reason. Only an object that is
 * gone, no longer selected, or opted out (`route53-gslb.io/enabled: "false"`) releases its records.
 *
 *   skip                                         holds
 *   ──────────────────────────────────────────── ─────────────────────────────────────────────────
 *   opted out                                    nothing: its records go, as for a deleted object
 *   no hostname (bad annotation, no address)     every record owned through the object
 *   a hostname, `holdsObject` (not a hostname)   every record owned through the object
 *   a hostname (conflict, unresolvable target)   the records at that hostname
 *   `unreadable` namespace or name               every record of its kind matching what can be read
 *
 * A typo in a hostname (`s3.example_com`) is why a hostname skip can hold the whole object: the
 * records to keep are at the *old* name, which the object no longer mentions.
 */
export class HeldRecords {
  readonly #hosts = new Map<string, string>();
  /** Objects whose identity was read, by resourceKey (planning stays linear in the number of hosts). */
  readonly #objects = new Map<string, string>();
  /** Objects with an unreadable namespace or name: matched by what could be read. */
  readonly #patterns: { pattern: Partial<ResourceId>; reason: string }[] = [];

  constructor(skipped: readonly Skipped[]) {
    for (const s of skipped) {
      if (s.problem.kind === "opted-out") continue;
      const why = `${formatSourceRef(s.source)} cannot be used (${problemMessage(s.problem)})`;
      if (s.hostname !== undefined && !s.holdsObject) {
        this.holdHost(`${s.hostname}.`, why);
        continue;
      }
      const unreadable = new Set(s.unreadable ?? []);
      if (unreadable.size === 0) {
        keepFirst(this.#objects, resourceKey(s.source), why);
        continue;
      }
      this.#patterns.push({
        pattern: {
          group: s.source.group,
          kind: s.source.kind,
          ...(unreadable.has("namespace") ? {} : { namespace: s.source.namespace }),
          ...(unreadable.has("name") ? {} : { name: s.source.name }),
        },
        reason: why,
      });
    }
    // The first matching pattern by reason wins, so the plan does not depend on the order of its input.
    this.#patterns.sort((a, b) => (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0));
  }

  /** Hold one more host (a conflict the planner found in a zone). */
  holdHost(host: string, reason: string): void {
    keepFirst(this.#hosts, host, reason);
  }

  /** Why the owned records at `host`, recorded as wanted by `resource`, are held; undefined if they are not. */
  reasonFor(host: string, resource: ResourceId | undefined): string | undefined {
    const atHost = this.#hosts.get(host);
    if (atHost !== undefined) return `held: ${atHost}`;
    if (!resource) return undefined;
    const exact = this.#objects.get(resourceKey(resource));
    if (exact !== undefined) return `held: ${exact}`;
    const hold = this.#patterns.find(({ pattern }) =>
      (["group", "kind", "namespace", "name"] as const).every(
        (k) => pattern[k] === undefined || pattern[k] === resource[k],
      ),
    );
    return hold ? `held: ${hold.reason}` : undefined;
  }
}

/** Keep the reason that sorts first, so the plan does not depend on the order of its input. */
function keepFirst(map: Map<string, string>, key: string, reason: string): void {
  const seen = map.get(key);
  if (seen === undefined || reason < seen) map.set(key, reason);
}
