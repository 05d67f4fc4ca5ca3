import { z } from "zod";

/**
 * What the processes of a cluster (WORKERS > 1) say to each other over node's IPC channel. Each side
 * parses what it receives: a message that does not parse is dropped and logged, never acted on.
 */

/** Something done in one worker that a live room in another must hear of. */
export const ClusterEvent = z.discriminatedUnion("kind", [
  /** Sessions ended (sign-out, a link revoked or reissued): their connections close wherever they are. */
  z.object({ kind: z.literal("sessions.ended"), sessionIds: z.array(z.string().max(64)).max(10_000) }),
  /** A conference was edited outside its room (the administrator's page): its room catches up. */
  z.object({ kind: z.literal("conference.changed"), conferenceId: z.string().max(64) }),
  /** A second device presented a bound link: the chair is asked to let it in. */
  z.object({
    kind: z.literal("device.refused"),
    conferenceId: z.string().max(64),
    participantId: z.string().max(64),
  }),
]);
export type ClusterEvent = z.infer<typeof ClusterEvent>;

/** Primary → worker. */
export const ToWorker = z.discriminatedUnion("type", [
  /** A new connection (its socket is the message's handle) and the bytes already read from it. */
  z.object({ type: z.literal("quorum:connection"), head: z.base64() }),
  z.object({ type: z.literal("quorum:event"), event: ClusterEvent }),
]);
export type ToWorker = z.infer<typeof ToWorker>;

/** Worker → primary. */
export const ToPrimary = z.discriminatedUnion("type", [
  z.object({ type: z.literal("quorum:ready") }),
  /** To every other worker. */
  z.object({ type: z.literal("quorum:event"), event: ClusterEvent }),
]);
export type ToPrimary = z.infer<typeof ToPrimary>;
