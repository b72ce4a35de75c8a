import '@contacts-manager/elements/define';
import { createSessionTokenSource, type DemoRole } from './session-token.js';

const slot = document.querySelector<HTMLElement>('#contacts-slot')!;
const controls = document.querySelector<HTMLFormElement>('#host-controls')!;
const roleNote = document.querySelector<HTMLElement>('#role-note')!;
const eventLog = document.querySelector<HTMLOListElement>('#event-log')!;

const ROLE_NOTES: Record<DemoRole, string> = {
  admin:
    'Signed in as the administrator: every action is available, including Delete and Delete all.',
  agent:
    'Signed in as an Agent user: the administrator switched off deleting, so Delete and Delete all are hidden (and refused by the API).',
};

const PUBLIC_EVENTS = [
  'contacts-created',
  'contacts-updated',
  'contacts-deleted',
  'contacts-import-complete',
  'contacts-error',
  'contacts-before-delete',
] as const;

function logEvent(event: Event): void {
  const item = document.createElement('li');
  const detail = (event as CustomEvent<unknown>).detail;
  const summary = JSON.stringify(detail, (key, value: unknown) =>
    key === 'cause' ? undefined : value,
  );
  item.textContent = `${new Date().toLocaleTimeString()} ${event.type} ${summary?.slice(0, 160) ?? ''}`;
  eventLog.prepend(item);
}

function selectedRole(): DemoRole {
  return new FormData(controls).get('role') === 'agent' ? 'agent' : 'admin';
}

/** A fresh element per signed-in user, as a host app would render after its own login. */
function mountContactsManager(): void {
  const role = selectedRole();
  const form = new FormData(controls);
  const element = document.createElement('contacts-manager');
  element.setAttribute('base-url', location.origin);
  element.setAttribute('locale', String(form.get('locale') ?? 'en'));
  element.setAttribute('theme', form.get('dark') ? 'dark' : 'light');
  element.getToken = createSessionTokenSource(role);
  for (const type of PUBLIC_EVENTS) element.addEventListener(type, logEvent);
  slot.replaceChildren(element);
  roleNote.textContent = ROLE_NOTES[role];
}

controls.addEventListener('change', (event) => {
  const target = event.target as HTMLInputElement | HTMLSelectElement;
  const element = slot.querySelector('contacts-manager');
  if (target.name === 'dark') {
    document.documentElement.classList.toggle('dark', (target as HTMLInputElement).checked);
    element?.setAttribute('theme', (target as HTMLInputElement).checked ? 'dark' : 'light');
  } else if (target.name === 'locale') {
    element?.setAttribute('locale', target.value);
  } else {
    mountContactsManager();
  }
});

mountContactsManager();
