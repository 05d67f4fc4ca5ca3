import type { ReactNode } from "react";
import { useTitle } from "../lib/useTitle";

/** A page with one message and nothing to do: removed, ended, refused, signed out. */
function PlainPage({ title, children }: { title: string; children: ReactNode }) {
  useTitle(title);
  return (
    <div className="max-w-[640px]">
      <h1 className="mb-[30px] type-l">{title}</h1>
      <div className="space-y-5 type-body">{children}</div>
    </div>
  );
}

export function RemovedPage() {
  return (
    <PlainPage title="You have been removed from the conference">
      <p>The chair has asked you to leave this conference. You cannot join it again from this device.</p>
      <p>If you think this is wrong, contact the chair or the conference team after the meeting.</p>
    </PlainPage>
  );
}

export function EndedPage() {
  return (
    <PlainPage title="The conference has ended">
      <p>The chair has ended the conference. You can close this page.</p>
      <p>A written record of the meeting will be sent to you. It leaves out anything you may not see.</p>
    </PlainPage>
  );
}

export function RefusedPage() {
  return (
    <PlainPage title="The chair has not let you in">
      <p>The chair has decided that you cannot join this conference at the moment.</p>
      <p>If you have questions, contact the chair or the conference team.</p>
    </PlainPage>
  );
}

export function ApologiesPage() {
  return (
    <PlainPage title="You have sent your apologies">
      <p>The register shows that you sent your apologies for this conference.</p>
      <p>If you can come after all, ask the chair or the minute taker to let you in.</p>
    </PlainPage>
  );
}

export function SignedOutPage({ words }: { words: string }) {
  return (
    <PlainPage title="You are no longer signed in">
      <p>{words}</p>
      <p>Open the personal link you were sent to come back.</p>
    </PlainPage>
  );
}

export function ConnectingPage({ words }: { words: string | null }) {
  return (
    <div className="max-w-[640px]">
      <p role="status" className="type-body">
        {words ?? "Connecting to the conference…"}
      </p>
    </div>
  );
}
