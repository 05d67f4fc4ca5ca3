import { ROLE_LABEL } from "../../../shared/domain";
import { Tag } from "../components/Tag";
import { STATUS_COLOUR, STATUS_LABEL } from "../lib/labels";
import { useTitle } from "../lib/useTitle";
import { Agenda } from "./Agenda";
import { Chat } from "./Chat";
import { Clock } from "./Clock";
import { Hands } from "./Hands";
import { Quorum } from "./Quorum";
import { Register } from "./Register";
import { RoomBanners } from "./RoomBanners";
import { useRoom } from "./RoomContext";
import { useConference } from "./useRoomData";
import { Workspace } from "./Workspace";

/**
 * The room for a professional (and an observer, read-only): the agenda, the mapping, hands and chat.
 * The minute taker also keeps the register.
 */
export function ProfessionalView() {
  const { me, status, canAct } = useRoom();
  const conference = useConference();
  useTitle(conference?.title ?? "Conference");
  if (!conference)
    return (
      <p role="status" className="type-body">
        Loading the conference…
      </p>
    );
  const minuteTaker = me.role === "minute_taker";
  return (
    <div>
      <div className="mb-5 flex flex-wrap items-center gap-x-6 gap-y-2 border-b-2 border-ink pb-[10px]">
        <h1 className="type-m">{conference.title}</h1>
        <Tag colour={STATUS_COLOUR[status.conferenceStatus]}>{STATUS_LABEL[status.conferenceStatus]}</Tag>
        <Clock />
        <p className="type-body text-secondary">
          You: {me.name}, {ROLE_LABEL[me.role]}
          {me.agency ? `, ${me.agency}` : ""}
        </p>
      </div>
      <RoomBanners />
      <div className="grid gap-x-[30px] desktop:grid-cols-[300px_minmax(0,1fr)_300px]">
        <div>
          <Agenda items={conference.agenda.items} current={conference.agenda.current} chair={false} />
          {minuteTaker ? (
            <>
              <Quorum chair={false} />
              <Register canAdd={canAct} />
            </>
          ) : null}
        </div>
        <div className="min-w-0">
          <Workspace current={conference.agenda.items[conference.agenda.current]} />
        </div>
        <div>
          <Hands />
          <Chat />
        </div>
      </div>
    </div>
  );
}
