import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

// End-to-end tests against the release build in dist/ (`trunk build --release` first;
// scripts/test.sh does both). Served by a plain static server on 127.0.0.1, like production.
const PORT = Number(process.env.E2E_PORT ?? 4173);

if (!existsSync('dist/index.html')) {
  throw new Error('dist/index.html is missing: run `trunk build --release` first (or bash scripts/test.sh)');
}

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  // CI retries a failed test once, so one stall of a loaded machine does not block a landing;
  // scripts/test.sh still names every test that needed its retry, with its call log.
  retries: process.env.CI ? 1 : 0,
  // Two browsers at a time: most of a test's time is the page waiting (timers, rendering),
  // so two share the machine's cores well. E2E_WORKERS=1 runs them one by one.
  workers: Number(process.env.E2E_WORKERS ?? 2),
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    browserName: 'chromium',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      // Debian's chromium; Playwright cannot download browsers here. Playwright itself adds
      // --headless, --no-sandbox and a fresh user-data-dir.
      executablePath: '/usr/bin/chromium',
      args: [
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [
    { name: 'desktop', use: { viewport: { width: 1280, height: 800 } } },
    {
      name: 'phone',
      use: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
      // Only where the phone layout matters (tests tagged @phone: the lists, the form and its
      // grid, dialogs, keyboard reach, accessibility audits, nothing wider than the screen);
      // every rule is the same at any width and runs once, on desktop.
      grep: /@phone/,
    },
  ],
  webServer: {
    command: `python3 -m http.server ${PORT} --bind 127.0.0.1 --directory dist`,
    url: `http://127.0.0.1:${PORT}/index.html`,
    reuseExistingServer: !process.env.CI,
    timeout: 30_000,
    stdout: 'ignore',
    stderr: 'ignore',
  },
});
