import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS } from './e2e/chromiumArgs';

/**
 * End-to-end tests in Debian's Chromium (never a Playwright-downloaded browser: this must run
 * offline). One worker: the model tests are CPU-bound and the machine may have two cores, so
 * parallel files would only slow each other into timeouts.
 *
 * Port 4173 (vite preview's default), not the dev server's 5173: the tests run the production
 * build, with the same COOP/COEP headers the app needs in production. Set E2E_BASE_URL to test a
 * server that is already running instead, or E2E_PORT to run beside another checkout's tests
 * (outside CI an existing server on the port is reused, so two checkouts must not share one).
 */
const external = process.env.E2E_BASE_URL;
const PORT = Number(process.env.E2E_PORT ?? 4173);

export default defineConfig({
  testDir: 'e2e',
  workers: 1,
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
