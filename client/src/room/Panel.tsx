import type { ReactNode } from "react";

/** One labelled block of a column in the room (the lobby, the register, the chat…). */
export function RoomPanel({ id, title, children }: { id: string; title: ReactNode; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="mb-[30px]">
      <h2 id={id} className="mb-[10px] border-b border-border pb-[5px] type-s">
        {title}
      </h2>
      {children}
    </section>
  );
}
