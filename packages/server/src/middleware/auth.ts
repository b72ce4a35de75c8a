import type { MiddlewareHandler } from 'hono';
import type { Permission } from '@contacts-manager/core/schema';
import type { Principal } from '../store/types.js';
import { ApiError, permissionDenied } from '../http/api-error.js';
import type { AppEnv } from '../app-env.js';
import { clientAddress, tooManyFromAddress } from './address-limits.js';
import type { RateLimitOptions } from './rate-limit.js';

/** Failed authentications allowed per client address and window before 429 (guessing keys). */
export const DEFAULT_FAILED_AUTH_LIMIT: RateLimitOptions = { limit: 30, windowSeconds: 60 };

const unauthorized = (detail: string): ApiError =>
  new ApiError(401, 'unauthorized', detail, { headers: { 'WWW-Authenticate': 'Bearer realm="contacts", error="invalid_token"' } });

/**
 * `Authorization: Bearer sk_…|st_…` → the caller; anything missing, unknown, revoked or
 * expired is 401. An address with too many failures in a window is 429 until it ends, even
 * with a good token, so keys cannot be guessed at speed.
 *
 * Failures are counted in the store's rate-limit windows, shared by every instance on
 * PostgreSQL; the block itself is remembered by each instance once a failure there finds the
 * count spent. So successful requests cost no extra database round trip, and guesses spread
 * over N instances get at most the limit plus one per instance in a window.
 */
export function authenticate(failedAuthLimit: RateLimitOptions | false = DEFAULT_FAILED_AUTH_LIMIT): MiddlewareHandler<AppEnv> {
  const blockedUntil = new Map<string, number>();
  const windowMs = failedAuthLimit ? failedAuthLimit.windowSeconds * 1000 : 0;
  return async (c, next) => {
    const services = c.get('services');
    const address = failedAuthLimit ? clientAddress(c) : '';
    const until = blockedUntil.get(address);
    if (until !== undefined) {
      const now = services.now();
      if (until > now) throw tooManyFromAddress('Too many failed authentications', Math.max(1, Math.ceil((until - now) / 1000)));
      blockedUntil.delete(address);
    }
    const fail = async (detail: string): Promise<ApiError> => {
      if (failedAuthLimit) {
        const { used, resetAtMs } = await services.store.rateLimits.hit(`failed-auth:${address}`, services.now(), windowMs);
        if (used >= failedAuthLimit.limit) blockedUntil.set(address, resetAtMs);
      }
      return unauthorized(detail);
    };
    const header = c.req.header('Authorization');
    if (!header) throw await fail('Send an Authorization: Bearer <token> header.');
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match?.[1]) throw await fail('The Authorization header must be "Bearer <token>".');
    const principal = await services.store.accounts.resolveToken(match[1], services.now());
    if (!principal) throw await fail('The token is invalid, revoked or expired.');
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
