import { VersionConflictError, NotFoundError, ValidationError, DomainError } from '../src';

describe('error model', () => {
  it('carries a stable code and status', () => {
    const e = new VersionConflictError('enterprise', 'e1', 2, 3);
    expect(e).toBeInstanceOf(DomainError);
    expect(e.status).toBe(409);
    expect(e.code).toBe('version_conflict');
    expect(e.extra).toEqual({ id: 'e1', expectedVersion: 2, currentVersion: 3 });
    expect(e.name).toBe('VersionConflictError');
    expect(new NotFoundError('service_request', 'r1').code).toBe('service_request_not_found');
    expect(new ValidationError([{ path: 'uscc', message: 'bad' }]).extra.errors).toEqual([{ path: 'uscc', message: 'bad' }]);
  });
});
