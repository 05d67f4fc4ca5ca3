import { Tag } from "./Tag";

/** Says the service is new, so people expect changes and know their feedback counts. */
export function PhaseBanner({ phase = "Alpha" }: { phase?: string }) {
  return (
    <div className="border-b border-border py-[10px]">
      <p className="flex items-center gap-[10px] type-small">
        <Tag colour="blue">{phase}</Tag>
        <span>This is a new service. It may change as we learn from the people who use it.</span>
      </p>
    </div>
  );
}
