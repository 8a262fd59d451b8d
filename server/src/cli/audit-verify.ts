// npm run audit:verify: checks the audit hash chain against the database and the checkpoint file.
import { sealAudit, verifyAuditChain } from '../core/audit-chain.ts';
import { openForCli, runCli } from './db-cli.ts';

await runCli(async () => {
  const { db, config } = await openForCli();
  try {
    await sealAudit(db, config.auditCheckpointFile);
    const r = await verifyAuditChain(db, config.auditCheckpointFile);
    console.log(
      `审计日志校验: 已核对 ${r.checked} 环, 未封存 ${r.unsealed} 条, 检查点 ${r.checkpointSeq ?? '无'}`,
    );
    for (const p of r.problems) {
      console.log(`  ✗ ${p.kind}: ${p.message}`);
    }
    console.log(r.ok ? '结果: 完整' : '结果: 发现篡改或删除');
    return r.ok ? 0 : 1;
  } finally {
    await db.close();
  }
});
