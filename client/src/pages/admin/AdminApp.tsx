import { type ReactNode, useCallback, useMemo, useRef, useState } from "react";
import { LinkButton } from "../../components/Button";
import { Link } from "../../components/Link";
import { ApiError, request } from "../../lib/api";
import { matchPath } from "../../lib/router";
import type { JoinLink } from "../../lib/types";
import { NotFoundPage } from "../NotFoundPage";
import { AdminSignIn } from "./AdminSignIn";
import { AdminContext, type AdminContextValue, tokenStore } from "./adminContext";
import { ConferenceAdminPage } from "./ConferenceAdminPage";
import { ConferenceListPage } from "./ConferenceListPage";
import { CreateConferencePage } from "./CreateConferencePage";

/**
 * The administrator's screens: sign in with the admin token, then the list of conferences,
 * the convening sheet, and each conference's invite list.
 */
export function AdminApp({ path }: { path: string }) {
  const [token, setToken] = useState<string | null>(tokenStore.get);
  const [signedOutReason, setSignedOutReason] = useState<string | null>(null);
  const handoff = useRef<{ conferenceId: string; links: JoinLink[] } | null>(null);

  const signOut = useCallback((reason: string | null = null) => {
    tokenStore.clear();
    handoff.current = null;
    setSignedOutReason(reason);
    setToken(null);
  }, []);

  const value = useMemo<AdminContextValue | null>(() => {
    if (!token) return null;
    return {
      async call<T>(method: "GET" | "POST" | "DELETE", path: string, body?: unknown) {
        try {
          return await request<T>(method, path, { bearer: token, ...(body !== undefined ? { body } : {}) });
        } catch (err) {
          if (err instanceof ApiError && err.code === "admin_token_required") {
            signOut("The administrator token is no longer accepted. Enter it again.");
          }
          throw err;
        }
      },
      signOut: () => signOut(null),
      takeHandoff(conferenceId) {
        const h = handoff.current;
        if (!h || h.conferenceId !== conferenceId) return undefined;
        return h.links;
      },
      clearHandoff(conferenceId) {
        if (handoff.current?.conferenceId === conferenceId) handoff.current = null;
      },
      handOff(conferenceId, links) {
        handoff.current = { conferenceId, links };
      },
    };
  }, [token, signOut]);

  if (!value) {
    return (
      <AdminSignIn
        reason={signedOutReason}
        onSignedIn={(t) => {
          tokenStore.set(t);
          setSignedOutReason(null);
          setToken(t);
        }}
      />
    );
  }

  const conference = matchPath("/admin/conferences/:id", path);
  let page: ReactNode = <NotFoundPage />;
  if (matchPath("/admin", path)) page = <ConferenceListPage />;
  else if (matchPath("/admin/new", path)) page = <CreateConferencePage />;
  else if (conference?.id) page = <ConferenceAdminPage key={conference.id} conferenceId={conference.id} />;

  return (
    <AdminContext.Provider value={value}>
      <nav
        aria-label="Administration"
        className="mb-[30px] flex flex-wrap items-center gap-x-5 gap-y-2 type-body"
      >
        <span className="text-secondary">Administration</span>
        <Link href="/admin">All conferences</Link>
        <LinkButton className="tablet:ml-auto" onClick={() => value.signOut()}>
          Sign out of administration
        </LinkButton>
      </nav>
      {page}
    </AdminContext.Provider>
  );
}
