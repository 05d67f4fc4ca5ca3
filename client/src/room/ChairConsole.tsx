import { useTitle } from "../lib/useTitle";
import { Agenda } from "./Agenda";
import { AuditLog } from "./AuditLog";
import { Chat } from "./Chat";
import { ConferenceControls } from "./ConferenceControls";
import { Hands } from "./Hands";
import { Lobby } from "./Lobby";
import { Quorum } from "./Quorum";
import { Register } from "./Register";
import { RoomBanners } from "./RoomBanners";
import { RoomSettings } from "./RoomSettings";
import { useConference } from "./useRoomData";
import { WhoCanSee } from "./WhoCanSee";
import { Workspace } from "./Workspace";

/**
 * The chair's console, one screen: who is waiting and present (left), the agenda and mapping
 * (centre), hands, chat and who can see what (right: exclusions, the split conference, views for the chair, withheld items, the family preview); start, break, end and the time always on top.
 */
export function ChairConsole() {
  const conference = useConference();
  useTitle(conference ? `Chair: ${conference.title}` : "Chair's console");
  if (!conference)
    return (
      <p role="status" className="type-body">
        Loading the conference…
      </p>
    );
  return (
    <div>
      <ConferenceControls title={conference.title} />
      <RoomBanners />
      <div className="grid gap-x-[30px] desktop:grid-cols-[300px_minmax(0,1fr)_300px]">
        <div>
          <Lobby />
          <Quorum chair />
          <Register canAdd />
          <RoomSettings />
        </div>
        <div className="min-w-0">
          <Agenda items={conference.agenda.items} current={conference.agenda.current} chair />
          <Workspace current={conference.agenda.items[conference.agenda.current]} />
        </div>
        <div>
          <Hands />
          <Chat />
          <WhoCanSee />
          <AuditLog />
        </div>
      </div>
    </div>
  );
}
