import type { ReactNode } from "react";
import { Link } from "./Link";
import { PhaseBanner } from "./PhaseBanner";

const WIDTH = "mx-auto w-full max-w-[1020px] px-[15px] tablet:px-[30px]";
/** The live room uses the whole of a 1280px screen: the chair's console has three columns. */
const WIDE = "mx-auto w-full max-w-[1400px] px-[15px] tablet:px-[30px]";

/** Skip straight to the page's content (main has tabindex="-1", so following the link focuses it). */
function SkipLink() {
  return (
    <a
      href="#main-content"
      className="sr-only block type-body focus:not-sr-only focus:block focus:px-[15px] focus:py-[10px] focus:underline"
    >
      Skip to main content
    </a>
  );
}

function Header() {
  return (
    <header className="border-b-[10px] border-brand bg-ink text-white">
      <div className={`${WIDTH} flex min-h-[60px] items-center py-[10px]`}>
        <Link
          href="/"
          className="type-l text-white no-underline hover:text-white hover:underline hover:decoration-[3px]"
        >
          Quorum
        </Link>
        <span className="ml-[15px] hidden type-body text-white tablet:inline">
          Child protection conferences
        </span>
      </div>
    </header>
  );
}

function Footer() {
  return (
    <footer className="border-t-[1px] border-border bg-light-grey py-[25px] tablet:py-10">
      <div className={`${WIDTH} type-small text-secondary`}>
        <p>
          What is said and shared in a child protection conference is confidential. It is held and shared
          under data protection law.
        </p>
      </div>
    </footer>
  );
}

export function Layout({ children, wide = false }: { children: ReactNode; wide?: boolean }) {
  return (
    <div className="flex min-h-screen flex-col">
      <SkipLink />
      <Header />
      <div className={`${wide ? WIDE : WIDTH} flex-1`}>
        <PhaseBanner />
        <main id="main-content" tabIndex={-1} className="pt-5 pb-5 tablet:pt-10 tablet:pb-10">
          {children}
        </main>
      </div>
      <Footer />
    </div>
  );
}
