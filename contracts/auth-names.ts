/**
 * The names and limits of signing in, without zod: the sign-in screen imports these, and importing
 * them from auth.ts would bring zod and every schema of that file into its first download.
 */
export const USERNAME_MAX = 64;
export const CSRF_HEADER = "x-csrf-token";
export const SESSION_COOKIE = "wx_session";
export const CSRF_COOKIE = "wx_csrf";
