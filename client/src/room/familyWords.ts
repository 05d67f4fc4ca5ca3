import type { AgendaItem } from "../../../shared/room";

/** Each agenda item in plain words for a family member (DOMAIN.md: short sentences, no jargon). */
export const FAMILY_AGENDA_WORDS: Record<AgendaItem, { title: string; words: string }> = {
  introductions: {
    title: "Saying hello",
    words: "Everyone says who they are and why they are here. The chair says who could not come.",
  },
  childs_voice: {
    title: "What the children think",
    words: "We hear what the children have said about their lives and what they want.",
  },
  family_support: {
    title: "Family and friends who help",
    words: "We talk about the people around your family who can help and support you.",
  },
  danger_statement: {
    title: "The worries and what needs to change",
    words:
      "The social worker says clearly what they are worried could happen. Then we agree what needs to be true for the children to be safe.",
  },
  review_of_plan: {
    title: "How the plan has gone",
    words: "We look at what everyone agreed to do last time, and what has happened.",
  },
  worries: {
    title: "What we are worried about",
    words: "People share what they are worried about, and why.",
  },
  going_well: { title: "What is going well", words: "People share what is working well for the children." },
  chairs_summary: { title: "The chair sums up", words: "The chair sums up what everyone has said." },
  decision: {
    title: "The decision",
    words: "The chair decides whether each child needs a child protection plan. The chair will explain it.",
  },
  plan: {
    title: "The plan",
    words:
      "We agree what needs to happen next, who will do it and by when, and what happens if things do not change.",
  },
  next_steps: {
    title: "What happens next",
    words: "We agree who will meet to carry out the plan, and when the next conference will be.",
  },
};

export const CONTRIBUTION_AREAS = [
  { value: "going_well", label: "What is going well" },
  { value: "worries_future_danger", label: "What I am worried about" },
  { value: "next_steps", label: "What needs to happen next" },
] as const;
export type ContributionArea = (typeof CONTRIBUTION_AREAS)[number]["value"];

/** The same agenda in words for a young person (`003` std 3: nothing age-inappropriate or frightening). */
export const YOUNG_AGENDA_WORDS: Record<AgendaItem, { title: string; words: string }> = {
  introductions: { title: "Saying hello", words: "Everyone says their name and why they are here." },
  childs_voice: {
    title: "What you think",
    words:
      "This is your time. Everyone listens to what you want to say, in your words, a letter or a picture.",
  },
  family_support: {
    title: "People who help",
    words: "We talk about family and friends who help your family.",
  },
  danger_statement: {
    title: "What needs to change",
    words: "The social worker says what they are worried about, and what needs to happen so you are safe.",
  },
  review_of_plan: {
    title: "How things have gone",
    words: "We look at what everyone said they would do last time.",
  },
  worries: { title: "Worries", words: "People say what they are worried about." },
  going_well: { title: "Good things", words: "People say what is going well for you and your family." },
  chairs_summary: { title: "The chair sums up", words: "The chair says what everyone has said." },
  decision: {
    title: "The decision",
    words:
      "The chair decides if there needs to be a plan to help keep you safe. They will explain what it means.",
  },
  plan: { title: "The plan", words: "Everyone agrees what they will do to help, and by when." },
  next_steps: { title: "What happens next", words: "We agree when people will meet again." },
};

/** The headings and lines of the family view, for a parent or carer and for a young person. */
export const VIEW_WORDS = {
  family: {
    heading: "Your conference",
    now: "What we are talking about now",
    hand: "Raise your hand if you want to speak. The chair will ask you.",
    who: "Who is here",
    shared: "What has been shared with you",
    nothingShared: "Nothing has been shared with you yet.",
    yours: "Add what you think",
    yoursNote: "Only the professionals and you can see this unless the chair shares it.",
    added: "What you have added",
    voices: "What the children have said",
    fromChild: "From",
  },
  young: {
    heading: "Your meeting",
    now: "What we are talking about now",
    hand: "Raise your hand if you want to say something. The chair will ask you.",
    who: "Who is here",
    shared: "What people have shared with you",
    nothingShared: "Nothing has been shared with you yet.",
    yours: "Add what you think",
    yoursNote: "Only the professionals and you can see this, unless the chair shares it.",
    added: "What you have added",
    voices: "Your views",
    fromChild: "From",
  },
} as const;
export type ViewWords = (typeof VIEW_WORDS)[keyof typeof VIEW_WORDS];

/** How to complain, and to whom (`000` ch.11; `001` 7.13). */
export const COMPLAINT_WORDS = {
  family: {
    heading: "If you are unhappy",
    intro:
      "You can complain about how the conference was run, or about a decision it made. You have a right to complain. Complaining will not change how decisions about the plan are made.",
    steps: (chair: string) => [
      `Talk to the chair first${chair === "the chair" ? "" : `. The chair today is ${chair}`}. They will make time to talk with you and try to put things right.`,
      "If you are still unhappy, contact the manager of the child protection conference service at the council. Your social worker can give you their details. The conference guide sent with your invitation explains how to complain.",
    ],
    agencies:
      "A complaint about one organisation, such as the police, a school or a health service, goes to that organisation.",
  },
  young: {
    heading: "If you are not happy",
    intro:
      "If you are not happy with how the meeting went, or with what was decided, you can say so. You will not get into trouble.",
    steps: (chair: string) => [
      `Tell the chair (${chair}), your advocate or your social worker.`,
      "They will listen, and help you make a complaint if you want to.",
    ],
    agencies: "",
  },
} as const;

/** The waiting screen of someone out of the meeting for a while (an exclusion or a split conference). */
export const OUT_WORDS = {
  family: {
    heading: "Please wait: you will be asked back",
    lines: [
      "The chair has asked you to be out of the meeting for a while. This is part of how the meeting is run.",
      "You can send your views to the chair. The chair will tell the meeting what you said.",
      "You will always be told the decision.",
    ],
    box: "Your views for the chair",
    send: "Send to the chair",
    sent: "Sent. The chair can read it now.",
  },
  young: {
    heading: "Please wait: you will be asked back",
    lines: [
      "The chair has asked you to wait outside the meeting for a while. You have not done anything wrong.",
      "You can write to the chair. The chair will tell everyone what you said.",
    ],
    box: "What you want the chair to know",
    send: "Send to the chair",
    sent: "Sent. The chair can read it now.",
  },
} as const;
