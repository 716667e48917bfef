import { definedOnly } from '../src';

describe('definedOnly', () => {
  it('drops undefined keys and keeps null, zero, false and empty strings', () => {
    expect(definedOnly({ a: undefined, b: null, c: 0, d: false, e: '', f: 'x' })).toEqual({ b: null, c: 0, d: false, e: '', f: 'x' });
  });
});
