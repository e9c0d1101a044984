/**
 * Builds the web app from src/web into dist/web, which the server serves at `/` (the staff workbench), and then the
 * residents' portal from src/portal into dist/web/m, served at `/m/` — a separate entry with its own small bundle
 * (plain React, no antd). In `vite` (dev) the portal is served live at /m/ too.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { build, defineConfig, type Plugin } from 'vite';

const webRoot = fileURLToPath(new URL('./src/web', import.meta.url));
const portalRoot = fileURLToPath(new URL('./src/portal', import.meta.url));
const outDir = fileURLToPath(new URL('./dist/web', import.meta.url));

/** Where the portal lives, in the address and below the web build. */
const PORTAL_BASE = '/m/';

/**
 * The portal beside the workbench: after the workbench's build, a second build of src/portal into `<outDir>/m`
 * (so `--outDir` moves both); in dev, /m/ and its client routes answer the portal's shell and /m/<module> its
 * source files.
 */
function portal(): Plugin {
  let command: 'build' | 'serve' = 'serve';
  let webOut = outDir;
  return {
    name: 'minsheng-portal',
    enforce: 'pre',
    configResolved(config) {
      command = config.command;
      webOut = config.build.outDir;
    },
    resolveId(id) {
      if (command !== 'serve' || !id.startsWith(PORTAL_BASE)) return null;
      const file = path.join(portalRoot, id.slice(PORTAL_BASE.length).split('?')[0] ?? '');
      return file.startsWith(portalRoot + path.sep) && fs.existsSync(file) ? file : null;
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const url = (req.url ?? '').split('?')[0] ?? '';
        // The survey links printed on paper (`/survey/<token>`), as the server redirects them.
        const survey = /^\/survey\/([A-Za-z0-9_-]{1,100})\/?$/.exec(url);
        if (req.method === 'GET' && survey !== null) {
          res.statusCode = 302;
          res.setHeader('location', `${PORTAL_BASE}survey/${survey[1] ?? ''}`);
          res.end();
          return;
        }
        const isShell = req.method === 'GET' && (url === '/m' || (url.startsWith(PORTAL_BASE) && path.extname(url) === ''));
        if (!isShell) return next();
        const html = fs.readFileSync(path.join(portalRoot, 'index.html'), 'utf8').replace('src="./main.tsx"', `src="${PORTAL_BASE}main.tsx"`);
        server.transformIndexHtml(`${PORTAL_BASE}index.html`, html).then(
          (page) => {
            res.setHeader('content-type', 'text/html; charset=utf-8');
            res.end(page);
          },
          (error: unknown) => next(error),
        );
      });
    },
    async closeBundle() {
      if (command !== 'build') return;
      await build({
        configFile: false,
        root: portalRoot,
        base: PORTAL_BASE,
        plugins: [react()],
        logLevel: 'warn',
        build: { outDir: path.join(webOut, 'm'), emptyOutDir: true, sourcemap: false },
      });
    },
  };
}

export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react(), portal()],
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
