import { configDefaults, defineConfig } from 'vitest/config';

// Unit, parity and CLI tests (Node). Browser behaviour lives in e2e/ (Playwright).
export default defineConfig({
  test: {
    exclude: [...configDefaults.exclude, 'e2e/**', 'scratch/**'],
    // Two files at a time: the model-backed files (parity, CLI) overlap the many small ones, which
    // cut the run from 133 s to 78 s on two cores. No test measures time (npm run bench does), so
    // sharing cores changes no result.
    fileParallelism: true,
    maxWorkers: 2,
    testTimeout: 60_000,
    // Tests that open onnxruntime-node sessions directly: no telemetry, no /tmp/mat-debug-<pid>.log (src/cli/ortTelemetry.ts).
    // One ONNX Runtime thread per session, in this process and in the CLI processes the tests start
    // (they inherit the environment): two files at a time already fill both cores, and a second
    // thread per session only spun waiting (the same scores took twice the CPU time; src/cli/ortThreads.ts).
    env: { ORT_DISABLE_TELEMETRY: '1', RSR_LENS_THREADS: '1' },
    hookTimeout: 120_000,
  },
});
