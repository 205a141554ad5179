import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Integration tests start real peers; give them room but never assert on time.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
