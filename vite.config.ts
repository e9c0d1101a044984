/**
 * Builds the web app (staff workbench; later the public portal) from src/web into dist/web, which the server serves at `/`.
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const webRoot = fileURLToPath(new URL('./src/web', import.meta.url));
const outDir = fileURLToPath(new URL('./dist/web', import.meta.url));

export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react()],
  build: {
    outDir,
    emptyOutDir: true,
    sourcemap: false,
    // Pages load on demand (React.lazy per route), so the sign-in page does not pull in tables and date pickers.
    // The shared antd core is still ~550 kB before gzip.
    chunkSizeWarningLimit: 800,
  },
  server: {
    // `npm run dev` serves the API on 3000 (or API_PORT); the Vite dev server forwards /api to it.
    // The web's own modules under src/web/api/ (client.ts …) share the prefix and stay with Vite.
    proxy: { '^/api/(?![\\w.-]+\\.tsx?(\\?|$))': `http://127.0.0.1:${process.env.API_PORT ?? '3000'}` },
  },
});
