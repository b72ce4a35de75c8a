import type { MiddlewareHandler } from 'hono';
import type { Permission } from '@contacts-manager/core/schema';
import type { Principal } from '../store/types.js';
import { ApiError, permissionDenied } from '../http/api-error.js';
import type { AppEnv } from '../app-env.js';

const unauthorized = (detail: string): ApiError =>
  new ApiError(401, 'unauthorized', detail, { headers: { 'WWW-Authenticate': 'Bearer realm="contacts", error="invalid_token"' } });

/** `Authorization: Bearer sk_…|st_…` → the caller; anything missing, unknown or expired is 401. */
export function authenticate(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('Authorization');
    if (!header) throw unauthorized('Send an Authorization: Bearer <token> header.');
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match?.[1]) throw unauthorized('The Authorization header must be "Bearer <token>".');
    const services = c.get('services');
    const principal = await services.store.accounts.resolveToken(match[1], services.now());
    if (!principal) throw unauthorized('The token is invalid or has expired.');
    c.set('principal', principal);
    await next();
  };
}

export function requirePermission(principal: Principal, permission: Permission, action: string): void {
  if (!principal.permissions[permission]) throw permissionDenied(action);
}

/** Account administration (sessions, users, inbound texts) is for the host's backend only. */
export function requireSecretKey(principal: Principal, action: string): void {
  if (principal.kind !== 'secret_key') {
    throw new ApiError(403, 'permission_denied', `Only an account secret key can ${action}; a user session cannot.`);
  }
}
