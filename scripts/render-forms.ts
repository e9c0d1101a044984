/**
 * `npm run docs:forms`: the official documents of the demo, rendered as they print, for docs/forms/: a fresh demo
 * system (temporary directory, embedded SQLite), signed in as the demo community clerk, asks the API for the
 * 登记备案表 and 结项表 of a closed town-path project, its 满意度测评情况 and one 附件3 sheet of a project being
 * surveyed, as PDF; each page is rendered to PNG at 100 dpi with pdftoppm (poppler-utils) beside the PDF.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/server/config.js';
import { openDatabase } from '../src/server/db/database.js';
import { startSystem } from '../src/server/system.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const OUT = path.join(ROOT, 'docs/forms');
const PASSWORD = 'Forms@Minsheng2026';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msw-forms-'));
const database = openDatabase({ databaseUrl: null, sqlitePath: path.join(dir, 'forms.sqlite') });
const config = loadConfig({ DEMO: 'true', SERVE_WEB: 'false', JOBS_ENABLED: 'false', DATA_DIR: dir, DEMO_PASSWORD: PASSWORD });
const app = await startSystem(config, database, { logger: false, announce: () => undefined });
try {
  const login = await app.inject({ method: 'POST', url: '/api/session', payload: { username: 'community', password: PASSWORD } });
  const cookie = String(login.headers['set-cookie']).split(';')[0] ?? '';
  const list = (await app.inject({ method: 'GET', url: '/api/projects?limit=100', headers: { cookie } })).json<{ items: { id: number; status: string; budgetFen: number | null }[] }>();
  // A closed project of the town path (5万元 and more), so that section 三 holds the departments' opinions.
  const closed = list.items.find((p) => p.status === 'closed' && (p.budgetFen ?? 0) >= 5_000_000) ?? list.items.find((p) => p.status === 'closed');
  const surveying = list.items.find((p) => p.status === 'completed' || p.status === 'surveying');
  if (closed === undefined || surveying === undefined) throw new Error('the demo has no closed or surveying project');

  fs.mkdirSync(OUT, { recursive: true });
  for (const file of fs.readdirSync(OUT)) if (/\.(pdf|png)$/.test(file)) fs.rmSync(path.join(OUT, file));
  const save = (name: string, bytes: Buffer): void => {
    const pdf = path.join(OUT, `${name}.pdf`);
    fs.writeFileSync(pdf, bytes);
    execFileSync('pdftoppm', ['-png', '-r', '100', pdf, path.join(OUT, name)]);
    process.stdout.write(`${path.relative(ROOT, pdf)}\n`);
  };
  for (const [form, name] of [
    ['registrationForm', 'registration-form'],
    ['closureForm', 'closure-form'],
    ['surveySummary', 'survey-summary'],
  ] as const) {
    const res = await app.inject({ method: 'GET', url: `/api/projects/${closed.id}/documents/${form}?format=pdf`, headers: { cookie } });
    if (res.statusCode !== 200) throw new Error(`${form}: ${res.statusCode} ${res.body}`);
    save(name, res.rawPayload);
  }
  const sheets = await app.inject({ method: 'POST', url: `/api/projects/${surveying.id}/survey/sheets`, headers: { cookie }, payload: { count: 1 } });
  if (sheets.statusCode !== 200) throw new Error(`survey sheets: ${sheets.statusCode} ${sheets.body}`);
  save('survey-sheet', sheets.rawPayload);
} finally {
  await app.close();
  await database.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
