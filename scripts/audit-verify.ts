// `npm run audit:verify`: checks every partnership's audit hash chain with AUDIT_KEY and names the
// first broken entry of each broken chain, then compares the chains with the latest signed
// checkpoint in DATA_DIR (ADR 0015). Exits 0 when all is well, 2 when something does not verify.
import { openDatabase } from '../src/platform/db/database.ts'
import { auditVerifyReport } from '../src/platform/audit/verify.ts'
import { auditKeyFor } from '../src/platform/audit/audit-key.ts'
import { run, scriptConfig } from './cli.ts'

run(async () => {
  const config = scriptConfig()
  const database = await openDatabase({
    url: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: 1,
  })
  try {
    const report = await auditVerifyReport(database.db, {
      key: auditKeyFor(config),
      dataDir: config.dataDir,
    })
    for (const line of report.lines) console.log(line)
    if (!report.ok) process.exitCode = 2
  } finally {
    await database.close()
  }
})
