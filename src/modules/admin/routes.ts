// Administration pages. Thin: declare access, parse input, call the service, render.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { roleDescriptions } from '../../platform/access/role-text.ts'
import { isRole, roleLabels, roles } from '../../platform/access/roles.ts'
import { ValidationError, type FieldError } from '../../platform/errors.ts'
import { requestContext, type RequestContext } from '../../platform/http/access-control.ts'
import { formErrors, parseForm, submittedValues } from '../../platform/http/forms.ts'
import type { Services } from '../../platform/services.ts'
import { platformPaths } from '../../platform/paths.ts'
import { adminPaths } from './paths.ts'
import { presentRoles, presentUser } from './presenter.ts'
import {
  apiTokenFormSchema,
  ownApiTokenFormSchema,
  inviteFormSchema,
  rolesFormSchema,
  serviceAccountFormSchema,
} from './schemas.ts'
import { auditRoutes } from './audit-routes.ts'
import * as service from './service.ts'
import { ADMIN_PERMISSIONS } from './service.ts'

const users = { permission: ADMIN_PERMISSIONS.users }

type UserParams = { userId: string }

const roleItems = (services: Services, checked: readonly string[]) => {
  const described = roleDescriptions(services.extensions)
  return roles.map((r) => ({
    value: r,
    text: roleLabels[r],
    hint: { text: described[r] },
    checked: checked.includes(r),
  }))
}

function asList(value: unknown): string[] {
  if (value === undefined || value === '') return []
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string')
}

