import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Integration tests start real peers; give them room but never assert on time.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["test/unit/**/*.test.ts", "test/cli/**/*.test.ts"] },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          // One moto serves the whole run and tests reset it, so integration files run one at a time.
          // One kube-apiserver + etcd (built on the first run, then cached) serves the whole run too.
          globalSetup: ["test/setup/moto-global-setup.ts", "test/setup/kube-global-setup.ts"],
          fileParallelism: false,
        },
      },
    ],
  },
});
