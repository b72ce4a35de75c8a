// The page's half of the session-token pattern: ask the host's backend for a token, keep it
// until shortly before it expires. The page never sees the account's secret key.
export type DemoRole = 'admin' | 'agent';

interface SessionResponse {
  token: string;
  expiresAt: string;
  user: { name: string; role: DemoRole };
}

/** Refresh this long before the expiry so a request never leaves with a dying token. */
const EXPIRY_MARGIN_MS = 60_000;

/** The token is for the user signed in to the host app (its cookie goes with the same-origin request). */
export function createSessionTokenSource(endpoint = '/api/contacts-session') {
  let current: SessionResponse | null = null;
  let pending: Promise<SessionResponse> | null = null;

  async function mint(): Promise<SessionResponse> {
    const response = await fetch(endpoint, { method: 'POST', credentials: 'same-origin' });
    if (!response.ok)
      throw new Error(`The host app could not start a contacts session (HTTP ${response.status}).`);
    return (await response.json()) as SessionResponse;
  }

  return async function getToken(): Promise<string> {
    if (current && Date.parse(current.expiresAt) - EXPIRY_MARGIN_MS > Date.now())
      return current.token;
    // One request at a time, however many API calls ask at once.
    pending ??= mint().finally(() => (pending = null));
    current = await pending;
    return current.token;
  };
}
