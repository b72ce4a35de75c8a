import type { ContactsState, ContactsStore } from '../src/store/types.js';

/** Resolves with the first snapshot that satisfies `predicate`; rejects after `timeoutMs`. */
export function waitFor(
  store: ContactsStore,
  predicate: (state: ContactsState) => boolean,
  timeoutMs = 2000,
): Promise<ContactsState> {
  return new Promise((resolve, reject) => {
    if (predicate(store.getState())) return resolve(store.getState());
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error('The store never reached the expected state.'));
    }, timeoutMs);
    const unsubscribe = store.subscribe((state) => {
      if (!predicate(state)) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(state);
    });
  });
}

export const names = (state: ContactsState): string[] =>
  state.contacts.map((contact) => contact.fullName);
