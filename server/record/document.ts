import type { DecisionSummary } from "../../shared/decisionSummary";
import { PLAN_TEXT_LABEL } from "../../shared/record";
import type { CopyContent, CopyMinuteSection, CopyPerson, RecordCopy } from "../../shared/recordCopy";
import { hasWords, plainBlocks, type RichBlock, type RichRun } from "../../shared/richText";

/**
 * A copy laid out once, as headings, paragraphs and lists, for both renderers (pdf.ts, docx.ts): what
 * a copy says and in which order is decided here, how it looks there. Every word comes from the copy
 * (shared/recordCopy.ts), which has already left out what the recipient may not see.
 */

export type DocNode =
  | { type: "heading"; level: 1 | 2 | 3; text: string }
  | { type: "paragraph"; runs: RichRun[] }
  | { type: "list"; ordered: boolean; items: { depth: number; runs: RichRun[] }[] }
  | { type: "quote"; runs: RichRun[] };

export interface RenderDoc {
  title: string;
  subject: string;
  author: string;
  lang: "en-GB";
  nodes: DocNode[];
}

const dateFormat = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  day: "numeric",
  month: "long",
  year: "numeric",
});
const timeFormat = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  hour: "2-digit",
  minute: "2-digit",
});

/** "1 December 2026" from an ISO date; "ongoing" stays as words. */
export function dateWords(date: string | null): string {
  if (!date) return "not set";
  if (date === "ongoing") return "Ongoing";
  const t = new Date(`${date}T12:00:00Z`);
  return Number.isNaN(t.getTime()) ? date : dateFormat.format(t);
}

export function instantWords(at: number): string {
  const t = new Date(at);
  return `${dateFormat.format(t)} at ${timeFormat.format(t)}`;
}

function timeWords(at: number): string {
  return timeFormat.format(new Date(at));
}

const text = (t: string): RichRun[] => [{ text: t }];
const labelled = (label: string, value: string): RichRun[] => [
  { text: `${label}: `, bold: true },
  { text: value },
];

function personWords(p: CopyPerson | null): string {
  if (!p) return "not recorded";
  return [p.name, p.roleLabel, p.agency].filter(Boolean).join(", ");
}

class Builder {
  readonly nodes: DocNode[] = [];
  heading(level: 1 | 2 | 3, t: string): void {
    this.nodes.push({ type: "heading", level, text: t });
  }
  para(runs: RichRun[] | string): void {
    this.nodes.push({ type: "paragraph", runs: typeof runs === "string" ? text(runs) : runs });
  }
  list(items: (RichRun[] | string)[], ordered = false): void {
    if (items.length === 0) return;
    this.nodes.push({
      type: "list",
      ordered,
      items: items.map((i) => ({ depth: 0, runs: typeof i === "string" ? text(i) : i })),
    });
  }
  /** Rich blocks (minutes, contingency, bottom lines): consecutive list items become one list. */
  blocks(blocks: readonly RichBlock[], empty = "Nothing was written."): void {
    if (!hasWords(blocks)) {
      this.para(empty);
      return;
    }
    for (const b of blocks) {
      if (b.type === "bullet" || b.type === "numbered") {
        const ordered = b.type === "numbered";
        const last = this.nodes.at(-1);
        if (last?.type === "list" && last.ordered === ordered)
          last.items.push({ depth: b.depth, runs: b.runs });
        else this.nodes.push({ type: "list", ordered, items: [{ depth: b.depth, runs: b.runs }] });
      } else if (b.type === "heading") this.heading(3, b.runs.map((r) => r.text).join(""));
      else if (b.type === "quote") this.nodes.push({ type: "quote", runs: b.runs });
      else if (b.runs.some((r) => r.text.trim())) this.para(b.runs);
    }
  }
  contents(items: CopyContent[], empty: string): void {
    if (items.length === 0) {
      this.para(empty);
      return;
    }
    this.list(
      items.map((i) => [
        { text: i.text.trim() || "(no words written)" },
        {
          text: ` (${[i.by, i.children.length > 0 ? `about ${i.children.join(" and ")}` : ""].filter(Boolean).join("; ")})`,
          italic: true,
        },
      ]),
    );
  }
  sections(sections: CopyMinuteSection[]): void {
    for (const s of sections) {
      if (s.children.length > 0) this.para([{ text: `About ${s.children.join(" and ")}`, italic: true }]);
      this.blocks(s.blocks);
    }
  }
}

