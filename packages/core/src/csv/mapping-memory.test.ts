import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { recallColumnMapping, rememberColumnMapping } from './mapping-memory.js';

describe('remembered column mappings', () => {
  it('are kept per account and per set of headers', async () => {
    const headers = ['Given', 'Cell', 'Mail'];
    await rememberColumnMapping('acc_1', headers, { firstName: 0, phone: 1, email: 2 });
    expect(await recallColumnMapping('acc_1', ['given', ' CELL ', 'mail'])).toEqual({
      firstName: 0,
      phone: 1,
      email: 2,
    });
    expect(await recallColumnMapping('acc_2', headers)).toBeUndefined();
    expect(await recallColumnMapping('acc_1', ['Given', 'Cell'])).toBeUndefined();
  });
});
