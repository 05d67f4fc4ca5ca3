import type { Conference, Participant } from "../../shared/domain";
import { QuorumError } from "../../shared/errors";
import { newId } from "../../shared/ids";
import { fromConferenceRow, fromParticipantRow } from "../conferences";
import type { Store } from "../storage/store";
import { hashSecret, newSecret, SECRET_PATTERN } from "./secrets";

/** Who a request or connection is, decided from the session cookie, fresh from the database. */
export interface SessionContext {
  sessionId: string;
  participant: Participant;
  conference: Conference;
}

export type SessionEndReason =
  | "signed_out"
  | "link_revoked"
  | "link_reissued"
  | "removed"
  | "replaced_device";
type EndedListener = (sessionIds: string[], participantId: string, reason: SessionEndReason) => void;
type DeviceListener = (conferenceId: string, participantId: string) => void;

/**
 * Join links become sessions here. A link is exchanged for a session cookie (never used in a URL
 * again); it is bound to the first device that uses it; revoking it ends its sessions, and the
 * socket layers hear of that through `onEnded` and close those connections at once.
 */
export class SessionService {
  private readonly listeners = new Set<EndedListener>();
  private readonly deviceListeners = new Set<DeviceListener>();

  constructor(
    private readonly store: Store,
    private readonly now: () => number = Date.now,
  ) {}

