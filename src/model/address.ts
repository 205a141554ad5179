/** Pure IP address checks (the core may not import node:net). */

export function isIPv4(value: string): boolean {
  const parts = value.split(".");
  return parts.length === 4 && parts.every((p) => /^(0|[1-9][0-9]{0,2})$/.test(p) && Number(p) <= 255);
}

export function isIPv6(value: string): boolean {
  if (value.includes("%")) return false;
  let v = value;
  let groups = 8;
  // An embedded IPv4 tail (`::ffff:192.0.2.1`) stands for two groups.
  const lastColon = v.lastIndexOf(":");
  if (lastColon >= 0 && v.slice(lastColon + 1).includes(".")) {
    if (!isIPv4(v.slice(lastColon + 1))) return false;
    v = `${v.slice(0, lastColon + 1)}0`;
    groups = 7;
  }
  const halves = v.split("::");
  if (halves.length > 2) return false;
  const hex = /^[0-9a-fA-F]{1,4}$/;
  const parse = (s: string): string[] | undefined => {
    if (s === "") return [];
    const g = s.split(":");
    return g.every((x) => hex.test(x)) ? g : undefined;
  };
  const head = parse(halves[0] ?? "");
  if (!head) return false;
  if (halves.length === 1) return head.length === groups;
  const tail = parse(halves[1] ?? "");
  if (!tail) return false;
  return head.length + tail.length < groups;
}
