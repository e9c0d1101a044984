/**
 * `npm run audit:verify`: walks the audit log's hash chain and names every place it breaks. Exit code 1 on a break.
 */
import { loadConfig } from '../src/server/config.js';
import { transactorOf } from '../src/server/db/transactor.js';
import { AuditService } from '../src/server/features/audit/audit.service.js';
import { openConfiguredDatabase } from '../src/server/system.js';

const config = loadConfig();
const database = openConfiguredDatabase(config);
try {
  const tables = await database.db.introspection.getTables();
  if (!tables.some((t) => t.name === 'audit_log')) {
    process.stdout.write(`数据库尚未初始化（${database.location}）：请先运行 npm run migrate 或 npm start\n`);
    process.exit(2);
  }
  const report = await new AuditService(transactorOf(database.db), database.dialect).verify();
  if (report.ok) {
    process.stdout.write(`审计日志完整：已校验 ${report.chains} 条哈希链上的 ${report.checked} 条记录（${database.location}）\n`);
  } else {
    process.stdout.write(`审计日志被篡改：已校验 ${report.checked} 条记录，发现 ${report.breaks.length} 处断链\n`);
    for (const b of report.breaks) process.stdout.write(`  ${b.message}\n`);
    process.exitCode = 1;
  }
} finally {
  await database.close();
}
