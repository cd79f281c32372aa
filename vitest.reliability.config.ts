// The reliability suite of issue 11 (kill -9 and SIGTERM at seeded random moments, concurrent
// writers): minutes of runs, so apart from npm test. `npm run test:reliability`.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/reliability/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 300_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
