import { z } from "zod";
import { agencyOf, ConferenceKind, Role } from "./domain";
import { Category } from "./policy";
import { COPY_FORMATS, EXCLUSION_PARTS, planActions, RECORD_DOCUMENTS, SEND_VIA } from "./record";
import type { RecordTexts } from "./recordCopy";
import { quorumOf } from "./recordCopy";
import { blocksToPlainText } from "./richText";
import { EXCLUSION_GROUNDS, type RoomState } from "./room";
import { conferenceDates } from "./views";
import { ContentKind, MappingArea } from "./visibility";

/**
 * The whole conference as JSON, for import into case management systems (Mosaic, Liquidlogic and the
 * like): a documented, versioned schema (docs/API.md "Export"). `schema` and `version` say what a
 * file is; a change that removes or changes a field is a new version, a new optional field is not.
 * Times are ISO 8601 instants (UTC), dates ISO calendar dates (London). Ids are Quorum's own.
 * This is the professionals' full record: it goes to the chair and the administrator only.
 */

export const EXPORT_SCHEMA = "quorum.conference-export";
export const EXPORT_VERSION = 1;

const Instant = z.iso.datetime();
const IsoDate = z.iso.date();
const Nullable = <T extends z.ZodType>(t: T) => t.nullable();
const Ref = z.string();

const Run = z
  .object({ text: z.string(), bold: z.boolean().optional(), italic: z.boolean().optional() })
  .strict();
export const RichBlockSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("paragraph"), runs: z.array(Run) }).strict(),
  z
    .object({
      type: z.literal("heading"),
      level: z.union([z.literal(1), z.literal(2), z.literal(3)]),
      runs: z.array(Run),
    })
    .strict(),
  z.object({ type: z.literal("bullet"), depth: z.number().int().min(0), runs: z.array(Run) }).strict(),
  z
    .object({
      type: z.literal("numbered"),
      depth: z.number().int().min(0),
      number: z.number().int(),
      runs: z.array(Run),
    })
    .strict(),
  z.object({ type: z.literal("quote"), runs: z.array(Run) }).strict(),
]);

const Person = z.object({ participantId: Ref, at: Instant }).strict();

