import { Link } from "../components/Link";
import { useTitle } from "../lib/useTitle";

export function HomePage() {
  useTitle("Child protection conferences");
  return (
    <div className="max-w-[640px]">
      <h1 className="mb-[30px] type-xl">Quorum</h1>
      <p className="mb-5 type-lead">
        Quorum is where a child protection conference meets: the family, the professionals and the chair, in
        the same room or joining from wherever they are. Everyone sees what they need to take part, and the
        chair decides what is shared with whom.
      </p>
      <p className="mb-[30px] type-body font-bold">
        Open the personal link you were sent to join your conference.
      </p>
      <p className="mb-[30px] type-body">
        Your link is only for you and works on one device. If you cannot find it, ask the person who invited
        you for a new one.
      </p>
      <h2 className="mb-[15px] type-m">If you arrange conferences</h2>
      <p className="type-body">
        <Link href="/admin">Prepare a conference and send invitations</Link> (for administrators).
      </p>
    </div>
  );
}
