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
