import { Link } from "../components/Link";
import { useTitle } from "../lib/useTitle";

export function NotFoundPage() {
  useTitle("Page not found");
  return (
    <div className="max-w-[640px]">
      <h1 className="mb-[30px] type-l">Page not found</h1>
      <p className="mb-5 type-body">If you typed the address, check it is correct.</p>
      <p className="mb-5 type-body">
        If you are joining a conference, open the personal link you were sent. It ends with a long code.
      </p>
      <p className="type-body">
        <Link href="/">Go to the start page</Link>
      </p>
    </div>
  );
}
