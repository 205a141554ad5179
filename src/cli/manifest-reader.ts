import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { err, ok, type Result } from "../model/result.js";

/** How `-f -` reads standard input; injected so tests need no real stdin. */
export type ReadStdin = () => Promise<string>;

const MANIFEST_EXTENSIONS = [".yaml", ".yml", ".json"];

/**
 * Read every document from the `-f` arguments, in order: a file; a directory, walked recursively for
 * `*.yaml`, `*.yml` and `*.json` files in sorted path order (so the same tree always gives the same
 * plan); or `-` for standard input. Multi-document YAML and JSON are read alike (JSON is YAML), and
 * `kind: List` documents are flattened into their items. Documents are returned as plain data: which
 * kinds matter is up to sources/, which ignore the rest. Every file that cannot be read or parsed is
 * reported, as `file:line:column: message`.
 */
export async function readManifests(
  paths: readonly string[],
  readStdin: ReadStdin,
): Promise<Result<unknown[], string[]>> {
  const objects: unknown[] = [];
  const problems: string[] = [];
  for (const path of paths) {
    if (path === "-") {
      const parsed = parseManifestText(await readStdin(), "<stdin>");
      if (parsed.ok) objects.push(...parsed.value);
      else problems.push(parsed.error);
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
      const parsed = parseManifestText(text, file);
      if (parsed.ok) objects.push(...parsed.value);
      else problems.push(parsed.error);
    }
  }
  return problems.length > 0 ? err(problems) : ok(objects);
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
 * flattened. The first syntax error is returned as `name:line:column: message`.
 */
export function parseManifestText(text: string, name: string): Result<unknown[], string> {
  // `merge: true` accepts the `<<:` merge keys that kubectl (YAML 1.1) accepts in hand-written manifests.
  const docs = parseAllDocuments(text, { merge: true, prettyErrors: true });
  const objects: unknown[] = [];
  for (const doc of docs) {
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
    objects.push(...flattenLists(value));
  }
  return ok(objects);
}

/** `kind: List` (what `kubectl get -o yaml` prints) stands for its items, which may be lists again. */
function flattenLists(value: unknown): unknown[] {
  if (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    (value as { kind?: unknown }).kind === "List" &&
    Array.isArray((value as { items?: unknown }).items)
  ) {
    return ((value as { items: unknown[] }).items ?? []).flatMap(flattenLists);
  }
  // A bare JSON array of objects is read like a List.
  if (Array.isArray(value)) return value.flatMap(flattenLists);
  return [value];
}

function describeFsError(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  if (code === "ENOENT") return "no such file or directory";
  if (code === "EACCES") return "permission denied";
  return e instanceof Error ? e.message : String(e);
}
