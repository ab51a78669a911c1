// End-to-end journeys against the release build in dist/, served on loopback,
// in Debian's Chromium (never a downloaded browser).
import { defineConfig } from '@playwright/test';
import { args, executablePath } from './chromium.mjs';

const port = Number(process.env.E2E_PORT || 8090);

export default defineConfig({
  testDir: './tests',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  retries: 0,
  reporter: [['list'], ['./summary-reporter.mjs']],
  use: {
    baseURL: `http://127.0.0.1:${port}/`,
    viewport: { width: 1280, height: 800 },
    launchOptions: { executablePath, args },
  },
  webServer: [
    {
      command: `node serve.mjs ${port} ../dist`,
      url: `http://127.0.0.1:${port}/index.html`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
    // The same build under a sub-path, as a static host serves it.
    {
      command: `node serve.mjs ${port + 1} ../dist /tools/exempt/`,
      url: `http://127.0.0.1:${port + 1}/tools/exempt/index.html`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
  ],
});
