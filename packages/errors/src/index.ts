/**
 * The one error model. Domain and use-case code throws these; the HTTP layer maps them to
 * RFC 9457 problem+json using `status`, and clients branch on the stable `code`.
 */
export interface FieldProblem {
  path: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends DomainError {
  constructor(readonly fields: FieldProblem[], message = 'The request has invalid fields.') {
    super('validation_failed', 400, message, { errors: fields });
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, id: string) {
    super(`${what}_not_found`, 404, `No ${what.replace(/_/g, ' ')} with id ${id}.`, { id });
  }
}

export class ConflictError extends DomainError {
  constructor(code: string, message: string, extra: Record<string, unknown> = {}) {
    super(code, 409, message, extra);
  }
}

export class VersionConflictError extends ConflictError {
  constructor(what: string, id: string, expected: number, current: number) {
    super('version_conflict', `The ${what} ${id} was changed by someone else: you sent version ${expected}, it is now at version ${current}. Reload and try again.`, {
      id,
      expectedVersion: expected,
      currentVersion: current,
    });
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'You are not allowed to do this.') {
    super('forbidden', 403, message);
  }
}

export class UnauthorizedError extends DomainError {
  constructor(message = 'Authentication is required.') {
    super('unauthorized', 401, message);
  }
}