  onEnded(listener: EndedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A second device presented a bound link: the chair may let it in (`device.admit`). */
  onDeviceRefused(listener: DeviceListener): () => void {
    this.deviceListeners.add(listener);
    return () => this.deviceListeners.delete(listener);
  }

  announceEnded(sessionIds: string[], participantId: string, reason: SessionEndReason): void {
    if (sessionIds.length === 0) return;
    for (const l of this.listeners) l(sessionIds, participantId, reason);
  }

  /**
   * Exchange a join token for a new session. Always mints a fresh session secret (no fixation:
   * a cookie planted before sign-in is ended, never adopted).
   */
  async exchange(
    token: string,
    deviceSecret: string | undefined,
    previousSessionSecret: string | undefined,
    address: string,
  ): Promise<{ sessionSecret: string; deviceSecret: string; context: SessionContext }> {
    const at = this.now();
    const refuse = async (
      code: "token_invalid" | "token_revoked" | "device_mismatch",
      message: string,
      detail: object,
    ) => {
      await this.store.appendAudit({
        conferenceId: (detail as { conferenceId?: string }).conferenceId ?? null,
        at,
        actor: (detail as { participantId?: string }).participantId ?? null,
        action: "session.start",
        target: null,
        outcome: "refused",
        detail: { reason: code, address },
      });
      throw new QuorumError(code, message);
    };
    if (!SECRET_PATTERN.test(token)) return refuse("token_invalid", "This link is not valid.", {});
    const invitation = await this.store.getInvitationByTokenHash(hashSecret(token));
    if (!invitation) return refuse("token_invalid", "This link is not valid.", {});
    const ids = { conferenceId: invitation.conferenceId, participantId: invitation.participantId };
    if (invitation.revokedAt !== null) {
      return refuse(
        "token_revoked",
        "This link has been withdrawn. Ask the chair or the conference team for a new one.",
        ids,
      );
    }
    const device = deviceSecret && SECRET_PATTERN.test(deviceSecret) ? deviceSecret : newSecret();
    const deviceHash = hashSecret(device);
    if (invitation.deviceHash !== null && invitation.deviceHash !== deviceHash) {
      for (const l of this.deviceListeners) l(invitation.conferenceId, invitation.participantId);
      return refuse(
        "device_mismatch",
        "This link has already been used on another device. Ask the chair to let you in on this device.",
        ids,
      );
    }
    const [participantRow, conferenceRow] = await Promise.all([
      this.store.getParticipant(invitation.participantId),
      this.store.getConference(invitation.conferenceId),
    ]);
    if (!participantRow || !conferenceRow) return refuse("token_invalid", "This link is not valid.", {});

    const sessionSecret = newSecret();
    const sessionId = newId();
    const previous =
      previousSessionSecret && SECRET_PATTERN.test(previousSessionSecret)
        ? await this.store.getSessionBySecretHash(hashSecret(previousSessionSecret))
        : undefined;
    await this.store.transaction(async (tx) => {
      if (invitation.deviceHash === null) {
        await tx.bindInvitationDevice(invitation.id, deviceHash);
        // Two devices racing on one fresh link: the database bound exactly one of them.
        const bound = await tx.getInvitationByTokenHash(invitation.tokenHash);
        if (bound?.deviceHash !== deviceHash) {
          throw new QuorumError(
            "device_mismatch",
            "This link has already been used on another device. Ask the chair to let you in on this device.",
          );
        }
      }
      await tx.touchInvitation(invitation.id, at);
      if (previous && previous.endedAt === null) await tx.endSession(previous.id, at);
      await tx.insertSession({
        id: sessionId,
        conferenceId: invitation.conferenceId,
        participantId: invitation.participantId,
        invitationId: invitation.id,
        secretHash: hashSecret(sessionSecret),
        deviceHash,
        createdAt: at,
        lastSeenAt: at,
        endedAt: null,
      });
      await tx.appendAudit({
        conferenceId: invitation.conferenceId,
        at,
        actor: invitation.participantId,
        action: "session.start",
        target: sessionId,
        outcome: "allowed",
        detail: { address, firstUseOnDevice: invitation.deviceHash === null },
      });
    });
    if (previous && previous.endedAt === null)
      this.announceEnded([previous.id], previous.participantId, "signed_out");
    return {
      sessionSecret,
      deviceSecret: device,
      context: {
        sessionId,
        participant: fromParticipantRow(participantRow),
        conference: fromConferenceRow(conferenceRow),
      },
    };
  }

  /** The session behind a cookie value, or undefined when there is none or it has ended. */
  async authenticate(sessionSecret: string | undefined): Promise<SessionContext | undefined> {
    if (!sessionSecret || !SECRET_PATTERN.test(sessionSecret)) return undefined;
    const session = await this.store.getSessionBySecretHash(hashSecret(sessionSecret));
    if (!session || session.endedAt !== null) return undefined;
    const [participantRow, conferenceRow] = await Promise.all([
      this.store.getParticipant(session.participantId),
      this.store.getConference(session.conferenceId),
    ]);
    if (!participantRow || !conferenceRow) return undefined;
    return {
      sessionId: session.id,
      participant: fromParticipantRow(participantRow),
      conference: fromConferenceRow(conferenceRow),
    };
  }

  /**
   * Sign-ins from one address, or with one link, went over their rate limit (called once per key and
   * window). Attributed to the link's conference when the link exists, so the chair sees someone
   * hammering a participant's link; otherwise it has no conference.
   */
  async auditRateLimited(scope: "address" | "link", address: string, tokenHash?: string): Promise<void> {
    const invitation = tokenHash ? await this.store.getInvitationByTokenHash(tokenHash) : undefined;
    await this.store.appendAudit({
      conferenceId: invitation?.conferenceId ?? null,
      at: this.now(),
      actor: null,
      action: "session.start",
      target: invitation?.participantId ?? null,
      outcome: "refused",
      detail: { reason: "rate_limited", scope, address },
    });
  }

  /** A signed-in person tried to open something that is not theirs: audited. */
  async auditRefusal(context: SessionContext, action: string, target: string): Promise<void> {
    await this.store.appendAudit({
      conferenceId: context.conference.id,
      at: this.now(),
      actor: context.participant.id,
      action,
      target,
      outcome: "refused",
      detail: {},
    });
  }

  async signOut(context: SessionContext): Promise<void> {
    const at = this.now();
    await this.store.transaction(async (tx) => {
      await tx.endSession(context.sessionId, at);
      await tx.appendAudit({
        conferenceId: context.conference.id,
        at,
        actor: context.participant.id,
        action: "session.end",
        target: context.sessionId,
        outcome: "allowed",
        detail: {},
      });
    });
    this.announceEnded([context.sessionId], context.participant.id, "signed_out");
  }
}
