import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseManifestText, readManifests } from "../../../src/cli/manifest-reader.js";

const svc = (name: string) => ({ apiVersion: "v1", kind: "Service", metadata: { name } });

describe("parseManifestText", () => {
  it("reads multi-document YAML and drops empty documents", () => {
    const r = parseManifestText(
      "---\napiVersion: v1\nkind: Service\nmetadata: {name: a}\n---\n---\n# only a comment\n",
      "a.yaml",
    );
    expect(r).toEqual({ ok: true, value: [svc("a")] });
  });

  it("reads JSON", () => {
    expect(parseManifestText(JSON.stringify(svc("j")), "j.json")).toEqual({ ok: true, value: [svc("j")] });
  });

  it("flattens kind: List, nested lists too", () => {
    const list = { apiVersion: "v1", kind: "List", items: [svc("a"), { kind: "List", items: [svc("b")] }] };
    expect(parseManifestText(JSON.stringify(list), "l.json")).toEqual({
      ok: true,
      value: [svc("a"), svc("b")],
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

  it("keeps documents it does not understand; sources ignore them", () => {
    expect(parseManifestText("just: data\n", "x.yaml")).toEqual({ ok: true, value: [{ just: "data" }] });
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
    expect(r).toEqual({ ok: true, value: [svc("a"), svc("ba"), svc("z")] });
  });

  it("reads stdin for -, in argument order", async () => {
    const stdin = "apiVersion: v1\nkind: Service\nmetadata: {name: s}\n";
    const r = await readManifests(["-", join(dir, "a.yaml")], async () => stdin);
    expect(r).toEqual({ ok: true, value: [svc("s"), svc("a")] });
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
