import type { StrictVerdict } from "./strict-verdict.js";

/** What the plan renderers (text, markdown, JSON) may show beside the plan itself. */
export interface PlanRenderOptions {
  /**
   * Present under `plan --strict`: the findings that fail the plan. Text and markdown name them only
   * when there are some; JSON always carries a `strict` object then.
   */
  strict?: StrictVerdict;
}
