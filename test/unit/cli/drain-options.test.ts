import { describe, expect, it } from "vitest";
import { parseDrainFlags } from "../../../src/cli/drain-options.js";

describe("parseDrainFlags", () => {
  it("validates like plan, every problem at once, in plan's words", () => {
    const parsed = parseDrainFlags({ clusterName: "bad name", output: "yaml", zoneType: "x" });
    expect(parsed.ok ? [] : parsed.error).toEqual([
      expect.stringMatching(/^Expected `--cluster-name` to be .*, got `bad name`$/),
      "Expected `--zone-type` to be one of `public`, `private` or `any`, got `x`",
      "Expected `--output` to be one of `text`, `json` or `markdown`, got `yaml`",
    ]);
  });
  it("keeps the owner, the zone filter, the output and --dry-run", () => {
    const parsed = parseDrainFlags({
      clusterName: "c1",
      domainFilter: ["example.com"],
      output: "json",
      dryRun: true,
    });
    if (!parsed.ok) throw new Error(parsed.error.join("\n"));
    expect(parsed.value.planner.ownerId).toBe("c1");
    expect(parsed.value.planner.zoneFilter.domainFilter).toEqual(["example.com."]);
    expect(parsed.value.output).toBe("json");
    expect(parsed.value.dryRun).toBe(true);
  });
  it("bounds the run with --timeout (default 10m)", () => {
    const parsed = parseDrainFlags({ clusterName: "c1", timeout: "30s" });
    expect(parsed.ok && parsed.value.timeoutMs).toBe(30_000);
    const defaults = parseDrainFlags({ clusterName: "c1" });
    expect(defaults.ok && defaults.value.timeoutMs).toBe(600_000);
  });
});
