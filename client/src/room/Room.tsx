import { type ReactNode, useMemo } from "react";
import { CLOSE } from "../../../shared/closeCodes";
import { hasFullView } from "../../../shared/visibility";
import type { SessionView } from "../lib/types";
import { useConnectionVersion, useRoomConnection } from "../sync/hooks";
import type { ConnectionProblem } from "../sync/RoomConnection";
import { ChairConsole } from "./ChairConsole";
import { ConfidentialityStatement } from "./ConfidentialityStatement";
import { ExcludedScreen } from "./ExcludedScreen";
import { FamilyView } from "./FamilyView";
import {
  ApologiesPage,
  ConnectingPage,
  EndedPage,
  RefusedPage,
  RemovedPage,
  SignedOutPage,
} from "./PlainPages";
import { ProfessionalView } from "./ProfessionalView";
import { problemWords } from "./RoomBanners";
import { RoomContext, type RoomValue } from "./RoomContext";
import { RecordRoom } from "./record/RecordRoom";
import { WaitingScreen } from "./WaitingScreen";

function removed(problem: ConnectionProblem | null): boolean {
  if (!problem) return false;
  if (problem.kind === "document") return problem.closeCode === CLOSE.removed;
  // A removed person's socket is refused at the handshake with `forbidden` (nothing else is).
  return problem.code === "removed" || problem.code === "forbidden";
}

function ended(problem: ConnectionProblem | null): boolean {
  if (!problem) return false;
  return problem.kind === "document"
    ? problem.closeCode === CLOSE.conferenceEnded
    : problem.code === "conference_ended";
}

function signedOut(problem: ConnectionProblem | null): boolean {
  if (!problem) return false;
  return problem.kind === "document"
    ? problem.closeCode === CLOSE.sessionEnded || problem.closeCode === CLOSE.unauthorized
    : problem.code === "session_ended" || problem.code === "unauthenticated";
}

/**
 * The conference room for a signed-in person: the confidentiality statement, the lobby, then the
 * screen for their part in the meeting, or a plain page when they cannot be in it.
 */
export function Room({ session, onSignedOut }: { session: SessionView; onSignedOut: () => void }) {
  const connection = useRoomConnection();
  const version = useConnectionVersion(connection);
  const status = connection?.status ?? null;
  const problem = connection?.problem ?? null;
  const { me, conference } = session;

  // biome-ignore lint/correctness/useExhaustiveDependencies: the connection mutates; version marks each change
  const value = useMemo<RoomValue | null>(() => {
    if (!status || !connection) return null;
    const professional = connection.document("professional");
    const ended = status.conferenceStatus === "ended";
    return {
      connection,
      me,
      status,
      conferenceId: conference.id,
      stateDoc: connection.document("state")?.doc,
      professionalDoc: professional?.doc,
      canWriteText: professional?.access === "write" && !status.muted && !ended,
      viewDoc: hasFullView(me.role) ? undefined : connection.document("view")?.doc,
      canAct: status.presence === "in_room" && !status.muted && !ended,
    };
  }, [connection, version, status, me, conference.id]);

  if (removed(problem) || status?.presence === "removed") return <RemovedPage />;
  // After the end the chair and the minute taker finish the record (the server lets them write on).
  const recordStage =
    value !== null && status?.conferenceStatus === "ended" && (status.isChair || me.role === "minute_taker");
  if (recordStage)
    return (
      <RoomContext.Provider value={value}>
        <RecordRoom />
      </RoomContext.Provider>
    );
  if (ended(problem) || status?.conferenceStatus === "ended") return <EndedPage />;
  if (signedOut(problem) && problem) return <SignedOutPage words={problemWords(problem)} />;
  if (!value) return <ConnectingPage words={problem ? problemWords(problem) : null} />;

  let screen: ReactNode;
  switch (value.status.presence) {
    case "invited":
    case "left":
      screen = (
        <ConfidentialityStatement
          session={session}
          rejoining={value.status.presence === "left"}
          onSignedOut={onSignedOut}
        />
      );
      break;
    case "lobby":
      screen = <WaitingScreen title={conference.title} />;
      break;
    case "refused":
      screen = <RefusedPage />;
      break;
    case "apologies":
      screen = <ApologiesPage />;
      break;
    default:
      screen = value.status.isChair ? (
        <ChairConsole />
      ) : hasFullView(me.role) ? (
        <ProfessionalView />
      ) : value.status.excluded ? (
        <ExcludedScreen title={conference.title} />
      ) : (
        <FamilyView doc={value.viewDoc} interactive />
      );
  }
  return <RoomContext.Provider value={value}>{screen}</RoomContext.Provider>;
}
