import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/**
 * The layout rule of STYLE.md, checked: top-level folders of `src/` import downward only, so no two
 * of them import each other, directly or through other folders. `model/` imports nothing else from
 * `src/`, the AWS call layer `aws/` sits beneath everything that calls AWS, and nothing imports
 * `cli/` (the only place that reads argv and the environment; wiring lives below it).
 */

const SRC = resolve(import.meta.dirname, "../../../src");

/** Folder -> folder it imports -> the first import that makes the edge (evidence for messages). */
type FolderGraph = Map<string, Map<string, FolderImport>>;

/** One import between two different top-level folders. */
interface FolderImport {
  from: string;
  to: string;
  file: string;
  specifier: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

/** The top-level folder of `src/` a file lives in ("." for a file directly in `src/`). */
function folderOf(file: string): string {
  const parts = relative(SRC, file).split(sep);
  return parts.length > 1 ? (parts[0] ?? ".") : ".";
}

/**
 * Every relative import that crosses folders: static and dynamic `import`, `import type` and
 * `export … from`, as TypeScript's own pre-processor reads them (multi-line imports included).
 */
function folderImports(): FolderImport[] {
  return sourceFiles(SRC).flatMap((file) => {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
    return importedFiles
      .map((ref) => ref.fileName)
      .filter((specifier) => specifier.startsWith("."))
      .map((specifier) => ({
        from: folderOf(file),
        to: folderOf(resolve(dirname(file), specifier)),
        file: relative(SRC, file),
        specifier,
      }))
      .filter((edge) => edge.from !== edge.to);
  });
}

function folderGraph(imports: FolderImport[]): FolderGraph {
  const graph: FolderGraph = new Map();
  for (const edge of imports) {
    const out = graph.get(edge.from) ?? new Map<string, FolderImport>();
    if (!out.has(edge.to)) out.set(edge.to, edge);
    graph.set(edge.from, out);
  }
  return graph;
}

/** The shortest folder path from `from` to `to` (breadth-first), or undefined when there is none. */
function pathBetween(
  graph: Map<string, Map<string, unknown>>,
  from: string,
  to: string,
): string[] | undefined {
  const previous = new Map<string, string>([[from, from]]);
  const queue = [from];
  for (let node = queue.shift(); node !== undefined; node = queue.shift()) {
    for (const next of [...(graph.get(node)?.keys() ?? [])].sort()) {
      if (previous.has(next)) continue;
      previous.set(next, node);
      if (next === to) {
        const path = [to];
        for (let at = to; at !== from; ) {
          at = previous.get(at) ?? from;
          path.unshift(at);
        }
        return path;
      }
      queue.push(next);
    }
  }
  return undefined;
}

/** Two folders that import each other, with the shortest path each way. */
interface MutualImport {
  folders: [string, string];
  there: string[];
  back: string[];
}

/** Every pair of folders that import each other, directly or through other folders. */
function foldersImportingEachOther(graph: Map<string, Map<string, unknown>>): MutualImport[] {
  const folders = [...new Set([...graph.keys(), ...[...graph.values()].flatMap((out) => [...out.keys()])])];
  folders.sort();
  return folders.flatMap((a, i) =>
    folders.slice(i + 1).flatMap((b): MutualImport[] => {
      const there = pathBetween(graph, a, b);
      const back = pathBetween(graph, b, a);
      return there && back ? [{ folders: [a, b], there, back }] : [];
    }),
  );
}

/** `apply <-> targets: apply -> route53 -> targets; targets -> route53 -> apply`. */
function describeMutual({ folders, there, back }: MutualImport): string {
  return `${folders.join(" <-> ")}: ${there.join(" -> ")}; ${back.join(" -> ")}`;
}

/** The file behind each hop of the cycles, so the failure says which import to move. */
function evidence(graph: FolderGraph, cycles: MutualImport[]): string[] {
  const hops = new Set<string>();
  for (const { there, back } of cycles) {
    for (const path of [there, back]) {
      path.slice(1).forEach((to, i) => {
        const edge = graph.get(path[i] ?? "")?.get(to);
        if (edge) hops.add(`  ${edge.from} -> ${edge.to}: ${edge.file} imports "${edge.specifier}"`);
      });
    }
  }
  return [...hops].sort();
}

describe("folder graph of src/", () => {
  const imports = folderImports();
  const graph = folderGraph(imports);
  const importsOf = (folder: string) =>
    imports.filter((edge) => edge.from === folder).map((e) => `${e.file} -> ${e.specifier}`);

  it("finds the folders and the imports between them", () => {
    expect([...(graph.get("cli")?.keys() ?? [])]).toContain("model");
  });

  it("has no two top-level folders importing each other, directly or through others", () => {
    const cycles = foldersImportingEachOther(graph);
    const message = [
      "folder cycles in src/:",
      ...cycles.map(describeMutual),
      "made by:",
      ...evidence(graph, cycles),
    ];
    expect(cycles.map(describeMutual), message.join("\n")).toEqual([]);
  });

  it("keeps model/ pure: it imports nothing else from src/", () => {
    expect(importsOf("model")).toEqual([]);
  });

  it("keeps aws/ beneath everything that calls AWS: it imports only model/", () => {
    expect(importsOf("aws").filter((edge) => !edge.includes("../model/"))).toEqual([]);
  });

  it("lets nothing import cli/: wiring lives below it", () => {
    const into = imports.filter((edge) => edge.to === "cli").map((e) => `${e.file} -> ${e.specifier}`);
    expect(into).toEqual([]);
  });
});

describe("foldersImportingEachOther", () => {
  const graphOf = (edges: [string, string][]): Map<string, Map<string, unknown>> => {
    const graph = new Map<string, Map<string, unknown>>();
    for (const [from, to] of edges) graph.set(from, (graph.get(from) ?? new Map()).set(to, true));
    return graph;
  };
  const found = (edges: [string, string][]) => foldersImportingEachOther(graphOf(edges)).map(describeMutual);

  it("finds none in a layered graph", () => {
    expect(
      found([
        ["cli", "controller"],
        ["controller", "aws"],
        ["cli", "aws"],
      ]),
    ).toEqual([]);
  });

  it("names a direct cycle", () => {
    expect(
      found([
        ["apply", "route53"],
        ["route53", "apply"],
      ]),
    ).toEqual(["apply <-> route53: apply -> route53; route53 -> apply"]);
  });

  it("names folders that import each other only through others", () => {
    expect(
      found([
        ["apply", "route53"],
        ["route53", "apply"],
        ["route53", "targets"],
        ["targets", "route53"],
        ["model", "apply"],
      ]),
    ).toEqual([
      "apply <-> route53: apply -> route53; route53 -> apply",
      "apply <-> targets: apply -> route53 -> targets; targets -> route53 -> apply",
      "route53 <-> targets: route53 -> targets; targets -> route53",
    ]);
  });
});
