import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS } from './e2e/chromiumArgs';

/**
 * End-to-end tests in Debian's Chromium (never a Playwright-downloaded browser: this must run
 * offline), in two lanes that run side by side, one file at a time each:
 * - `model`: the files whose time is the student's compute (WebGPU on SwiftShader, the demo data's
 *   parity, a worker run out of memory). Two of them at once would slow each other into their
 *   timeouts on a two-core machine, so they queue.
 * - `app`: everything else, where most of the time is the page's own work and waiting for it; it
 *   fills the cores the model lane leaves idle.
 * No test measures time (the benches do), and the page-responsiveness bounds are ones only a real
 * regression crosses (e2e/reliability.spec.ts), so sharing the machine changes no result.
 *
 * Port 4173 (vite preview's default), not the dev server's 5173: the tests run the production
 * build, with the same COOP/COEP headers the app needs in production. Set E2E_BASE_URL to test a
 * server that is already running instead, or E2E_PORT to run beside another checkout's tests
 * (outside CI an existing server on the port is reused, so two checkouts must not share one).
 */
const external = process.env.E2E_BASE_URL;
const PORT = Number(process.env.E2E_PORT ?? 4173);
const MODEL_LANE = ['gqaWebgpu', 'webgpu', 'layoutsWebgpu', 'parity', 'workerOutOfMemory'].map((f) => `**/${f}.spec.ts`);

export default defineConfig({
  testDir: 'e2e',
  workers: 2,
  projects: [
    { name: 'model', testMatch: MODEL_LANE, workers: 1 },
    { name: 'app', testIgnore: MODEL_LANE, workers: 1 },
  ],
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  // Scoring the demo data with the bundled model on WASM takes a while on two cores.
  timeout: 180_000,
  expect: { timeout: 20_000 },
  reporter: [['list']],
  use: {
    baseURL: external ?? `http://localhost:${PORT}`,
    headless: true,
    viewport: { width: 1440, height: 900 },
    launchOptions: { executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS },
    // Kept on failure only: a trace of a model run is large.
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  webServer: external
    ? undefined
    : {
        command: `npm run build && npx vite preview --port ${PORT} --strictPort`,
        url: `http://localhost:${PORT}`,
        reuseExistingServer: !process.env.CI,
        timeout: 300_000,
        stdout: 'ignore',
        stderr: 'pipe',
      },
});
