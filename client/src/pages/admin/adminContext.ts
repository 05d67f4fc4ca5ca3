import { createContext, useContext } from "react";
import type { JoinLink } from "../../lib/types";

export interface AdminContextValue {
  /** Call the admin API with the token; a refused token signs the administrator out. */
  call<T>(method: "GET" | "POST" | "DELETE", path: string, body?: unknown): Promise<T>;
  signOut(): void;
  /** Links just issued on another screen (creation), handed to the conference's page once. */
  takeHandoff(conferenceId: string): JoinLink[] | undefined;
  handOff(conferenceId: string, links: JoinLink[]): void;
  clearHandoff(conferenceId: string): void;
}

export const AdminContext = createContext<AdminContextValue | null>(null);

export function useAdmin(): AdminContextValue {
  const value = useContext(AdminContext);
  if (!value) throw new Error("useAdmin outside the administrator screens");
  return value;
}

const TOKEN_KEY = "quorum.adminToken";

/** The token lives in sessionStorage: gone when the tab closes, never in a cookie or the URL. */
export const tokenStore = {
  get(): string | null {
    try {
      return window.sessionStorage.getItem(TOKEN_KEY);
    } catch {
      return null;
    }
  },
  set(token: string): void {
    try {
      window.sessionStorage.setItem(TOKEN_KEY, token);
    } catch {
      // Storage can be switched off; the token then lasts as long as this page.
    }
  },
  clear(): void {
    try {
      window.sessionStorage.removeItem(TOKEN_KEY);
    } catch {
      // As above.
    }
  },
};
