// The action tracker's rules against a real database: raising (and refusing bad input with
// nothing saved), numbering, who may update what, the overdue job, sign-off with evidence.
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.ts'
import {
  createAgency,
  createPartnership,
  createUser,
  type TestPartnership,
  type TestUser,
} from '../../../test/support/factories.ts'
import type { Actor } from '../../platform/access/policy.ts'
import { FakeClock } from '../../platform/clock.ts'
import { AppError, ValidationError } from '../../platform/errors.ts'
import { loadActor } from '../../platform/identity/actors.ts'
import type { RaiseActionInput } from './schemas.ts'
import * as actions from './service.ts'

const clock = new FakeClock('2026-03-10T10:00:00Z')

describe('action tracker service', () => {
  let app: TestApp
  let north: TestPartnership
  let police: string
  let health: string
  let manager: Actor
  let policeLead: Actor
  let healthLead: Actor
  let policeLeadUser: TestUser
  let groupId: string

  const actorOf = async (user: TestUser): Promise<Actor> => {
    const loaded = await loadActor(app.services.db, user.partnershipId, user.id, {
      kind: 'session',
      sessionId: 'test',
    })
    if (loaded === undefined) throw new Error('no actor')
    return loaded.actor
  }
  const ctx = (actor: Actor) => ({ scope: north.scope, actor })
  const source = () => ({ type: 'test_source', id: randomUUID() })

  beforeAll(async () => {
    app = await buildTestApp({ clock })
    const db = app.services.db
    north = await createPartnership(db)
    police = await createAgency(db, north, { name: 'Northshire Police', type: 'police' })
    health = await createAgency(db, north, { name: 'Northshire ICB', type: 'health_commissioner' })
    manager = await actorOf(await createUser(db, north, { roles: ['business_unit'] }))
    policeLeadUser = await createUser(db, north, {
      roles: ['agency_lead'],
      agencyId: police,
      displayName: 'Zoë Adeyemi',
    })
    policeLead = await actorOf(policeLeadUser)
    healthLead = await actorOf(
      await createUser(db, north, { roles: ['agency_lead'], agencyId: health }),
    )
    const group = await db
      .insertInto('partnership_group')
      .values({ partnership_id: north.id, name: 'Safeguarding Board', kind: 'board' })
      .returning('id')
      .executeTakeFirstOrThrow()
    groupId = group.id
  })
  afterAll(async () => {
    await app.close()
  })

  it('raises an action with the next reference, a raised update and an audit entry', async () => {
    const first = await actions.raiseAction(app.services, ctx(manager), undefined, {
      source: source(),
      title: 'Refresh the escalation policy',
      ownerAgencyId: police,
      ownerUserId: policeLeadUser.id,
      dueDate: '2026-04-30',
      raisedByGroupId: groupId,
    })
    const second = await actions.raiseAction(app.services, ctx(manager), undefined, {
      source: source(),
      title: 'Audit supervision records',
      ownerAgencyId: health,
      dueDate: '2026-05-31',
    })
    expect(Number(second.reference.slice(2))).toBe(Number(first.reference.slice(2)) + 1)
    const detail = await actions.getAction(app.services, ctx(manager), first.id)
    expect(detail.action).toMatchObject({
      status: 'not_started',
      ownerAgencyName: 'Northshire Police',
      ownerUserName: 'Zoë Adeyemi',
      raisedByGroupName: 'Safeguarding Board',
      raisedOn: '2026-03-10',
    })
    expect(detail.updates.map((u) => u.kind)).toEqual(['raised'])
    const audit = await app.services.db
      .selectFrom('audit_event')
      .select(['action', 'record_type'])
      .where('record_id', '=', first.id)
      .execute()
    expect(audit).toEqual([{ action: 'create', record_type: 'action' }])
  })

  it('refuses an action with no owner, a past due date or an owner from another agency, saving nothing', async () => {
    const before = await countActions(app)
    const attempt = (input: Partial<RaiseActionInput>) =>
      actions.raiseAction(app.services, ctx(manager), undefined, {
        source: source(),
        title: 'Something',
        ownerAgencyId: police,
        dueDate: '2026-04-30',
        ...input,
      })
    await expect(attempt({ ownerAgencyId: '' })).rejects.toMatchObject({
      fields: [{ field: 'ownerAgencyId', message: 'Select the agency that owns the action' }],
    })
    await expect(attempt({ ownerAgencyId: randomUUID() })).rejects.toMatchObject({
      fields: [{ field: 'ownerAgencyId', message: 'Select the agency that owns the action' }],
    })
    await expect(attempt({ dueDate: '2026-03-09' })).rejects.toMatchObject({
      fields: [{ field: 'dueDate', message: 'The due date must be today or in the future' }],
    })
    await expect(
      attempt({ ownerAgencyId: health, ownerUserId: policeLeadUser.id }),
    ).rejects.toBeInstanceOf(ValidationError)
    expect(await countActions(app)).toBe(before)
  })

  it('lets an agency lead update their own agency’s actions and no one else’s', async () => {
    const { id } = await actions.raiseAction(app.services, ctx(manager), undefined, {
      source: source(),
      title: 'Train call handlers',
      ownerAgencyId: police,
      dueDate: '2026-06-30',
    })
    await actions.recordProgress(app.services, ctx(policeLead), id, {
      status: 'at_risk',
      note: 'Trainer off sick; rescheduled',
    })
    await expect(
      actions.recordProgress(app.services, ctx(healthLead), id, {
        status: 'on_track',
        note: 'Not mine to update',
      }),
    ).rejects.toMatchObject({ code: 'forbidden' })
    await expect(actions.getAction(app.services, ctx(healthLead), id)).rejects.toMatchObject({
      code: 'forbidden',
    })
    const seenByHealth = await actions.listActions(app.services, ctx(healthLead), { view: 'all' })
    expect(seenByHealth.every((a) => a.ownerAgencyId === health)).toBe(true)
    const detail = await actions.getAction(app.services, ctx(policeLead), id)
    expect(detail.action.status).toBe('at_risk')
    expect(detail.updates.map((u) => u.kind)).toEqual(['progress', 'raised'])
  })

  it('keeps an action from another partnership out of sight', async () => {
    const south = await createPartnership(app.services.db)
    const southAgency = await createAgency(app.services.db, south)
    const southManager = await actorOf(
      await createUser(app.services.db, south, { roles: ['business_unit'] }),
    )
    const { id } = await actions.raiseAction(
      app.services,
      { scope: south.scope, actor: southManager },
      undefined,
      {
        source: source(),
        title: 'Southern action',
        ownerAgencyId: southAgency,
        dueDate: '2026-09-01',
      },
    )
    await expect(actions.getAction(app.services, ctx(manager), id)).rejects.toMatchObject({
      code: 'not_found',
    })
  })

  it('marks past-due actions overdue once however often the job runs, and only a new due date ends it', async () => {
    const { id } = await actions.raiseAction(app.services, ctx(manager), undefined, {
      source: source(),
      title: 'Publish the neglect strategy',
      ownerAgencyId: police,
      dueDate: '2026-03-12',
    })
    clock.set('2026-03-13T09:00:00Z')
    try {
      const [a, b] = await Promise.all([
        actions.markOverdueActions(app.services, north.scope),
        actions.markOverdueActions(app.services, north.scope),
      ])
      expect(a + b).toBeGreaterThanOrEqual(1)
      await actions.markOverdueActions(app.services, north.scope)
      let detail = await actions.getAction(app.services, ctx(manager), id)
      expect(detail.action.status).toBe('overdue')
      expect(detail.updates.filter((u) => u.kind === 'overdue')).toHaveLength(1)

      await expect(
        actions.recordProgress(app.services, ctx(policeLead), id, {
          status: 'on_track',
          note: 'Nearly there',
        }),
      ).rejects.toMatchObject({ fields: [{ field: 'status' }] })

      await actions.changeDueDate(app.services, ctx(manager), id, {
        newDueDate: '2026-04-30',
        reason: 'Consultation extended by the Board',
      })
      detail = await actions.getAction(app.services, ctx(manager), id)
      expect(detail.action).toMatchObject({ status: 'on_track', dueDate: '2026-04-30' })
      await expect(
        actions.changeDueDate(app.services, ctx(policeLead), id, {
          newDueDate: '2026-05-30',
          reason: 'Asking for myself',
        }),
      ).rejects.toMatchObject({ code: 'forbidden' })
    } finally {
      clock.set('2026-03-10T10:00:00Z')
    }
  })

  it('signs off a completed action only with evidence, closing it', async () => {
    const { id } = await actions.raiseAction(app.services, ctx(manager), undefined, {
      source: source(),
      title: 'Add the voice of the child to referral forms',
      ownerAgencyId: police,
      dueDate: '2026-04-30',
      raisedOn: '2026-03-02',
    })
    await actions.recordProgress(app.services, ctx(policeLead), id, {
      status: 'completed',
      note: 'New form live from 1 March',
      updateDate: '2026-03-09',
    })
    await expect(
      actions.signOffAction(app.services, ctx(manager), id, { agreedOn: '2026-03-10', note: null }),
    ).rejects.toMatchObject({ code: 'conflict' })
    await actions.addEvidence(app.services, ctx(policeLead), id, {
      upload: { filename: 'form.pdf', kind: 'pdf', data: Buffer.from('%PDF-1.7 form') },
      description: 'The new referral form',
    })
    await actions.signOffAction(app.services, ctx(manager), id, {
      agreedOn: '2026-03-10',
      note: 'Agreed at the Board',
    })
    const detail = await actions.getAction(app.services, ctx(manager), id)
    expect(detail.action).toMatchObject({
      status: 'closed_with_evidence',
      completedOn: '2026-03-09',
    })
    await expect(
      actions.recordProgress(app.services, ctx(policeLead), id, { status: 'on_track', note: 'x' }),
    ).rejects.toBeInstanceOf(AppError)
  })

  it('puts my overdue and due-soon actions on my home page', async () => {
    const owner = await createUser(app.services.db, north, { roles: ['board_member'] })
    const ownerActor = await actorOf(owner)
    await actions.raiseAction(app.services, ctx(manager), undefined, {
      source: source(),
      title: 'Due this week',
      ownerAgencyId: health,
      ownerUserId: owner.id,
      dueDate: '2026-03-14',
    })
    await actions.raiseAction(app.services, ctx(manager), undefined, {
      source: source(),
      title: 'Was due last week',
      ownerAgencyId: health,
      ownerUserId: owner.id,
      dueDate: '2026-03-03',
      raisedOn: '2026-02-01',
    })
    const items = await actions.attention(app.services, ownerActor)
    expect(items).toEqual([
      expect.objectContaining({ text: '1 of your actions is overdue', severity: 'overdue' }),
      expect.objectContaining({
        text: '1 of your actions is due in the next 7 days',
        severity: 'due',
      }),
    ])
  })
})

async function countActions(app: TestApp): Promise<number> {
  const row = await app.services.db
    .selectFrom('action')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return row.n
}
