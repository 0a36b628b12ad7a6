import react from '@vitejs/plugin-react';
import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Cross-origin isolation (COOP + COEP) makes SharedArrayBuffer available, which ONNX Runtime
 * needs for multi-threaded WASM. Without it ORT silently drops to one thread. Production hosts
 * must send the same two headers (see README).
 */
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [react()],
  // No SPA fallback: a missing model file (say an optional chat_template.jinja) must be a 404,
  // not index.html with status 200, or the worker would read the page as the file.
  appType: 'mpa',
  // publicDir stays the default `public/`: the bundled model, demo samples and the ONNX Runtime
  // wasm files (`/ort/`) are served from there as is, so the app runs offline.
  worker: { format: 'es' },
  build: { target: 'esnext' },
  optimizeDeps: {
    // It ships its own wasm loader; pre-bundling it breaks the relative wasm/worker URLs.
    exclude: ['onnxruntime-web'],
    // The dev server scans index.html for dependencies, not the workers (created from `new URL`):
    // a dependency found later — the parse worker's parquet reader on the first drop, the
    // alignment worker's diff in Compare — made Vite re-optimize and reload the page, dropping
    // what was loaded (a fresh `npm run dev` reloaded several times). Every worker is an entry.
    entries: ['index.html', 'src/worker/worker.ts', 'src/worker/parseWorker.ts', 'src/app/analysis/alignWorker.ts'],
    // Imported only on first use (a parquet file, a parquet export), which the scan may not follow.
    include: ['hyparquet', 'hyparquet-compressors', 'hyparquet-writer'],
  },
  server: { headers: isolationHeaders },
  preview: { headers: isolationHeaders },
  // e2e/*.spec.ts are Playwright's (npm run test:e2e), not Vitest's.
  test: { exclude: [...configDefaults.exclude, 'e2e/**'] },
});
