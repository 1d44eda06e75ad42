// The one catalogue of error codes. Each code has an HTTP status and the message a person sees;
// pages and the JSON API both present errors from here (src/platform/http/error-handling.ts).
// docs/errors.md documents every code, and a test keeps the two in step.

export const errorCatalogue = {
  bad_request: { status: 400, message: 'The request could not be understood.' },
  validation: { status: 400, message: 'There is a problem with the information you gave.' },
  unauthenticated: { status: 401, message: 'Sign in to continue.' },
  forbidden: { status: 403, message: 'You do not have permission to see or do this.' },
  csrf: {
    status: 403,
    message:
      'Your form could not be sent because it had expired. Go back, refresh the page and try again.',
  },
  not_found: { status: 404, message: 'Page not found.' },
  method_not_allowed: {
    status: 405,
    message: 'This address does not accept that kind of request.',
  },
  conflict: {
    status: 409,
    message: 'This record was changed by someone else or cannot be changed in its current state.',
  },
  payload_too_large: { status: 413, message: 'The file or form you sent is too large.' },
  unsupported_media_type: {
    status: 415,
    message: 'The file or form you sent is not of a type this page accepts.',
  },
  rate_limited: {
    status: 429,
    message: 'There have been too many attempts. Wait a few minutes and try again.',
  },
  internal: { status: 500, message: 'Sorry, there is a problem with the service.' },
  unavailable: { status: 503, message: 'Sorry, the service is unavailable. Try again later.' },
} as const satisfies Record<string, { status: number; message: string }>

export type ErrorCode = keyof typeof errorCatalogue

export interface FieldError {
  /** The field's name, as in the form or JSON body (dotted for nested fields). */
  readonly field: string
  readonly message: string
}

export class AppError extends Error {
  readonly status: number
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly details?: unknown,
  ) {
    super(message ?? errorCatalogue[code].message)
    this.name = 'AppError'
    this.status = errorCatalogue[code].status
  }
}

export const notFound = (message?: string): AppError => new AppError('not_found', message)
export const forbidden = (message?: string): AppError => new AppError('forbidden', message)
export const conflict = (message?: string): AppError => new AppError('conflict', message)
export const badRequest = (message?: string): AppError => new AppError('bad_request', message)

/** Bad input: each field's problem, in the order the fields appear. */
export class ValidationError extends AppError {
  constructor(
    readonly fields: readonly FieldError[],
    message?: string,
  ) {
    super('validation', message, { fields })
    this.name = 'ValidationError'
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError
}
