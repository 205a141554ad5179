import { canonicalAddress, isIPv4, isIPv6 } from "./address.js";
import type { HealthCheckSpec } from "./health-check.js";
import { displayName, normalizeHostname } from "./hostname.js";
import { err, ok, type Result } from "./result.js";

/** What `--cluster-health-check` accepts, completing "Expected `--cluster-health-check` to be …". */
export const HEALTH_CHECK_URL_EXPECTED =
  "an `http://`, `https://` or `tcp://` URL of the endpoint Route 53 checks, such as `https://edge.cluster-1.example.com:443/healthz` or `tcp://edge.cluster-1.example.com:443`";

/** Route 53's limit on `ResourcePath` (path and query string). */
const MAX_RESOURCE_PATH = 255;

/** The settings Route 53 gives a check nobody tuned, as the members' defaults (DESIGN.md). */
const URL_CHECK_DEFAULTS = { requestInterval: 30, failureThreshold: 3 } as const;

// scheme://host[:port][/path[?query]] — no user info, no fragment, no spaces; a bracketed IPv6 host.
const URL_SHAPE = /^([a-zA-Z]+):\/\/(\[[0-9a-fA-F:.]+\]|[^/:?#@[\]\s]+)(?::([0-9]{1,5}))?([/?][^#\s]*)?$/;

/**
 * A health check's endpoint from a URL, as `--cluster-health-check` takes it:
 * `https://host[:port][/path]` (HTTPS with SNI, port 443, path `/`), `http://…` (port 80) or
 * `tcp://host:port` (the port is required, no path). The host is a DNS name or an IP address
 * (to-route53 sends an address as `IPAddress`). Interval 30 s and 3 failures, Route 53's checker
 * regions: the defaults of a member's check. Anything else is an error that says why, never a guess.
 */
export function parseHealthCheckUrl(text: string): Result<HealthCheckSpec, string> {
  const m = URL_SHAPE.exec(text.trim());
  if (!m) return err("not of the form scheme://host[:port][/path], without user info or a #fragment");
  const [, rawScheme = "", rawHost = "", rawPort, rawPath] = m;
  const scheme = rawScheme.toLowerCase();
  if (scheme !== "http" && scheme !== "https" && scheme !== "tcp")
    return err(`scheme \`${rawScheme}\` is not http, https or tcp`);
  const host = hostOf(rawHost);
  if (!host.ok) return host;
  const port = rawPort === undefined ? undefined : Number(rawPort);
  if (port !== undefined && (port < 1 || port > 65535)) return err(`port ${rawPort} is not from 1 to 65535`);
  const base = { fqdn: host.value, ...URL_CHECK_DEFAULTS, regions: [] };
  if (scheme === "tcp") {
    if (port === undefined) return err("a tcp:// check needs a port, as in `tcp://host:443`");
    if (rawPath !== undefined && rawPath !== "/") return err("a tcp:// check has no path");
    return ok({ type: "TCP", ...base, port, enableSni: false });
  }
  const path = rawPath === undefined ? "/" : rawPath.startsWith("/") ? rawPath : `/${rawPath}`;
  if (path.length > MAX_RESOURCE_PATH)
    return err(`the path is ${path.length} characters; Route 53 allows ${MAX_RESOURCE_PATH}`);
  const https = scheme === "https";
  return ok({
    type: https ? "HTTPS" : "HTTP",
    ...base,
    port: port ?? (https ? 443 : 80),
    resourcePath: path,
    enableSni: https,
  });
}

/** The URL of a spec that `parseHealthCheckUrl` made (for `--help` defaults and plan output). */
export function healthCheckUrl(spec: HealthCheckSpec): string {
  const scheme = spec.type.startsWith("HTTPS") ? "https" : spec.type.startsWith("HTTP") ? "http" : "tcp";
  const host = isIPv6(spec.fqdn) ? `[${spec.fqdn}]` : spec.fqdn;
  return `${scheme}://${host}:${spec.port}${spec.resourcePath ?? ""}`;
}

/** A DNS name (lowercased, no trailing dot, as the planner spells check endpoints) or an IP address. */
function hostOf(raw: string): Result<string, string> {
  const bracketed = raw.startsWith("[");
  const bare = bracketed ? raw.slice(1, -1) : raw;
  // The spelling the planner writes and reads back (canonicalAddress), so the check is not updated every run.
  if (isIPv6(bare)) return ok(canonicalAddress(bare));
  if (bracketed) return err(`\`${raw}\` is not an IPv6 address`);
  if (isIPv4(bare)) return ok(bare);
  const name = normalizeHostname(bare);
  if (!name.ok) return name;
  if (name.value.startsWith("*")) return err("the host may not be a wildcard");
  return ok(displayName(name.value));
}
