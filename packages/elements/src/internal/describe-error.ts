import type { FieldError } from '@contacts-manager/core';
import type { Strings } from '../i18n/en.js';

/** What the widget reads from an SDK error (ContactsApiError and subclasses), without depending on the classes. */
export interface ApiErrorLike {
  code: string;
  status: number | undefined;
  message: string;
  fieldErrors: FieldError[];
  problem: Record<string, unknown> | undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Reads the stable fields of any thrown value. */
export function readApiError(error: unknown): ApiErrorLike {
  if (!isRecord(error)) return { code: 'unknown_error', status: undefined, message: String(error), fieldErrors: [], problem: undefined };
  const problem = isRecord(error.problem) ? error.problem : undefined;
  const errors = Array.isArray(error.errors) ? error.errors : Array.isArray(problem?.errors) ? problem.errors : [];
  const fieldErrors = errors.filter(
    (item): item is FieldError => isRecord(item) && typeof item.path === 'string' && typeof item.message === 'string',
  );
  const code =
    typeof error.code === 'string' ? error.code : typeof problem?.code === 'string' ? problem.code : 'unknown_error';
  const status = typeof error.status === 'number' ? error.status : typeof problem?.status === 'number' ? problem.status : undefined;
  const message = typeof error.message === 'string' ? error.message : '';
  return { code, status, message, fieldErrors, problem };
}

/** A sentence for people, in the widget's language, for an error code. */
export function describeError(error: unknown, strings: Strings): string {
  const { code, status, message } = readApiError(error);
  switch (code) {
    case 'network_error':
    case 'timeout':
      return strings.errorNetwork;
    case 'permission_denied':
      return strings.errorPermission;
    case 'not_found':
      return strings.errorNotFound;
    case 'unauthorized':
      return strings.errorUnauthorized;
    case 'rate_limited':
      return strings.errorRateLimited;
    case 'opt_out_locked':
      return strings.errorOptOutLocked;
    default:
      if (status === undefined && /fetch|network/i.test(message)) return strings.errorNetwork;
      return message || strings.errorGeneric;
  }
}
