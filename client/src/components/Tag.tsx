import type { ReactNode } from "react";

export type TagColour = "grey" | "green" | "red" | "blue" | "yellow";

const COLOURS: Record<TagColour, string> = {
  grey: "bg-tag-grey-bg text-tag-grey-text",
  green: "bg-tag-green-bg text-tag-green-text",
  red: "bg-tag-red-bg text-tag-red-text",
  blue: "bg-tag-blue-bg text-tag-blue-text",
  yellow: "bg-tag-yellow-bg text-tag-yellow-text",
};

/** A status in words; the colour only repeats what the words say. */
export function Tag({ colour = "blue", children }: { colour?: TagColour; children: ReactNode }) {
  return (
    <strong
      className={`inline-block max-w-40 px-2 pt-[2px] pb-[3px] type-body font-normal ${COLOURS[colour]}`}
    >
      {children}
    </strong>
  );
}
