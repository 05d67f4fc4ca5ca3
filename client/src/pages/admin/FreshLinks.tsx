import { useState } from "react";
import { ROLE_LABEL } from "../../../../shared/domain";
import { Button } from "../../components/Button";
import { WarningText } from "../../components/InsetText";
import { TextInput } from "../../components/TextInput";
import type { JoinLink } from "../../lib/types";

/**
 * Links just issued. Quorum keeps only a hash of each token, so this is the one chance to copy
 * them: they live in this page's memory and are gone on reload or when hidden.
 */
export function FreshLinks({ links, onHide }: { links: JoinLink[]; onHide: () => void }) {
  const [status, setStatus] = useState<{ participantId: string; text: string } | null>(null);

  const copy = async (link: JoinLink) => {
    const field = document.getElementById(`link-${link.participantId}`) as HTMLInputElement | null;
    try {
      await navigator.clipboard.writeText(link.url);
      setStatus({ participantId: link.participantId, text: `Link for ${link.name} copied` });
    } catch {
      // No clipboard permission (or an old browser): select the text so the person can copy it.
      field?.focus();
      field?.select();
      const copied = typeof document.execCommand === "function" && document.execCommand("copy");
      setStatus({
        participantId: link.participantId,
        text: copied
          ? `Link for ${link.name} copied`
          : "Could not copy. The link is selected: copy it yourself.",
      });
    }
  };

  return (
    <section aria-labelledby="fresh-links-heading" className="mb-[30px] max-w-[640px]">
      <h2 id="fresh-links-heading" className="mb-[15px] type-m">
        Links to send
      </h2>
      <WarningText>
        Copy each link now and send it only to that person. Quorum keeps no copy, so it cannot show a link
        again. You can always issue a new one.
      </WarningText>
      <ul>
        {links.map((link) => (
          <li key={link.participantId} className="mb-5 border-b border-border pb-[10px]">
            <TextInput
              id={`link-${link.participantId}`}
              label={
                <>
                  <span className="font-bold">{link.name}</span>, {ROLE_LABEL[link.role]}
                </>
              }
              value={link.url}
              onChange={() => {}}
              readOnly
              spellCheck={false}
              onFocus={(e) => e.currentTarget.select()}
              className="font-mono text-[0.875rem]"
            />
            <div className="-mt-[15px] mb-[10px] flex flex-wrap items-center gap-x-4 gap-y-2 tablet:-mt-5">
              <Button variant="secondary" onClick={() => copy(link)}>
                Copy link<span className="sr-only"> for {link.name}</span>
              </Button>
              <span role="status" className="type-body font-bold text-success">
                {status?.participantId === link.participantId ? status.text : ""}
              </span>
            </div>
          </li>
        ))}
      </ul>
      <Button variant="secondary" onClick={onHide}>
        I have sent the links, hide them
      </Button>
    </section>
  );
}
