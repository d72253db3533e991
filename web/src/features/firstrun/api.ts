/** 首次设置: whether the installation still has no account, and creating its first administrator. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { SetupBody, SetupResult, SetupState } from "../../../../contracts/firstrun";
import { request } from "../../api";

export const setupKeys = { state: ["setup"] as const };

export function useSetupState() {
  return useQuery({ queryKey: setupKeys.state, queryFn: () => request<SetupState>("/setup"), staleTime: 60_000 });
}

export function useFirstAdmin() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: SetupBody) => request<SetupResult>("/setup", { json: body }),
    onSettled: () => client.invalidateQueries({ queryKey: setupKeys.state }),
  });
}

/** What the setup page hands to the login page after creating the account (router state). */
export interface SetupDoneState {
  setupDone: { username: string };
}
