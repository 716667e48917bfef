import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// The gateway serves dist/ at its root and the API under /api; `vite` (dev) proxies /api to it.
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 800 },
  server: { port: 5173, proxy: { '/api': 'http://127.0.0.1:4000' } },
  // One worker: the machine has two cores shared with the services' tests.
  test: { include: ['test/**/*.test.ts'], environment: 'node', fileParallelism: false, isolate: false, reporters: ['default', './test/summary-reporter.ts'] },
});