/** The layout of one copy of the record. */
export function recordDocument(copy: RecordCopy): RenderDoc {
  const b = new Builder();
  const c = copy.conference;
  const full = copy.kind === "full";
  b.heading(1, "Record of the child protection conference");
  b.para([{ text: c.title, bold: true }]);
  b.para(
    copy.signedOff
      ? `Signed off by ${copy.signedOff.by ?? "the chair"} on ${instantWords(copy.signedOff.at)}.`
      : "Draft: the chair has not signed this record off yet.",
  );
  if (copy.recipient) {
    const withWords = copy.recipient.with ? ` (with ${copy.recipient.with.name})` : "";
    b.para(labelled("This copy is for", `${personWords(copy.recipient)}${withWords}`));
  } else b.para(labelled("This copy is", full ? "the full record (professionals' copy)" : "a family copy"));
  for (const note of copy.notes) b.para([{ text: note, italic: true }]);

  b.heading(2, "About the conference");
  b.list([
    labelled("Kind", c.kindLabel),
    labelled("Date", dateWords(c.date)),
    labelled("Chair", personWords(c.chair)),
    labelled("Minute taker", personWords(c.minuteTaker)),
    labelled("Procedures followed", c.policy),
  ]);

  b.heading(2, "Who attended");
  b.list(
    copy.attendance.attended.map((p) => {
      const times =
        p.arrivedAt !== null
          ? ` (from ${timeWords(p.arrivedAt)}${p.leftAt !== null ? ` to ${timeWords(p.leftAt)}` : ""}${p.late ? ", late" : ""})`
          : "";
      return `${personWords(p)}${p.inRoom ? ", in the room" : ""}${times}`;
    }),
  );
  if (copy.attendance.attended.length === 0) b.para("Nobody is recorded as attending.");
  b.heading(3, "Apologies");
  if (copy.attendance.apologies.length === 0) b.para("None.");
  b.list(
    copy.attendance.apologies.map(
      (p) => `${personWords(p)}${p.reportSubmitted ? " (a report was sent)" : " (no report was sent)"}`,
    ),
  );
  if (copy.attendance.notPresent.length > 0) {
    b.heading(3, "Invited but did not attend");
    b.list(copy.attendance.notPresent.map(personWords));
  }

  b.heading(2, "Quorum");
  const q = copy.quorum;
  b.para(
    q.quorate
      ? `The conference was quorate: ${q.agencies.length} agencies took part (${q.agencies.join(", ")}); at least ${q.minimum} are needed.`
      : `The conference was not quorate: ${q.agencies.length} of the ${q.minimum} agencies needed took part${q.agencies.length > 0 ? ` (${q.agencies.join(", ")})` : ""}.`,
  );
  if (q.proceededInquorate) {
    b.para(labelled("The chair went ahead without a quorum", q.proceededInquorate.reason));
    b.para("An early review conference must follow.");
  }

  if (copy.exclusions.length > 0) {
    b.heading(2, full ? "Exclusions" : "When you were out of the meeting");
    b.list(
      copy.exclusions.map((e) => {
        const when = `from ${instantWords(e.startAt)}${e.endAt !== null ? ` to ${timeWords(e.endAt)} (${e.minutes} minutes)` : " until the end"}`;
        return `${e.who}: ${e.ground}; ${when}${e.planned ? "; decided before the meeting" : ""}${e.note ? `. Note: ${e.note}` : ""}`;
      }),
    );
  }

  for (const child of copy.children) {
    b.heading(2, `The decision for ${child.name}`);
    const d = child.decision;
    if (!d) b.para("No decision was recorded.");
    else {
      b.para([{ text: d.text, bold: true }]);
      if (d.categories.length > 0) b.para(labelled("Category", d.categories.join(", ")));
      if (d.rationale) b.para(labelled("Reasons", d.rationale));
      if (d.substantialEmotionalConcern)
        b.para(labelled("Substantial emotional concern", d.substantialEmotionalConcern));
      if (d.overrodeMajority && d.overrideReason)
        b.para(labelled("The chair decided against the majority of professionals", d.overrideReason));
    }
    const o = child.outcome;
    if (o?.kind === "plan") {
      b.list([
        labelled("Key worker", personWords(o.keyWorker)),
        labelled("Core group", o.coreGroup.map(personWords).join("; ") || "not recorded"),
        labelled("First core group meeting", dateWords(o.firstCoreGroupDate)),
        labelled("Next review conference", dateWords(o.nextReviewDate)),
      ]);
    } else if (o?.kind === "child_in_need") {
      b.heading(3, "Recommendations for a child in need plan");
      b.list(o.recommendations);
    }
    if (child.scaling.length > 0) {
      b.heading(3, `Safety scaling for ${child.name} (0 to 10)`);
      b.list(
        child.scaling.map((s) => [
          { text: `${personWords(s)}: ${s.score}`, bold: true },
          { text: ` — ${s.reason}` },
        ]),
      );
    }
    if (child.views.length > 0) {
      b.heading(3, "Professionals' views");
      b.list(
        child.views.map(
          (v) =>
            `${personWords(v)}: ${v.view}${v.recommendedCategory ? ` (${v.recommendedCategory})` : ""} — ${v.reason}`,
        ),
      );
    }
    if (child.dissent.length > 0) {
      b.heading(3, "Dissent");
      b.list(
        child.dissent.map(
          (x) => `${personWords(x)}: ${x.reason}${x.escalate ? " (asks for escalation)" : ""}`,
        ),
      );
    }
    if (child.history.length > 0) {
      b.heading(3, "Earlier decisions the chair reopened");
      b.list(child.history.map((h) => `${h.text} Reopened on ${instantWords(h.reopenedAt)}: ${h.reason}`));
    }
  }

  b.heading(2, "The chair's summary");
  if (copy.chairsSummary.length === 0) b.para("Not included in this copy.");
  b.sections(copy.chairsSummary);

  b.heading(2, "Danger statement");
  b.contents(copy.dangerStatements, "None in this copy.");
  b.heading(2, "Safety goals");
  b.contents(copy.safetyGoals, "None in this copy.");
  if (copy.childsVoice.length > 0) {
    b.heading(2, "The child's voice");
    b.contents(copy.childsVoice, "");
  }
  if (copy.mapping.length > 0) {
    b.heading(2, "The mapping");
    for (const area of copy.mapping) {
      b.heading(3, area.label);
      b.contents(area.items, "");
    }
  }
  if (copy.familyViews.length > 0) {
    b.heading(2, "Views sent to the chair");
    b.contents(copy.familyViews, "");
  }

  b.heading(2, "The plan");
  if (copy.plan.actions.length === 0) b.para("No actions were recorded.");
  copy.plan.actions.forEach((a, i) => {
    b.heading(3, `Action ${i + 1}`);
    b.list([
      labelled("What", a.what),
      labelled("Who", a.who),
      labelled("By when", dateWords(a.byWhen)),
      labelled("What it should achieve", a.outcome),
      ...(a.children.length > 0 ? [labelled("For", a.children.join(" and "))] : []),
    ]);
  });
  b.heading(3, PLAN_TEXT_LABEL.contingency);
  b.blocks(copy.plan.contingency);
  b.heading(3, PLAN_TEXT_LABEL.bottomLines);
  b.blocks(copy.plan.bottomLines);

  const minutes = copy.minutes.filter((m) => m.agendaItem !== "chairs_summary");
  b.heading(2, "Minutes");
  if (minutes.length === 0) b.para("No minutes in this copy.");
  for (const m of minutes) {
    b.heading(3, m.label);
    b.sections(m.sections);
  }

  if (copy.chatInRecord.length > 0) {
    b.heading(2, "Messages added to the record");
    b.list(copy.chatInRecord.map((m) => `${m.by} (${timeWords(m.at)}): ${m.text}`));
  }
  if (copy.addenda.length > 0) {
    b.heading(2, "Addenda");
    for (const a of copy.addenda) {
      b.para([{ text: `${instantWords(a.at)}, ${a.by ?? "the chair"}:`, bold: true }]);
      b.blocks(plainBlocks(a.text));
    }
  }
  return {
    title: `Record of the conference: ${c.title}`,
    subject: copy.recipient ? `Copy for ${copy.recipient.name}` : "Full record",
    author: c.chair?.name ?? "Quorum",
    lang: "en-GB",
    nodes: b.nodes,
  };
}

