import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseManifestText, readManifests } from "../../../src/cli/manifest-reader.js";
import { formatManifestWarning } from "../../../src/cli/manifest-warning.js";

const svc = (name: string) => ({ apiVersion: "v1", kind: "Service", metadata: { name } });

describe("parseManifestText", () => {
  it("reads multi-document YAML and drops empty documents", () => {
    const r = parseManifestText(
      "---\napiVersion: v1\nkind: Service\nmetadata: {name: a}\n---\n---\n# only a comment\n",
      "a.yaml",
    );
    expect(r).toEqual({ ok: true, value: { objects: [svc("a")], warnings: [] } });
  });

  it("reads JSON", () => {
    expect(parseManifestText(JSON.stringify(svc("j")), "j.json")).toEqual({
      ok: true,
      value: { objects: [svc("j")], warnings: [] },
    });
  });

  it("flattens kind: List, nested lists too", () => {
    const list = { apiVersion: "v1", kind: "List", items: [svc("a"), { kind: "List", items: [svc("b")] }] };
    expect(parseManifestText(JSON.stringify(list), "l.json")).toEqual({
      ok: true,
      value: { objects: [svc("a"), svc("b")], warnings: [] },
    });
  });

  it("names the file, line and column of a syntax error", () => {
    const r = parseManifestText(
      "apiVersion: v1\nkind: Service\n---\nmetadata:\n  name: [broken\n",
      "bad.yaml",
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatch(/^bad\.yaml:\d+:\d+: /);
  });

  it("rejects duplicate keys with their line", () => {
    const r = parseManifestText("kind: Service\nkind: Gateway\n", "dup.yaml");
    expect(r).toEqual({ ok: false, error: "dup.yaml:2:1: Map keys must be unique" });
  });

  it("keeps documents that are no Kubernetes object, and warns about each with file, line and document number", () => {
    const text = [
      "apiVersion: v1\nkind: Service\nmetadata: {name: a}", // 1: an object
      "- just\n- strings", // 2: a list of strings
      "42", // 3: a scalar
      "", // 4: empty, dropped without a word
      "just: data", // 5: a map that is no object
      "apiVersion: v1\nkind: Service\nmetadata: {namespace: x}", // 6: no name
      "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Service\n  metadata: {name: b}\n- hello", // 7
      "apiVersion: v1\nkind: Service\nmetadata: {name: 1234}", // 8: malformed name: the planner's to report
    ].join("\n---\n");
    const r = parseManifestText(text, "x.yaml");
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.objects).toEqual([
      svc("a"),
      "just",
      "strings",
      42,
      { just: "data" },
      { apiVersion: "v1", kind: "Service", metadata: { namespace: "x" } },
      svc("b"),
      "hello",
      { apiVersion: "v1", kind: "Service", metadata: { name: 1234 } },
    ]);
    expect(r.value.warnings.map(formatManifestWarning)).toEqual([
      "x.yaml:5: document 2, item 1 is a string `just`, not a Kubernetes object (apiVersion, kind and metadata.name); ignored",
      "x.yaml:5: document 2, item 2 is a string `strings`, not a Kubernetes object (apiVersion, kind and metadata.name); ignored",
      "x.yaml:8: document 3 is a number `42`, not a Kubernetes object (apiVersion, kind and metadata.name); ignored",
      "x.yaml:12: document 5 is a map without apiVersion, kind and metadata, not a Kubernetes object (apiVersion, kind and metadata.name); ignored",
      "x.yaml:14: document 6 is a map without metadata.name, not a Kubernetes object (apiVersion, kind and metadata.name); ignored",
      "x.yaml:18: document 7, item 2 is a string `hello`, not a Kubernetes object (apiVersion, kind and metadata.name); ignored",
    ]);
    expect(r.value.warnings[0]).toEqual({
      kind: "not-a-kubernetes-object",
      file: "x.yaml",
      document: 2,
      line: 5,
      item: [1],
      found: "a string `just`",
    });
  });

  it("a bare list of objects is read like a List, without warnings", () => {
    expect(parseManifestText(JSON.stringify([svc("a"), svc("b")]), "l.json")).toEqual({
      ok: true,
      value: { objects: [svc("a"), svc("b")], warnings: [] },
    });
  });
});

describe("readManifests", () => {
  let dir = "";
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "r53gslb-manifests-"));
    await mkdir(join(dir, "b", "nested"), { recursive: true });
    await writeFile(
      join(dir, "b", "nested", "z.yml"),
      "apiVersion: v1\nkind: Service\nmetadata: {name: z}\n",
    );
    await writeFile(join(dir, "b", "a.json"), JSON.stringify(svc("ba")));
    await writeFile(join(dir, "a.yaml"), "apiVersion: v1\nkind: Service\nmetadata: {name: a}\n");
    await writeFile(join(dir, "README.md"), "# not a manifest: [\n");
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("walks a directory recursively in sorted order, reading only manifests", async () => {
    const r = await readManifests([dir], async () => "");
    expect(r).toEqual({ ok: true, value: { objects: [svc("a"), svc("ba"), svc("z")], warnings: [] } });
  });

  it("reads stdin for -, in argument order", async () => {
    const stdin = "apiVersion: v1\nkind: Service\nmetadata: {name: s}\n";
    const r = await readManifests(["-", join(dir, "a.yaml")], async () => stdin);
    expect(r).toEqual({ ok: true, value: { objects: [svc("s"), svc("a")], warnings: [] } });
  });

  it("gathers warnings from stdin and files, each naming where it came from", async () => {
    const list = join(dir, "list.yaml");
    await writeFile(list, "apiVersion: v1\nkind: Service\nmetadata: {name: l}\n---\n- a\n");
    const r = await readManifests(["-", list], async () => "true\n");
    await rm(list);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.objects).toEqual([true, svc("l"), "a"]);
    expect(r.value.warnings.map((w) => [w.file, w.document, w.line, w.item, w.found])).toEqual([
      ["<stdin>", 1, 1, [], "a boolean `true`"],
      [list, 2, 5, [1], "a string `a`"],
    ]);
  });

  it("reports every missing or broken file", async () => {
    const broken = join(dir, "broken.yaml");
    await writeFile(broken, "metadata:\n  name: x\n  labels: {a: 1\n");
    const r = await readManifests([join(dir, "missing"), broken], async () => "");
    await rm(broken);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toHaveLength(2);
    expect(r.error[0]).toBe(`${join(dir, "missing")}: no such file or directory`);
    expect(r.error[1]).toMatch(new RegExp(`^${broken.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:\\d+:\\d+: `));
  });
});
