/** A refused command, in plain words beside the control that sent it; "Error:" is read out. */
export function CommandError({ id, text }: { id?: string; text: string | null }) {
  if (!text) return null;
  return (
    <p id={id} role="alert" className="my-[10px] type-body font-bold text-error">
      <span className="sr-only">Error: </span>
      {text}
    </p>
  );
}