/** The layout of the decision summary. */
export function decisionSummaryDocument(summary: DecisionSummary): RenderDoc {
  const b = new Builder();
  const c = summary.conference;
  b.heading(1, "Decision summary");
  b.para([{ text: c.title, bold: true }]);
  b.list([
    labelled("Kind", c.kindLabel),
    labelled("Date", dateWords(c.date)),
    labelled("Chair", personWords(c.chair)),
    labelled("To be sent by", dateWords(summary.due)),
  ]);
  for (const child of summary.children) {
    b.heading(2, child.name);
    b.para([{ text: child.decision ?? "No decision was recorded.", bold: true }]);
    if (child.categories.length > 0) b.para(labelled("Category", child.categories.join(", ")));
    if (child.plan) {
      b.list([
        labelled("Key worker", personWords(child.keyWorker)),
        labelled("Core group", child.coreGroup.map(personWords).join("; ") || "not recorded"),
        labelled("First core group meeting", dateWords(child.firstCoreGroupDate)),
        labelled("Next review conference", dateWords(child.nextReviewDate)),
      ]);
    }
    if (child.recommendations.length > 0) {
      b.heading(3, "Recommendations for a child in need plan");
      b.list(child.recommendations);
    }
  }
  if (summary.earlyReview)
    b.para("The conference went ahead without a quorum: an early review conference must follow.");
  b.para([{ text: "The full record of the conference will follow.", italic: true }]);
  return {
    title: `Decision summary: ${c.title}`,
    subject: "Decision summary",
    author: c.chair?.name ?? "Quorum",
    lang: "en-GB",
    nodes: b.nodes,
  };
}
