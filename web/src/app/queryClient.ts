import { MutationCache, QueryCache, QueryClient } from "@tanstack/react-query";
import { ApiError, queryKeys } from "../api";

/** Why the user was sent back to the login page (session ended), shown there once. */
let signedOutReason: string | null = null;

export function takeSignedOutReason(): string | null {
  const reason = signedOutReason;
  signedOutReason = null;
  return reason;
}

/**
 * One query client for the app. Any request answered "not signed in" (the session timed out or was
 * ended elsewhere) signs the page out: the login form replaces it, at the same address.
 */
export function createQueryClient(): QueryClient {
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError: (e, query) => query.queryKey[0] !== queryKeys.me[0] && signOut(e) }),
    mutationCache: new MutationCache({ onError: (e) => signOut(e) }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        // A 4xx answer will not change by asking again; network and 5xx errors get two more tries.
        retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
      },
    },
  });

  function signOut(e: unknown) {
    if (!(e instanceof ApiError) || e.code !== "UNAUTHENTICATED") return;
    // A wrong password at the login form is not a session ending.
    if (client.getQueryData(queryKeys.me) == null) return;
    signedOutReason = e.message;
    client.removeQueries({ predicate: (q) => q.queryKey[0] !== queryKeys.me[0] });
    client.setQueryData(queryKeys.me, null);
  }
  return client;
}
