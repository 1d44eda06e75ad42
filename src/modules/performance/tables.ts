// Row types of the performance tables, as Kysely sees them.
import type { ColumnType, Generated } from 'kysely'
import type { Timestamp, WithDefault } from '../../platform/db/tables.ts'
import type { Frequency } from './rules/periods.ts'
import type { Polarity } from './rules/rag.ts'
import type { Unit } from './rules/rates.ts'

export const measures = ['snapshot', 'period_total'] as const
export type Measure = (typeof measures)[number]
export const valueStatuses = ['provisional', 'final'] as const
export type ValueStatus = (typeof valueStatuses)[number]
export const confidenceRatings = ['high', 'medium', 'low'] as const
export type Confidence = (typeof confidenceRatings)[number]
export const comparatorKinds = ['england', 'region', 'neighbour'] as const
export type ComparatorKind = (typeof comparatorKinds)[number]

export interface PerfAreaTable {
  partnership_id: string
  id: Generated<string>
  name: string
  kind: 'partnership' | 'district'
  sort_order: WithDefault<number>
}

export interface PerfPopulationTable {
  partnership_id: string
  area_id: string
  year: number
  population: number
}

export interface PerfIndicatorTable {
  partnership_id: string
  id: Generated<string>
  code: string
  version: WithDefault<number>
  title: string
  definition: string
  numerator_definition: string | null
  denominator_definition: string | null
  unit: Unit
  polarity: Polarity
  frequency: Frequency
  measure: Measure
  owner_agency_id: string
  source: string | null
  priority: string | null
  sub_group: string | null
  target: number | null
  tolerance: number | null
  by_area: WithDefault<boolean>
  days_to_submit: WithDefault<number>
  active: WithDefault<boolean>
  created_at: Timestamp
  updated_at: Timestamp
}

export interface PerfIndicatorVersionTable {
  partnership_id: string
  indicator_id: string
  version: number
  effective_from: string
  title: string
  definition: string
  numerator_definition: string | null
  denominator_definition: string | null
  unit: Unit
  reason: string | null
  created_at: Timestamp
  created_by_user_id: string | null
}

export interface PerfValueTable {
  partnership_id: string
  id: Generated<string>
  indicator_id: string
  area_id: string
  period_start: string
  numerator: number | null
  denominator: number | null
  value: number | null
  status: ValueStatus
  confidence: Confidence
  note: string | null
  revision: WithDefault<number>
  first_submitted_at: Timestamp
  submitted_at: Timestamp
  submitted_by_user_id: string | null
  submitted_by_label: string | null
}

export interface PerfValueRevisionTable {
  partnership_id: string
  id: Generated<string>
  value_id: string
  revision: number
  numerator: number | null
  denominator: number | null
  value: number | null
  status: ValueStatus
  confidence: Confidence
  note: string | null
  submitted_at: Timestamp
  submitted_by_user_id: string | null
  submitted_by_label: string | null
  replaced_at: Timestamp
  replaced_by_user_id: string | null
}

export interface PerfComparatorTable {
  partnership_id: string
  indicator_id: string
  year: number
  kind: ComparatorKind
  name: string
  value: number
}

export interface PerfCommentaryTable {
  partnership_id: string
  indicator_id: string
  period_start: string
  what_it_tells_us: string
  what_we_are_doing: string | null
  written_at: Timestamp
  written_by_user_id: string | null
}

export interface PerfUploadTable {
  partnership_id: string
  id: Generated<string>
  agency_id: string | null
  filename: string
  /** The checked rows (CleanRow[]), written as JSON text. */
  rows: ColumnType<unknown, string, string>
  status: 'pending' | 'confirmed' | 'discarded'
  uploaded_at: Timestamp
  uploaded_by_user_id: string
  confirmed_at: Timestamp | null
}

/** A challenge raised in governance's challenge log from an indicator. */
export interface PerfIndicatorChallengeTable {
  partnership_id: string
  indicator_id: string
  challenge_id: string
  raised_at: Timestamp
  raised_by_user_id: string | null
}

export interface PerfReminderTable {
  partnership_id: string
  agency_id: string
  due_date: string
  kind: 'due_soon' | 'overdue'
  sent_at: Timestamp
}

export interface PerformanceTables {
  perf_area: PerfAreaTable
  perf_population: PerfPopulationTable
  perf_indicator: PerfIndicatorTable
  perf_indicator_version: PerfIndicatorVersionTable
  perf_value: PerfValueTable
  perf_value_revision: PerfValueRevisionTable
  perf_comparator: PerfComparatorTable
  perf_commentary: PerfCommentaryTable
  perf_upload: PerfUploadTable
  perf_indicator_challenge: PerfIndicatorChallengeTable
  perf_reminder: PerfReminderTable
}
