import { AGENDA_LABEL, type AgendaItem } from "../../../shared/room";
import { Button, LinkButton } from "../components/Button";
import { Tag } from "../components/Tag";
import { CommandError } from "./CommandError";
import { RoomPanel } from "./Panel";
import { useCommand } from "./useCommand";

/** The agenda with the current item marked in words; the chair moves it. */
export function Agenda({ items, current, chair }: { items: AgendaItem[]; current: number; chair: boolean }) {
  const cmd = useCommand();
  const move = (index: number) => void cmd.run({ type: "agenda.move", index });
  const now = items[current];
  return (
    <RoomPanel id="agenda-title" title="Agenda">
      <p className="mb-[10px] type-body" aria-live="polite">
        <span className="text-secondary">Now: </span>
        <strong data-testid="current-item">{now ? AGENDA_LABEL[now] : ""}</strong>
      </p>
      <ol className="mb-[10px]">
        {items.map((item, index) => (
          <li
            key={item}
            aria-current={index === current ? "step" : undefined}
            className={`flex flex-wrap items-baseline gap-x-2 border-l-[5px] py-[3px] pl-[10px] type-body ${index === current ? "border-brand font-bold" : "border-transparent"}`}
          >
            <span>
              {index + 1}. {AGENDA_LABEL[item]}
            </span>
            {index === current ? <Tag colour="blue">Now</Tag> : null}
            {chair && index !== current ? (
              <LinkButton className="type-small" onClick={() => move(index)} disabled={cmd.busy}>
                Go to<span className="sr-only"> {AGENDA_LABEL[item]}</span>
              </LinkButton>
            ) : null}
          </li>
        ))}
      </ol>
      {chair && current < items.length - 1 ? (
        <Button disabled={cmd.busy} onClick={() => move(current + 1)}>
          Next item
        </Button>
      ) : null}
      <CommandError text={cmd.error} />
    </RoomPanel>
  );
}
