import type {
  Conference,
  ConferenceKind,
  ConferenceStatus,
  InvitationSummary,
  Participant,
  Role,
} from "../../../shared/domain";

/** The answers of the HTTP API (docs/API.md), as this client reads them. */

export interface Me {
  participantId: string;
  name: string;
  role: Role;
  agency?: string;
}

export interface ConferenceSummary {
  id: string;
  title: string;
  kind: ConferenceKind;
  scheduledStart: string;
  status: ConferenceStatus;
}

export interface SessionView {
  me: Me;
  conference: ConferenceSummary;
}

export interface JoinLink {
  participantId: string;
  name: string;
  role: Role;
  url: string;
}

export interface CreatedConference {
  conference: Conference;
  participants: Participant[];
  links: JoinLink[];
}

export interface ConferenceDetail {
  conference: Conference;
  participants: Participant[];
  invitations: InvitationSummary[];
}
