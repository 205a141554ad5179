import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";

/**
 * Docs are part of the feature: every command and every flag `--help` offers is named in the README
 * or a page under docs/ (docs/commands/ holds the per-command pages), so a flag cannot ship
 * undocumented.
 */

const ROOT = resolve(import.meta.dirname, "../..");

/** Every Markdown file under `dir`, recursively, in sorted order. */
function markdownUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".md"))
    .sort()
    .map((f) => join(dir, f));
}

const docFiles = [resolve(ROOT, "README.md"), ...markdownUnder(resolve(ROOT, "docs"))];
const docs = docFiles.map((f) => readFileSync(f, "utf8")).join("\n");

async function help(args: string[]): Promise<string> {
  let out = "";
  await main([...args, "--help"], {
    stdout: (t) => {
      out += t;
    },
    stderr: (t) => {
      out += t;
    },
    readStdin: async () => "",
  });
  return out;
}

describe("every command and flag in --help is documented", async () => {
  const top = await help([]);
  const commands = [...top.matchAll(/^ {2}([a-z][a-z-]+)(?= )/gm)]
    .map((m) => m[1] ?? "")
    .filter((c) => c !== "help");
  it("reads the README and the per-command pages", () => {
    expect(docFiles.map((f) => f.slice(ROOT.length + 1))).toEqual(
      expect.arrayContaining(["README.md", "docs/commands/plan.md", "docs/commands/controller.md"]),
    );
  });
  it("finds the commands", () => {
    expect(commands).toEqual(expect.arrayContaining(["plan", "apply", "drain", "undrain", "controller"]));
  });
  for (const command of commands) {
    it(`route53-gslb ${command}`, async () => {
      expect(docs).toContain(`route53-gslb ${command}`);
      const flags = new Set([...(await help([command])).matchAll(/--[a-z][a-z-]+/g)].map((m) => m[0]));
      flags.delete("--help");
      const missing = [...flags].filter((f) => !docs.includes(`\`${f}`) && !docs.includes(` ${f} `));
      expect(missing).toEqual([]);
    });
  }
});
