// `npm run audit:verify`: checks every partnership's audit hash chain and names the first broken
// entry of each broken chain. Exits 0 when every chain verifies, 2 when one does not.
import { openDatabase } from '../src/platform/db/database.ts'
import { auditVerifyReport } from '../src/platform/audit/verify.ts'
import { run, scriptConfig } from './cli.ts'

run(async () => {
  const config = scriptConfig()
  const database = await openDatabase({
    url: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: 1,
  })
  try {
    const report = await auditVerifyReport(database.db)
    for (const line of report.lines) console.log(line)
    if (!report.ok) process.exitCode = 2
  } finally {
    await database.close()
  }
})
