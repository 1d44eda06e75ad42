// Governance's register pages: agencies, people, groups (structure chart, members, terms of
// reference, standing items, sharing). Thin: declare access, parse input, call the service, render.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { requestContext } from '../../platform/http/access-control.ts'
import { formErrors, parseForm, submittedValues } from '../../platform/http/forms.ts'
import { MAX_UPLOAD_BYTES, multipartForm } from '../../platform/http/uploads.ts'
import { ValidationError, type FieldError } from '../../platform/errors.ts'
import {
  checkUpload,
  describeKinds,
  documentKinds,
  sendStoredFile,
} from '../../platform/files/file-store.ts'
import { withDateParts } from '../../platform/validation.ts'
import type { Services } from '../../platform/services.ts'
import { dateParts, formRoute } from '../../platform/http/form-route.ts'
import { governancePaths } from './paths.ts'
import { GOVERNANCE_PERMISSIONS as P } from './permissions.ts'
import {
  agenciesByType,
  agencyTypeLabels,
  groupKindLabels,
  options,
  reviewState,
  roleLabels,
  structureChart,
} from './presenter.ts'
import {
  agencyFormSchema,
  groupFormSchema,
  membershipFormSchema,
  personFormSchema,
  shareFormSchema,
  standingItemFormSchema,
  termsOfReferenceFormSchema,
} from './schemas.ts'
import * as service from './service.ts'

const read = { permission: P.read }

