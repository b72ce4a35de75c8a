import '@contacts-manager/elements/define';
import { createSessionTokenSource, type DemoRole } from './session-token.js';

const slot = document.querySelector<HTMLElement>('#contacts-slot')!;
const controls = document.querySelector<HTMLFormElement>('#host-controls')!;
const roleNote = document.querySelector<HTMLElement>('#role-note')!;
const eventLog = document.querySelector<HTMLOListElement>('#event-log')!;
const signOutButton = document.querySelector<HTMLButtonElement>('#sign-out')!;

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

interface HostUser {
  role: DemoRole;
  name: string;
}

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

/** The host's own sign-in (a cookie): the contacts token route serves only a signed-in user. */
async function signIn(role: DemoRole): Promise<HostUser> {
  const response = await fetch('/api/sign-in', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ role }),
  });
  if (!response.ok) throw new Error(`Sign-in failed (HTTP ${response.status}).`);
  return ((await response.json()) as { user: HostUser }).user;
}

async function currentUser(): Promise<HostUser | null> {
  const response = await fetch('/api/host-session');
  return response.ok ? ((await response.json()) as { user: HostUser | null }).user : null;
}

function showSignedOut(): void {
  const panel = document.createElement('div');
  panel.className = 'signed-out';
  const heading = document.createElement('h2');
  heading.textContent = 'You are signed out';
  const text = document.createElement('p');
  text.textContent = 'Sign in to this app to manage its contacts.';
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'host-button primary';
  button.textContent = 'Sign in';
  button.addEventListener('click', () => void signInAndMount());
  panel.append(heading, text, button);
  slot.replaceChildren(panel);
  roleNote.textContent = '';
  signOutButton.hidden = true;
}

/** A fresh element per signed-in user, as a host app would render after its own login. */
function mountContactsManager(user: HostUser): void {
  const form = new FormData(controls);
  const element = document.createElement('contacts-manager');
  element.setAttribute('base-url', location.origin);
  element.setAttribute('locale', String(form.get('locale') ?? 'en'));
  element.setAttribute('theme', form.get('dark') ? 'dark' : 'light');
  element.getToken = createSessionTokenSource();
  for (const type of PUBLIC_EVENTS) element.addEventListener(type, logEvent);
  slot.replaceChildren(element);
  roleNote.textContent = ROLE_NOTES[user.role];
  signOutButton.hidden = false;
  const radio = controls.querySelector<HTMLInputElement>(
    `input[name="role"][value="${user.role}"]`,
  );
  if (radio) radio.checked = true;
}

async function signInAndMount(): Promise<void> {
  mountContactsManager(await signIn(selectedRole()));
}

controls.addEventListener('change', (event) => {
  const target = event.target as HTMLInputElement | HTMLSelectElement;
  const element = slot.querySelector('contacts-manager');
  if (target.name === 'dark') {
    document.documentElement.classList.toggle('dark', (target as HTMLInputElement).checked);
    element?.setAttribute('theme', (target as HTMLInputElement).checked ? 'dark' : 'light');
  } else if (target.name === 'locale') {
    element?.setAttribute('locale', target.value);
  } else if (target.name === 'role') {
    void signInAndMount();
  }
});

signOutButton.addEventListener('click', () => {
  void fetch('/api/sign-out', { method: 'POST' }).then(showSignedOut);
});

// `?layout=sidebar`: the widget in a 360 px sidebar of a wide page (it follows its own width).
if (new URLSearchParams(location.search).get('layout') === 'sidebar')
  document.body.classList.add('sidebar-layout');

// A visitor who signed in before goes straight to the contacts; a new one signs in first.
void currentUser().then((user) => (user ? mountContactsManager(user) : showSignedOut()));