export const ConferenceExportV1 = z
  .object({
    schema: z.literal(EXPORT_SCHEMA),
    version: z.literal(EXPORT_VERSION),
    exportedAt: Instant,
    conference: z
      .object({
        id: Ref,
        title: z.string(),
        kind: ConferenceKind,
        scheduledStart: z.string(),
        date: IsoDate,
        status: z.enum(["scheduled", "open", "on_break", "ended"]),
        policyProfile: z.object({ preset: z.string(), name: z.string() }).strict(),
      })
      .strict(),
    dates: z
      .object({
        decisionSummaryDue: IsoDate,
        planDue: Nullable(IsoDate),
        recordDue: IsoDate,
        firstCoreGroupBy: Nullable(IsoDate),
        nextReviewBy: IsoDate,
      })
      .strict(),
    children: z.array(
      z
        .object({
          id: Ref,
          name: z.string(),
          dateOfBirth: Nullable(IsoDate),
          expectedDate: Nullable(IsoDate),
          subject: z.boolean(),
        })
        .strict(),
    ),
    participants: z.array(
      z
        .object({
          id: Ref,
          name: z.string(),
          role: Role,
          agency: Nullable(z.string()),
          directContact: z.boolean(),
          supports: Nullable(Ref),
          attendance: z
            .object({
              presence: z.enum(["invited", "lobby", "in_room", "apologies", "left", "removed", "refused"]),
              attended: z.boolean(),
              arrivedAt: Nullable(Instant),
              leftAt: Nullable(Instant),
              late: z.boolean(),
              inRoomOnly: z.boolean(),
              reportSubmitted: z.boolean(),
            })
            .strict(),
        })
        .strict(),
    ),
    quorum: z
      .object({
        quorate: z.boolean(),
        agencies: z.array(z.string()),
        minimum: z.number().int(),
        proceededInquorate: Nullable(z.object({ reason: z.string(), at: Instant }).strict()),
      })
      .strict(),
    exclusions: z.array(
      z
        .object({
          id: Ref,
          participantId: Ref,
          ground: z.enum(EXCLUSION_GROUNDS),
          note: z.string(),
          by: Ref,
          startAt: Instant,
          endAt: Nullable(Instant),
          planned: z.boolean(),
        })
        .strict(),
    ),
    decisions: z.array(
      z
        .object({
          childId: Ref,
          decision: Nullable(
            z
              .object({
                plan: z.boolean(),
                categories: z.array(Category),
                substantialEmotionalConcern: Nullable(z.string()),
                rationale: z.string(),
                overrideReason: Nullable(z.string()),
                overrodeMajority: z.boolean(),
                by: Ref,
                at: Instant,
              })
              .strict(),
          ),
          outcome: Nullable(
            z.discriminatedUnion("kind", [
              z
                .object({
                  kind: z.literal("plan"),
                  keyWorkerId: Ref,
                  coreGroup: z.array(Ref),
                  firstCoreGroupDate: Nullable(IsoDate),
                  nextReviewDate: IsoDate,
                  by: Ref,
                  at: Instant,
                })
                .strict(),
              z
                .object({
                  kind: z.literal("child_in_need"),
                  recommendations: z.array(z.string()),
                  by: Ref,
                  at: Instant,
                })
                .strict(),
            ]),
          ),
          scaling: z.array(
            z
              .object({
                participantId: Ref,
                score: z.number().min(0).max(10),
                reason: z.string(),
                enteredBy: Ref,
                at: Instant,
                shared: z.boolean(),
              })
              .strict(),
          ),
          views: z.array(
            z
              .object({
                participantId: Ref,
                view: z.enum(["plan", "no_plan", "abstain"]),
                recommendedCategory: Nullable(Category),
                reason: z.string(),
                enteredBy: Ref,
                at: Instant,
              })
              .strict(),
          ),
          dissent: z.array(
            z
              .object({
                participantId: Ref,
                reason: z.string(),
                escalate: z.boolean(),
                enteredBy: Ref,
                at: Instant,
              })
              .strict(),
          ),
          reopened: z.array(
            z
              .object({
                plan: z.boolean(),
                categories: z.array(Category),
                reason: z.string(),
                by: Ref,
                at: Instant,
              })
              .strict(),
          ),
        })
        .strict(),
    ),
    content: z.array(
      z
        .object({
          id: Ref,
          kind: ContentKind,
          area: Nullable(MappingArea),
          agendaItem: Nullable(z.string()),
          children: z.array(Ref),
          authorId: Ref,
          createdAt: Instant,
          changedAt: Instant,
          audience: z.enum(["professionals", "family"]),
          withheldFrom: z.array(Ref),
          heldFrom: z.array(Ref),
          /** Family members who had left the meeting when this was made or last changed. */
          missedBy: z.array(Ref),
          forYoungPeople: z.boolean(),
          /** Plain text (minute sections too). */
          text: z.string(),
          /** Minute sections: the rich text. */
          blocks: Nullable(z.array(RichBlockSchema)),
        })
        .strict(),
    ),
    plan: z
      .object({
        shared: z.boolean(),
        actions: z.array(
          z
            .object({
              id: Ref,
              what: z.string(),
              who: z.string(),
              byWhen: z.string(),
              outcome: z.string(),
              children: z.array(Ref),
              by: Ref,
              at: Instant,
            })
            .strict(),
        ),
        contingency: z.array(RichBlockSchema),
        bottomLines: z.array(RichBlockSchema),
      })
      .strict(),
    record: z
      .object({
        signedOff: Nullable(Person.extend({}).strict()),
        addenda: z.array(z.object({ id: Ref, text: z.string(), by: Ref, at: Instant }).strict()),
        chatInRecord: z.array(z.object({ id: Ref, authorId: Ref, text: z.string(), at: Instant }).strict()),
      })
      .strict(),
    copies: z
      .object({
        choices: z.array(
          z
            .object({
              participantId: Ref,
              exclusionParts: z.enum(EXCLUSION_PARTS),
              childCopy: z.boolean(),
              by: Ref,
              at: Instant,
            })
            .strict(),
        ),
        consents: z.array(
          z
            .object({ participantId: Ref, given: z.boolean(), note: z.string(), by: Ref, at: Instant })
            .strict(),
        ),
        distribution: z.array(
          z
            .object({
              id: Ref,
              recipientId: Ref,
              document: z.enum(RECORD_DOCUMENTS),
              format: z.enum(COPY_FORMATS),
              action: z.enum(["sent", "downloaded"]),
              via: Nullable(z.enum(SEND_VIA)),
              by: Ref,
              at: Instant,
            })
            .strict(),
        ),
      })
      .strict(),
  })
  .strict();
