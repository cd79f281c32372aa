import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Minutes of kill -9 and SIGTERM runs: `npm run test:reliability` (vitest.reliability.config.ts).
    exclude: ["test/reliability/**", "**/node_modules/**"],
    // The end-to-end tests run the built CLI: build it first, so they never run a stale dist/.
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
