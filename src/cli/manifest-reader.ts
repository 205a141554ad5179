import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { LineCounter, parseAllDocuments } from "yaml";
import { err, ok, type Result } from "../model/result.js";
import { type ManifestWarning, notAKubernetesObject } from "./manifest-warning.js";

/** How `-f -` reads standard input; injected so tests need no real stdin. */
export type ReadStdin = () => Promise<string>;

const MANIFEST_EXTENSIONS = [".yaml", ".yml", ".json"];

/** The documents read, and the ones that are no Kubernetes object (still among `objects`). */
export interface ReadManifests {
  /** Every non-empty document, `kind: List` flattened, as plain data. */
  objects: unknown[];
  /** Documents no source can read because they are no Kubernetes object, in reading order. */
  warnings: ManifestWarning[];
}

/**
 * Read every document from the `-f` arguments, in order: a file; a directory, walked recursively for
 * `*.yaml`, `*.yml` and `*.json` files in sorted path order (so the same tree always gives the same
 * plan); or `-` for standard input. Multi-document YAML and JSON are read alike (JSON is YAML), and
 * `kind: List` documents are flattened into their items. Documents are returned as plain data: which
 * kinds matter is up to sources/, which ignore the rest. Every file that cannot be read or parsed is
 * reported, as `file:line:column: message`; every document that parses but is no Kubernetes object (a
 * list of strings, a scalar, a map without `apiVersion`, `kind` or `metadata.name`) is a warning, and
 * stays among the objects, so that nothing downstream sees less than before.
 */
export async function readManifests(
  paths: readonly string[],
  readStdin: ReadStdin,
): Promise<Result<ReadManifests, string[]>> {
  const objects: unknown[] = [];
  const warnings: ManifestWarning[] = [];
  const problems: string[] = [];
  const add = (parsed: Result<ReadManifests, string>): void => {
    if (!parsed.ok) {
      problems.push(parsed.error);
      return;
    }
    objects.push(...parsed.value.objects);
    warnings.push(...parsed.value.warnings);
  };
  for (const path of paths) {
    if (path === "-") {
      add(parseManifestText(await readStdin(), "<stdin>"));
      continue;
    }
    const files = await manifestFiles(path);
    if (!files.ok) {
      problems.push(files.error);
      continue;
    }
    for (const file of files.value) {
      let text: string;
      try {
        text = await readFile(file, "utf8");
      } catch (e) {
        problems.push(`${file}: cannot be read (${describeFsError(e)})`);
        continue;
      }
      add(parseManifestText(text, file));
    }
  }
  return problems.length > 0 ? err(problems) : ok({ objects, warnings });
}

/** The manifest files a `-f` path stands for: itself, or the manifests under a directory, sorted. */
async function manifestFiles(path: string): Promise<Result<string[], string>> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (e) {
    return err(`${path}: ${describeFsError(e)}`);
  }
  // A file named explicitly is read whatever its extension: the user asked for it.
  if (!info.isDirectory()) return ok([path]);
  const out: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    // Sort by name with a fixed, locale-independent order so a plan never depends on the file system.
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (MANIFEST_EXTENSIONS.some((ext) => entry.name.toLowerCase().endsWith(ext))) out.push(full);
    }
  };
  try {
    await walk(path);
  } catch (e) {
    return err(`${path}: cannot be read (${describeFsError(e)})`);
  }
  return ok(out);
}

/**
 * Parse one file's text into plain objects (pure). Empty documents are dropped; `kind: List` is
 * flattened. The first syntax error is returned as `name:line:column: message`; documents and list
 * items that are no Kubernetes object are kept and warned about, naming the file and document number.
 */
export function parseManifestText(text: string, name: string): Result<ReadManifests, string> {
  const lineCounter = new LineCounter();
  // `merge: true` accepts the `<<:` merge keys that kubectl (YAML 1.1) accepts in hand-written manifests.
  const docs = parseAllDocuments(text, { merge: true, prettyErrors: true, lineCounter });
  const objects: unknown[] = [];
  const warnings: ManifestWarning[] = [];
  for (const [index, doc] of docs.entries()) {
    const error = doc.errors[0];
    if (error) {
      const pos = error.linePos?.[0];
      const where = pos ? `${name}:${pos.line}:${pos.col}` : name;
      // The library appends "at line L, column C:" and a source excerpt; the prefix already says where.
      const message = error.message.split(/ at line \d+, column \d+/)[0]?.trim() ?? error.message;
      return err(`${where}: ${message}`);
    }
    const value: unknown = doc.toJS({ maxAliasCount: 1000 });
    if (value === null || value === undefined) continue;
    const line = lineCounter.linePos(doc.contents?.range[0] ?? doc.range[0]).line;
    for (const { value: object, item } of flattenLists(value, [])) {
      objects.push(object);
      const found = notAKubernetesObject(object);
      if (found !== undefined) {
        warnings.push({
          kind: "not-a-kubernetes-object",
          file: name,
          document: index + 1,
          line,
          item,
          found,
        });
      }
    }
  }
  return ok({ objects, warnings });
}

/**
 * `kind: List` (what `kubectl get -o yaml` prints) stands for its items, which may be lists again;
 * each comes with its 1-based position inside the document's lists, for warnings.
 */
function flattenLists(value: unknown, item: number[]): { value: unknown; item: number[] }[] {
  const items = listItems(value);
  if (items === undefined) return [{ value, item }];
  return items.flatMap((v, i) => flattenLists(v, [...item, i + 1]));
}

function listItems(value: unknown): unknown[] | undefined {
  // A bare JSON/YAML array is read like a List: each of its items must be an object then.
  if (Array.isArray(value)) return value;
  if (
    typeof value === "object" &&
    value !== null &&
    (value as { kind?: unknown }).kind === "List" &&
    Array.isArray((value as { items?: unknown }).items)
  ) {
    return (value as { items: unknown[] }).items;
  }
  return undefined;
}

function describeFsError(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  if (code === "ENOENT") return "no such file or directory";
  if (code === "EACCES") return "permission denied";
  return e instanceof Error ? e.message : String(e);
}
