import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // graphql 16 ships CJS (main) and ESM (module) side by side. Node, and so every dependency,
    // loads the CJS build; Vite would hand test files the ESM one, and two graphql instances refuse
    // each other's types. Point tests at the same file Node uses.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    // The SDK's notice that Node 20 support ends is for operators, not test output.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    // Integration suites start real servers on loopback; keep them isolated per file.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // CI also writes a machine-readable report that .ci/run sums up.
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: { json: '.artifacts/vitest.json' },
    projects: [
      {
        extends: true,
        test: { name: 'node', include: ['test/**/*.test.ts'], exclude: ['test/browser/**'] },
      },
      {
        // Real Chromium against the real gateway and the built example app. The global setup
        // installs Chromium when it is missing; failures leave screenshots in .artifacts/.
        extends: true,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          globalSetup: ['test/browser/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 90_000,
        },
      },
    ],
  },
});