export function registerRoutes(app: FastifyInstance, services: Services): void {
  app.get(governancePaths.home.pattern, { config: { access: read } }, async (request, reply) => {
    const { scope } = requestContext(request)
    const groups = await service.listGroups(services, scope)
    return reply.render('governance/views/home.njk', {
      pageTitle: 'Governance',
      chart: structureChart(groups),
    })
  })

  // Agencies.
  app.get(
    governancePaths.agencies.pattern,
    { config: { access: read } },
    async (request, reply) => {
      const { scope } = requestContext(request)
      return reply.render('governance/views/agencies.njk', {
        pageTitle: 'Agencies',
        byType: agenciesByType(await service.listAgencies(services, scope)),
      })
    },
  )

  const agencyForm = (values: Record<string, unknown>) => ({
    types: options(agencyTypeLabels, values.type),
  })

  formRoute(app, {
    pattern: governancePaths.newAgency.pattern,
    permission: P.manageAgencies,
    template: 'governance/views/agency-form.njk',
    load: async (request) => ({
      pageTitle: 'Add an agency',
      ...agencyForm(submittedValues(request.body)),
      action: governancePaths.newAgency(),
      backLink: { href: governancePaths.agencies() },
    }),
    schema: agencyFormSchema,
    save: async (request, value) =>
      governancePaths.agency({
        agencyId: await service.createAgency(services, requestContext(request), value),
      }),
  })

  app.get<{ Params: { agencyId: string } }>(
    governancePaths.agency.pattern,
    { config: { access: read } },
    async (request, reply) => {
      const { scope } = requestContext(request)
      const detail = await service.getAgency(services, scope, request.params.agencyId)
      return reply.render('governance/views/agency.njk', {
        pageTitle: detail.agency.name,
        ...detail,
        typeLabel: agencyTypeLabels[detail.agency.type],
        backLink: { href: governancePaths.agencies(), text: 'Agencies' },
      })
    },
  )

  formRoute(app, {
    pattern: governancePaths.editAgency.pattern,
    permission: P.manageAgencies,
    template: 'governance/views/agency-form.njk',
    load: async (request) => {
      const { scope } = requestContext(request)
      const agencyId = request.params.agencyId ?? ''
      const { agency } = await service.getAgency(services, scope, agencyId)
      const values = { name: agency.name, shortName: agency.shortName, type: agency.type }
      const shown = request.method === 'POST' ? submittedValues(request.body) : values
      return {
        pageTitle: `Change ${agency.name}`,
        values,
        ...agencyForm(shown),
        action: governancePaths.editAgency({ agencyId }),
        backLink: { href: governancePaths.agency({ agencyId }) },
      }
    },
    schema: agencyFormSchema,
    save: async (request, value) => {
      const agencyId = request.params.agencyId ?? ''
      await service.updateAgency(services, requestContext(request), agencyId, value)
      return governancePaths.agency({ agencyId })
    },
  })

  // People.
  app.get(governancePaths.people.pattern, { config: { access: read } }, async (request, reply) => {
    const { scope } = requestContext(request)
    return reply.render('governance/views/people.njk', {
      pageTitle: 'People',
      people: await service.listPeople(services, scope),
    })
  })

  const personFormData = async (scope: Parameters<typeof service.listAgencies>[1]) => ({
    agencies: await service.listAgencies(services, scope),
  })

  formRoute(app, {
    pattern: governancePaths.newPerson.pattern,
    permission: P.manage,
    template: 'governance/views/person-form.njk',
    load: async (request) => ({
      pageTitle: 'Add a person',
      ...(await personFormData(requestContext(request).scope)),
      action: governancePaths.newPerson(),
      backLink: { href: governancePaths.people() },
    }),
    schema: personFormSchema,
    save: async (request, value) =>
      governancePaths.person({
        personId: await service.createPerson(services, requestContext(request), value),
      }),
  })

  app.get<{ Params: { personId: string } }>(
    governancePaths.person.pattern,
    { config: { access: read } },
    async (request, reply) => {
      const { scope } = requestContext(request)
      const detail = await service.getPerson(services, scope, request.params.personId)
      return reply.render('governance/views/person.njk', {
        pageTitle: detail.person.fullName,
        ...detail,
        memberships: detail.memberships.map((m) => ({
          ...m,
          roleLabel: roleLabels[m.role],
          href: governancePaths.group({ groupId: m.groupId }),
        })),
        backLink: { href: governancePaths.people(), text: 'People' },
      })
    },
  )

  formRoute(app, {
    pattern: governancePaths.editPerson.pattern,
    permission: P.manage,
    template: 'governance/views/person-form.njk',
    load: async (request) => {
      const { scope } = requestContext(request)
      const personId = request.params.personId ?? ''
      const { person } = await service.getPerson(services, scope, personId)
      return {
        pageTitle: `Change ${person.fullName}`,
        values: {
          fullName: person.fullName,
          email: person.email,
          jobTitle: person.jobTitle,
          phone: person.phone,
          agencyId: person.agencyId,
          isNamedContact: person.isNamedContact ? 'yes' : undefined,
        },
        ...(await personFormData(scope)),
        action: governancePaths.editPerson({ personId }),
        backLink: { href: governancePaths.person({ personId }) },
      }
    },
    schema: personFormSchema,
    save: async (request, value) => {
      const personId = request.params.personId ?? ''
      await service.updatePerson(services, requestContext(request), personId, value)
      return governancePaths.person({ personId })
    },
  })

  // Groups.
  app.get(governancePaths.groups.pattern, { config: { access: read } }, async (request, reply) => {
    const { scope } = requestContext(request)
    const groups = await service.listGroups(services, scope)
    const today = service.today(services)
    return reply.render('governance/views/groups.njk', {
      pageTitle: 'Groups',
      chart: structureChart(groups),
      groups: groups.map((g) => ({
        ...g,
        kindLabel: groupKindLabels[g.kind],
        review: reviewState(g.termsOfReferenceReviewDate, today),
      })),
    })
  })

  const groupFormData = async (
    scope: Parameters<typeof service.listGroups>[1],
    values: Record<string, unknown>,
    exceptId: string | null,
  ) => ({
    kinds: options(groupKindLabels, values.kind),
    parents: (await service.listGroups(services, scope)).filter((g) => g.id !== exceptId),
  })

  formRoute(app, {
    pattern: governancePaths.newGroup.pattern,
    permission: P.manage,
    template: 'governance/views/group-form.njk',
    load: async (request) => ({
      pageTitle: 'Add a group',
      ...(await groupFormData(requestContext(request).scope, submittedValues(request.body), null)),
      action: governancePaths.newGroup(),
      backLink: { href: governancePaths.groups() },
    }),
    schema: groupFormSchema,
    save: async (request, value) =>
      governancePaths.group({
        groupId: await service.createGroup(services, requestContext(request), value),
      }),
  })

  app.get<{ Params: { groupId: string } }>(
    governancePaths.group.pattern,
    { config: { access: read } },
    async (request, reply) => {
      const { scope } = requestContext(request)
      const detail = await service.getGroup(services, scope, request.params.groupId)
      return reply.render('governance/views/group.njk', {
        pageTitle: detail.group.name,
        ...detail,
        kindLabel: groupKindLabels[detail.group.kind],
        review: reviewState(detail.group.termsOfReferenceReviewDate, detail.today),
        members: detail.members.map((m) => ({ ...m, roleLabel: roleLabels[m.role] })),
        backLink: { href: governancePaths.groups(), text: 'Groups' },
      })
    },
  )

  formRoute(app, {
    pattern: governancePaths.editGroup.pattern,
    permission: P.manage,
    template: 'governance/views/group-form.njk',
    load: async (request) => {
      const { scope } = requestContext(request)
      const groupId = request.params.groupId ?? ''
      const { group } = await service.getGroup(services, scope, groupId)
      const values = {
        name: group.name,
        shortName: group.shortName,
        kind: group.kind,
        parentGroupId: group.parentGroupId,
        purpose: group.purpose,
        quorumMinimum: group.quorumMinimum === null ? '' : String(group.quorumMinimum),
        quorumNeedsChair: group.quorumNeedsChair ? 'yes' : undefined,
        quorumNeedsStatutoryPartners: group.quorumNeedsStatutoryPartners ? 'yes' : undefined,
      }
      const shown = request.method === 'POST' ? submittedValues(request.body) : values
      return {
        pageTitle: `Change ${group.name}`,
        values,
        ...(await groupFormData(scope, shown, groupId)),
        action: governancePaths.editGroup({ groupId }),
        backLink: { href: governancePaths.group({ groupId }) },
      }
    },
    schema: groupFormSchema,
    save: async (request, value) => {
      const groupId = request.params.groupId ?? ''
      await service.updateGroup(services, requestContext(request), groupId, value)
      return governancePaths.group({ groupId })
    },
  })

  formRoute(app, {
    pattern: governancePaths.newMember.pattern,
    permission: P.manage,
    template: 'governance/views/member-form.njk',
    load: async (request) => {
      const { scope } = requestContext(request)
      const groupId = request.params.groupId ?? ''
      const { group } = await service.getGroup(services, scope, groupId)
      const values = request.method === 'POST' ? submittedValues(request.body) : {}
      return {
        pageTitle: `Add a member to ${group.name}`,
        group,
        values: dateParts('startedOn', service.today(services)),
        people: await service.listPeople(services, scope),
        agencies: await service.listAgencies(services, scope),
        roles: options(roleLabels, values.role),
        action: governancePaths.newMember({ groupId }),
        backLink: { href: governancePaths.group({ groupId }) },
      }
    },
    schema: membershipFormSchema,
    dateFields: ['startedOn'],
    save: async (request, value) => {
      const groupId = request.params.groupId ?? ''
      await service.addMember(services, requestContext(request), groupId, value)
      return governancePaths.group({ groupId })
    },
  })

  app.post<{ Params: { groupId: string; membershipId: string } }>(
    governancePaths.endMembership.pattern,
    { config: { access: { permission: P.manage } } },
    async (request, reply) => {
      const { groupId, membershipId } = request.params
      await service.endMembership(services, requestContext(request), groupId, membershipId)
      return reply.redirect(governancePaths.group({ groupId }), 303)
    },
  )

  formRoute(app, {
    pattern: governancePaths.standingItems.pattern,
    permission: P.manage,
    template: 'governance/views/standing-item-form.njk',
    load: async (request) => {
      const groupId = request.params.groupId ?? ''
      const { group, standing } = await service.getGroup(
        services,
        requestContext(request).scope,
        groupId,
      )
      return {
        pageTitle: `Add a standing item to ${group.name}`,
        group,
        standing,
        action: governancePaths.standingItems({ groupId }),
        backLink: { href: governancePaths.group({ groupId }) },
      }
    },
    schema: standingItemFormSchema,
    save: async (request, value) => {
      const groupId = request.params.groupId ?? ''
      await service.addStandingItem(services, requestContext(request), groupId, value)
      return governancePaths.group({ groupId })
    },
  })

  formRoute(app, {
    pattern: governancePaths.shares.pattern,
    permission: P.manage,
    template: 'governance/views/share-form.njk',
    load: async (request) => {
      const groupId = request.params.groupId ?? ''
      const { scope } = requestContext(request)
      const { group, shares } = await service.getGroup(services, scope, groupId)
      return {
        pageTitle: `Share ${group.name} with another partnership`,
        group,
        shares,
        partnerships: await service.sharablePartnerships(services, scope),
        action: governancePaths.shares({ groupId }),
        backLink: { href: governancePaths.group({ groupId }) },
      }
    },
    schema: shareFormSchema,
    save: async (request, value) => {
      const groupId = request.params.groupId ?? ''
      await service.shareGroup(
        services,
        requestContext(request),
        groupId,
        value.sharedWithPartnershipId,
      )
      return governancePaths.group({ groupId })
    },
  })

  // Terms of reference: a document from the file store and a review date.
  const torPage = async (
    request: FastifyRequest,
    groupId: string,
    values: Record<string, unknown>,
    errors: readonly FieldError[],
  ) => {
    const { group } = await service.getGroup(services, requestContext(request).scope, groupId)
    return {
      pageTitle: `Terms of reference: ${group.name}`,
      group,
      values,
      errors: formErrors(errors),
      allowedFiles: describeKinds(documentKinds),
      backLink: { href: governancePaths.group({ groupId }) },
    }
  }

  app.get<{ Params: { groupId: string } }>(
    governancePaths.termsOfReference.pattern,
    { config: { access: { permission: P.manage } } },
    async (request, reply) => {
      const { groupId } = request.params
      const { group } = await service.getGroup(services, requestContext(request).scope, groupId)
      return reply.render(
        'governance/views/terms-of-reference.njk',
        await torPage(
          request,
          groupId,
          dateParts('reviewDate', group.termsOfReferenceReviewDate),
          [],
        ),
      )
    },
  )

  app.post<{ Params: { groupId: string } }>(
    governancePaths.termsOfReference.pattern,
    { config: { access: { permission: P.manage }, uploads: { fileBytes: MAX_UPLOAD_BYTES } } },
    async (request, reply) => {
      const { groupId } = request.params
      const form = multipartForm(request.body)
      const parsed = parseForm(
        termsOfReferenceFormSchema,
        withDateParts(form.fields, ['reviewDate']),
      )
      const errors: FieldError[] = parsed.ok ? [] : [...parsed.errors]
      const check = checkUpload(form.files.document?.[0], documentKinds)
      if (!check.ok) errors.push({ field: 'document', message: check.message })
      if (!parsed.ok || !check.ok)
        return reply
          .code(400)
          .render(
            'governance/views/terms-of-reference.njk',
            await torPage(request, groupId, submittedValues(form.fields), errors),
          )
      try {
        await service.setTermsOfReference(services, requestContext(request), groupId, {
          upload: check.upload,
          reviewDate: parsed.value.reviewDate,
        })
      } catch (error) {
        if (error instanceof ValidationError)
          return reply
            .code(400)
            .render(
              'governance/views/terms-of-reference.njk',
              await torPage(request, groupId, submittedValues(form.fields), error.fields),
            )
        throw error
      }
      return reply.redirect(governancePaths.group({ groupId }), 303)
    },
  )

  app.get<{ Params: { groupId: string } }>(
    governancePaths.termsOfReferenceFile.pattern,
    { config: { access: read } },
    async (request, reply) => {
      const file = await service.termsOfReferenceFile(
        services,
        requestContext(request),
        request.params.groupId,
      )
      return sendStoredFile(reply, file)
    },
  )
}
