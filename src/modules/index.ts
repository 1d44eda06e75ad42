// The modules of this application. Adding a module means adding it here (and its tables to
// src/schema.ts); nothing else in the platform names modules.
import type { AppModule } from '../platform/module.ts'
import { createActionsModule } from './actions/module.ts'
import { governanceModule } from './governance/module.ts'

export const appModules: readonly AppModule[] = [
  governanceModule,
  // Every module that raises actions lists how its sources are described here.
  createActionsModule({ sources: [] }),
]