export function adminRoutes(app: FastifyInstance, services: Services): void {
  const agencyItems = async (ctx: RequestContext, selected: unknown) => [
    { value: '', text: 'No agency' },
    ...(await service.agencies(services, ctx)).map((a) => ({
      value: a.id,
      text: a.name,
      selected: a.id === selected,
    })),
  ]

  app.get(adminPaths.home.pattern, { config: { access: users } }, async (request, reply) => {
    const ctx = requestContext(request)
    return reply.render('admin/views/home.njk', {
      pageTitle: 'Administration',
      canAudit: services.policy.can(ctx.actor, ADMIN_PERMISSIONS.audit),
    })
  })

  // --- Users --------------------------------------------------------------------------------

  app.get(adminPaths.users.pattern, { config: { access: users } }, async (request, reply) => {
    const ctx = requestContext(request)
    const rows = await service.listUsers(services, ctx)
    return reply.render('admin/views/users.njk', {
      pageTitle: 'Accounts',
      users: rows.map(presentUser),
      backLink: { href: adminPaths.home(), text: 'Administration' },
    })
  })

  const invitePage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, unknown>,
    errors: readonly FieldError[] = [],
  ) =>
    reply.code(errors.length > 0 ? 400 : 200).render('admin/views/invite.njk', {
      pageTitle: 'Invite someone',
      values,
      errors: formErrors(errors, request.body),
      agencies: await agencyItems(requestContext(request), values.agencyId),
      roleItems: roleItems(services, asList(values.roles)),
      backLink: { href: adminPaths.users(), text: 'Accounts' },
    })

  app.get(adminPaths.invite.pattern, { config: { access: users } }, async (request, reply) =>
    invitePage(request, reply, {}),
  )

  app.post(adminPaths.invite.pattern, { config: { access: users } }, async (request, reply) => {
    const ctx = requestContext(request)
    const values = submittedValues(request.body)
    const parsed = parseForm(inviteFormSchema, request.body)
    if (!parsed.ok) return invitePage(request, reply, values, parsed.errors)
    try {
      const userId = await service.invite(services, ctx, parsed.value)
      return await reply.redirect(adminPaths.user({ userId }, { done: 'invited' }), 303)
    } catch (error) {
      if (error instanceof ValidationError) return invitePage(request, reply, values, error.fields)
      throw error
    }
  })

  const serviceAccountPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, unknown>,
    errors: readonly FieldError[] = [],
  ) =>
    reply.code(errors.length > 0 ? 400 : 200).render('admin/views/service-account.njk', {
      pageTitle: 'Add a service account',
      values,
      errors: formErrors(errors, request.body),
      agencies: await agencyItems(requestContext(request), values.agencyId),
      roleItems: roleItems(services, asList(values.roles)),
      backLink: { href: adminPaths.apiTokens(), text: 'API tokens' },
    })

  app.get(
    adminPaths.newServiceAccount.pattern,
    { config: { access: users } },
    async (request, reply) => serviceAccountPage(request, reply, {}),
  )

  app.post(
    adminPaths.newServiceAccount.pattern,
    { config: { access: users } },
    async (request, reply) => {
      const ctx = requestContext(request)
      const values = submittedValues(request.body)
      const parsed = parseForm(serviceAccountFormSchema, request.body)
      if (!parsed.ok) return serviceAccountPage(request, reply, values, parsed.errors)
      try {
        const userId = await service.createServiceAccount(services, ctx, parsed.value)
        return await reply.redirect(adminPaths.newApiToken(undefined, { userId }), 303)
      } catch (error) {
        if (error instanceof ValidationError)
          return serviceAccountPage(request, reply, values, error.fields)
        throw error
      }
    },
  )

  app.get<{ Params: UserParams }>(
    adminPaths.user.pattern,
    { config: { access: users } },
    async (request, reply) => {
      const ctx = requestContext(request)
      const detail = await service.getUser(services, ctx, request.params.userId)
      const query = request.query as Record<string, unknown>
      const done: Record<string, string> = {
        invited: 'Invitation sent.',
        resent: 'Invitation sent again.',
        roles: 'Roles saved. Their sessions have ended: they will sign in again.',
        proposed:
          'A case-level role needs a second administrator: the change waits on the role proposals page until another administrator approves it.',
        deactivated: 'Account deactivated. Their sessions have ended.',
        reactivated: 'Account reactivated.',
        revoked: 'Invitation withdrawn.',
      }
      return reply.render('admin/views/user.njk', {
        pageTitle: detail.user.displayName,
        user: presentUser(detail.user),
        sessions: detail.sessions,
        tokens: detail.tokens,
        isSelf: detail.user.id === ctx.actor.userId,
        notice: typeof query.done === 'string' ? done[query.done] : undefined,
        backLink: { href: adminPaths.users(), text: 'Accounts' },
      })
    },
  )

  const rolesPage = async (
    request: FastifyRequest<{ Params: UserParams }>,
    reply: FastifyReply,
    values: Record<string, unknown> | undefined,
    errors: readonly FieldError[] = [],
  ) => {
    const ctx = requestContext(request)
    const { user } = await service.getUser(services, ctx, request.params.userId)
    const shown = values ?? { agencyId: user.agencyId ?? '', roles: user.roles }
    return reply.code(errors.length > 0 ? 400 : 200).render('admin/views/roles.njk', {
      pageTitle: `Roles and agency: ${user.displayName}`,
      user,
      values: shown,
      errors: formErrors(errors, request.body),
      agencies: await agencyItems(ctx, shown.agencyId),
      roleItems: roleItems(services, asList(shown.roles)),
      backLink: { href: adminPaths.user({ userId: user.id }), text: user.displayName },
    })
  }

  app.get<{ Params: UserParams }>(
    adminPaths.userRoles.pattern,
    { config: { access: users } },
    async (request, reply) => rolesPage(request, reply, undefined),
  )

  app.post<{ Params: UserParams }>(
    adminPaths.userRoles.pattern,
    { config: { access: users } },
    async (request, reply) => {
      const ctx = requestContext(request)
      const values = submittedValues(request.body)
      const parsed = parseForm(rolesFormSchema, request.body)
      if (!parsed.ok) return rolesPage(request, reply, values, parsed.errors)
      let outcome: 'changed' | 'proposed'
      try {
        outcome = await service.changeRoles(services, ctx, request.params.userId, parsed.value)
      } catch (error) {
        if (error instanceof ValidationError) return rolesPage(request, reply, values, error.fields)
        throw error
      }
      return reply.redirect(
        adminPaths.user(
          { userId: request.params.userId },
          { done: outcome === 'proposed' ? 'proposed' : 'roles' },
        ),
        303,
      )
    },
  )

  const userAction = (
    pattern: string,
    run: (ctx: RequestContext, userId: string) => Promise<void>,
    done: string,
  ) =>
    app.post<{ Params: UserParams }>(
      pattern,
      { config: { access: users } },
      async (request, reply) => {
        await run(requestContext(request), request.params.userId)
        return reply.redirect(adminPaths.user({ userId: request.params.userId }, { done }), 303)
      },
    )
  userAction(
    adminPaths.deactivate.pattern,
    (ctx, id) => service.setActive(services, ctx, id, false),
    'deactivated',
  )
  userAction(
    adminPaths.reactivate.pattern,
    (ctx, id) => service.setActive(services, ctx, id, true),
    'reactivated',
  )
  userAction(
    adminPaths.resendInvitation.pattern,
    (ctx, id) => service.resendInvitation(services, ctx, id),
    'resent',
  )
  userAction(
    adminPaths.revokeInvitation.pattern,
    (ctx, id) => service.revokeInvitation(services, ctx, id),
    'revoked',
  )

  app.get(adminPaths.invitations.pattern, { config: { access: users } }, async (request, reply) => {
    const ctx = requestContext(request)
    const now = services.clock.now()
    const invitations = (await service.listInvitations(services, ctx)).map((i) => ({
      ...i,
      expired: i.expiresAt.getTime() <= now.getTime(),
    }))
    return reply.render('admin/views/invitations.njk', {
      pageTitle: 'Invitations waiting to be accepted',
      invitations,
      backLink: { href: adminPaths.home(), text: 'Administration' },
    })
  })

  // --- Roles --------------------------------------------------------------------------------

  app.get(adminPaths.roles.pattern, { config: { access: users } }, async (request, reply) => {
    const ctx = requestContext(request)
    const holders = await service.roleHolders(services, ctx)
    return reply.render('admin/views/role-list.njk', {
      pageTitle: 'Roles and what they allow',
      roles: presentRoles(
        services.policy.permissions(),
        holders,
        roleDescriptions(services.extensions),
      ),
      backLink: { href: adminPaths.home(), text: 'Administration' },
    })
  })

  // --- Role proposals: a case-level role needs a second administrator (ADR 0016) ------------

  app.get(
    adminPaths.roleProposals.pattern,
    { config: { access: users } },
    async (request, reply) => {
      const ctx = requestContext(request)
      const proposals = await service.listProposals(services, ctx)
      const query = request.query as Record<string, unknown>
      return reply.render('admin/views/role-proposals.njk', {
        pageTitle: 'Role changes waiting for a second administrator',
        proposals: proposals.map((p) => ({
          ...p,
          roleNames: p.roles.map((r) => (isRole(r) ? roleLabels[r] : r)),
          mayApprove: p.proposedBy !== ctx.actor.userId && p.userId !== ctx.actor.userId,
        })),
        notice:
          query.done === 'approved'
            ? 'Approved: the roles are given and their sessions have ended.'
            : query.done === 'rejected'
              ? 'Proposal turned down.'
              : undefined,
        backLink: { href: adminPaths.home(), text: 'Administration' },
      })
    },
  )

  app.post<{ Params: { proposalId: string } }>(
    adminPaths.approveProposal.pattern,
    { config: { access: users } },
    async (request, reply) => {
      await service.approveProposal(services, requestContext(request), request.params.proposalId)
      return reply.redirect(adminPaths.roleProposals(undefined, { done: 'approved' }), 303)
    },
  )

  app.post<{ Params: { proposalId: string } }>(
    adminPaths.rejectProposal.pattern,
    { config: { access: users } },
    async (request, reply) => {
      await service.rejectProposal(services, requestContext(request), request.params.proposalId)
      return reply.redirect(adminPaths.roleProposals(undefined, { done: 'rejected' }), 303)
    },
  )

  // --- Sessions -----------------------------------------------------------------------------

  app.get(adminPaths.sessions.pattern, { config: { access: users } }, async (request, reply) => {
    const ctx = requestContext(request)
    const sessions = await service.listSessions(services, ctx)
    return reply.render('admin/views/sessions.njk', {
      pageTitle: 'Active sessions',
      sessions,
      currentSessionId: ctx.actor.via.kind === 'session' ? ctx.actor.via.sessionId : undefined,
      backLink: { href: adminPaths.home(), text: 'Administration' },
    })
  })

  app.post<{ Params: { sessionId: string } }>(
    adminPaths.revokeSession.pattern,
    { config: { access: users } },
    async (request, reply) => {
      await service.revokeSession(services, requestContext(request), request.params.sessionId)
      return reply.redirect(adminPaths.sessions(), 303)
    },
  )

  // --- API tokens ---------------------------------------------------------------------------

  app.get(adminPaths.apiTokens.pattern, { config: { access: users } }, async (request, reply) => {
    const ctx = requestContext(request)
    return reply.render('admin/views/api-tokens.njk', {
      pageTitle: 'API tokens',
      tokens: await service.listApiTokens(services, ctx),
      backLink: { href: adminPaths.home(), text: 'Administration' },
    })
  })

  const tokenPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, unknown>,
    errors: readonly FieldError[] = [],
  ) => {
    const ctx = requestContext(request)
    // Case-level accounts make their own tokens, after their second factor (ADR 0016).
    const accounts = (await service.listUsers(services, ctx)).filter(
      (u) => u.status === 'active' && !service.holdsCaseLevelRole(services, u.roles),
    )
    const userId = typeof values.userId === 'string' ? values.userId : undefined
    const holder = accounts.find((u) => u.id === userId)
    const grantable =
      holder === undefined ? [] : await service.grantablePermissions(services, ctx, holder.id)
    const descriptions = new Map(services.policy.permissions())
    const chosen = asList(values.permissions)
    return reply.code(errors.length > 0 ? 400 : 200).render('admin/views/new-api-token.njk', {
      pageTitle: 'Issue an API token',
      values,
      errors: formErrors(errors, request.body),
      holder,
      accounts: [
        { value: '', text: 'Choose an account' },
        ...accounts.map((u) => ({
          value: u.id,
          text: `${u.displayName}${u.kind === 'service' ? ' (service account)' : ` (${u.email})`}`,
          selected: u.id === userId,
        })),
      ],
      permissionItems: grantable.map((p) => ({
        value: p,
        text: descriptions.get(p)?.description ?? p,
        hint: { text: p },
        checked: chosen.includes(p),
      })),
      backLink: { href: adminPaths.apiTokens(), text: 'API tokens' },
    })
  }

  app.get(adminPaths.newApiToken.pattern, { config: { access: users } }, async (request, reply) => {
    const query = request.query as Record<string, unknown>
    return tokenPage(request, reply, { userId: query.userId, expiresInDays: '90' })
  })

  app.post(
    adminPaths.newApiToken.pattern,
    { config: { access: users } },
    async (request, reply) => {
      const ctx = requestContext(request)
      const values = submittedValues(request.body)
      const parsed = parseForm(apiTokenFormSchema, request.body)
      if (!parsed.ok) return tokenPage(request, reply, values, parsed.errors)
      try {
        const issued = await service.issueApiToken(services, ctx, parsed.value)
        // Shown once, on this response; never stored or shown again.
        reply.header('cache-control', 'no-store')
        return await reply.render('admin/views/api-token-issued.njk', {
          pageTitle: 'API token issued',
          token: issued.token,
          name: parsed.value.name,
        })
      } catch (error) {
        if (error instanceof ValidationError) return tokenPage(request, reply, values, error.fields)
        throw error
      }
    },
  )

  // --- A token for yourself, after your second factor (case-level accounts, ADR 0016) -------

  const ownTokenPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, unknown>,
    errors: readonly FieldError[] = [],
  ) => {
    const ctx = requestContext(request)
    const descriptions = new Map(services.policy.permissions())
    const chosen = asList(values.permissions)
    return reply.code(errors.length > 0 ? 400 : 200).render('admin/views/own-api-token.njk', {
      pageTitle: 'Make an API token for yourself',
      values,
      errors: formErrors(errors),
      permissionItems: services.policy
        .permissionsFor(ctx.actor.roles)
        .filter((p) => p !== ADMIN_PERMISSIONS.ownTokens)
        .map((p) => ({
          value: p,
          text: descriptions.get(p)?.description ?? p,
          hint: { text: p },
          checked: chosen.includes(p),
        })),
    })
  }

  const ownTokens = { permission: ADMIN_PERMISSIONS.ownTokens }

  app.get(
    adminPaths.ownApiToken.pattern,
    { config: { access: ownTokens } },
    async (request, reply) => ownTokenPage(request, reply, { expiresInDays: '90' }),
  )

  app.post(
    adminPaths.ownApiToken.pattern,
    { config: { access: ownTokens } },
    async (request, reply) => {
      const ctx = requestContext(request)
      const values = submittedValues(request.body)
      delete values.code // a one-time code is never shown back
      const parsed = parseForm(ownApiTokenFormSchema, request.body)
      if (!parsed.ok) return ownTokenPage(request, reply, values, parsed.errors)
      try {
        const issued = await service.issueOwnApiToken(services, ctx, parsed.value)
        reply.header('cache-control', 'no-store')
        return await reply.render('admin/views/api-token-issued.njk', {
          pageTitle: 'API token made',
          token: issued.token,
          name: parsed.value.name,
          backHref: platformPaths.account(),
        })
      } catch (error) {
        if (error instanceof ValidationError)
          return ownTokenPage(request, reply, values, error.fields)
        throw error
      }
    },
  )

  app.post<{ Params: { tokenId: string } }>(
    adminPaths.revokeApiToken.pattern,
    { config: { access: users } },
    async (request, reply) => {
      await service.revokeApiToken(services, requestContext(request), request.params.tokenId)
      return reply.redirect(adminPaths.apiTokens(), 303)
    },
  )

  // --- Audit trail --------------------------------------------------------------------------

  auditRoutes(app, services)
}