export type ConferenceExportV1 = z.infer<typeof ConferenceExportV1>;

const iso = (at: number) => new Date(at).toISOString();
const isoOrNull = (at: number | null | undefined) => (at === null || at === undefined ? null : iso(at));

/** The export of a conference as it stands. */
export function buildExport(state: RoomState, texts: RecordTexts, now: number): ConferenceExportV1 {
  const c = state.conference;
  const d = conferenceDates(state);
  const q = quorumOf(state);
  return {
    schema: EXPORT_SCHEMA,
    version: EXPORT_VERSION,
    exportedAt: iso(now),
    conference: {
      id: c.id,
      title: c.title,
      kind: c.kind,
      scheduledStart: c.scheduledStart,
      date: d.conferenceDate,
      status: c.status,
      policyProfile: { preset: c.policyProfile.preset, name: c.policyProfile.name },
    },
    dates: {
      decisionSummaryDue: d.decisionSummaryDue,
      planDue: d.planDue,
      recordDue: d.recordDue,
      firstCoreGroupBy: d.firstCoreGroupBy,
      nextReviewBy: d.nextReviewBy,
    },
    children: c.children.map((ch) => ({
      id: ch.id,
      name: ch.name,
      dateOfBirth: ch.dateOfBirth ?? null,
      expectedDate: ch.expectedDate ?? null,
      subject: ch.subject,
    })),
    participants: Object.values(state.participants).map((p) => {
      const a = state.attendance[p.id];
      return {
        id: p.id,
        name: p.name,
        role: p.role,
        agency: agencyOf(p) ?? p.agency ?? null,
        directContact: p.directContact,
        supports: p.supports ?? null,
        attendance: {
          presence: a?.presence ?? "invited",
          attended: (a?.admittedAt ?? null) !== null,
          arrivedAt: isoOrNull(a?.admittedAt),
          leftAt: isoOrNull(a?.leftAt),
          late: a?.late ?? false,
          inRoomOnly: p.inRoomOnly,
          reportSubmitted: a?.reportSubmitted ?? false,
        },
      };
    }),
    quorum: {
      quorate: q.quorate,
      agencies: q.agencies,
      minimum: q.minimum,
      proceededInquorate: q.proceededInquorate
        ? { reason: q.proceededInquorate.reason, at: iso(q.proceededInquorate.at) }
        : null,
    },
    exclusions: state.exclusions.map((e) => ({
      id: e.id,
      participantId: e.participantId,
      ground: e.ground,
      note: e.note,
      by: e.by,
      startAt: iso(e.startAt),
      endAt: isoOrNull(e.endAt),
      planned: e.planned,
    })),
    decisions: Object.entries(state.children).map(([childId, child]) => ({
      childId,
      decision: child.decision
        ? {
            plan: child.decision.plan,
            categories: [...child.decision.categories],
            substantialEmotionalConcern: child.decision.substantialEmotionalConcern ?? null,
            rationale: child.decision.rationale,
            overrideReason: child.decision.overrideReason ?? null,
            overrodeMajority: child.decision.overrodeMajority,
            by: child.decision.by,
            at: iso(child.decision.at),
          }
        : null,
      outcome: !child.outcome
        ? null
        : child.outcome.kind === "plan"
          ? {
              kind: "plan" as const,
              keyWorkerId: child.outcome.keyWorkerId,
              coreGroup: [...child.outcome.coreGroup],
              firstCoreGroupDate: child.outcome.firstCoreGroupDate,
              nextReviewDate: child.outcome.nextReviewDate,
              by: child.outcome.by,
              at: iso(child.outcome.at),
            }
          : {
              kind: "child_in_need" as const,
              recommendations: [...child.outcome.recommendations],
              by: child.outcome.by,
              at: iso(child.outcome.at),
            },
      scaling: Object.values(child.scaling.entries).map((e) => ({
        participantId: e.participantId,
        score: e.score,
        reason: e.reason,
        enteredBy: e.enteredBy,
        at: iso(e.at),
        shared: child.scaling.shared.includes(e.participantId),
      })),
      views: Object.values(child.views.entries).map((v) => ({
        participantId: v.participantId,
        view: v.view,
        recommendedCategory: v.recommendedCategory ?? null,
        reason: v.reason,
        enteredBy: v.enteredBy,
        at: iso(v.at),
      })),
      dissent: Object.values(child.dissent).map((x) => ({
        participantId: x.participantId,
        reason: x.reason,
        escalate: x.escalate,
        enteredBy: x.enteredBy,
        at: iso(x.at),
      })),
      reopened: child.history.map((h) => ({
        plan: h.decision.plan,
        categories: [...h.decision.categories],
        reason: h.reopened.reason,
        by: h.reopened.by,
        at: iso(h.reopened.at),
      })),
    })),
    content: Object.values(state.content)
      .filter((m) => !m.removed)
      .map((m) => {
        const blocks = m.kind === "minute_section" ? (texts.minutes[m.id] ?? []) : null;
        return {
          id: m.id,
          kind: m.kind,
          area: m.area ?? null,
          agendaItem: m.agendaItem ?? null,
          children: [...m.children],
          authorId: m.authorId,
          createdAt: iso(m.createdAt),
          changedAt: iso(m.changedAt),
          audience: m.audience,
          withheldFrom: [...m.withheldFrom],
          heldFrom: [...m.heldFrom],
          missedBy: [...(m.missedBy ?? [])],
          forYoungPeople: m.forYoungPeople,
          text: blocks ? blocksToPlainText(blocks) : (texts.texts[m.id] ?? ""),
          blocks,
        };
      }),
    plan: {
      shared: state.record.plan.shared,
      actions: planActions(state.record).map((a) => ({
        id: a.id,
        what: a.what,
        who: a.who,
        byWhen: a.byWhen,
        outcome: a.outcome,
        children: [...a.children],
        by: a.by,
        at: iso(a.at),
      })),
      contingency: texts.plan.contingency,
      bottomLines: texts.plan.bottomLines,
    },
    record: {
      signedOff: state.record.signedOff
        ? { participantId: state.record.signedOff.by, at: iso(state.record.signedOff.at) }
        : null,
      addenda: state.record.addenda.map((a) => ({ id: a.id, text: a.text, by: a.by, at: iso(a.at) })),
      chatInRecord: state.chat
        .filter((m) => m.inRecord)
        .map((m) => ({ id: m.id, authorId: m.authorId, text: m.text, at: iso(m.at) })),
    },
    copies: {
      choices: Object.entries(state.record.choices).map(([participantId, ch]) => ({
        participantId,
        exclusionParts: ch.exclusionParts,
        childCopy: ch.childCopy,
        by: ch.by,
        at: iso(ch.at),
      })),
      consents: Object.entries(state.record.consents).map(([participantId, x]) => ({
        participantId,
        given: x.given,
        note: x.note,
        by: x.by,
        at: iso(x.at),
      })),
      distribution: state.record.distribution.map((e) => ({ ...e, at: iso(e.at) })),
    },
  };
}
