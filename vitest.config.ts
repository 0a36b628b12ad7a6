import { configDefaults, defineConfig } from 'vitest/config';

// Unit, parity and CLI tests (Node). Browser behaviour lives in e2e/ (Playwright).
export default defineConfig({
  test: {
    exclude: [...configDefaults.exclude, 'e2e/**', 'scratch/**'],
    // Model-backed tests share 2 cores: run files one after another so timings stay honest.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
