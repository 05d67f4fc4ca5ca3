import { useEffect, useRef } from "react";
import { Layout } from "./components/Layout";
import { usePath } from "./lib/router";
import { AdminApp } from "./pages/admin/AdminApp";
import { ConferencePage } from "./pages/ConferencePage";
import { HomePage } from "./pages/HomePage";
import { JoinPage } from "./pages/JoinPage";
import { NotFoundPage } from "./pages/NotFoundPage";

function page(path: string) {
  if (path === "/") return <HomePage />;
  if (path === "/join") return <JoinPage />;
  if (path === "/conference") return <ConferencePage />;
  if (path === "/admin" || path.startsWith("/admin/")) return <AdminApp path={path} />;
  return <NotFoundPage />;
}

/**
 * After moving to another page inside the app, start a keyboard or screen-reader user at the top
 * of the new content, as a full page load would, instead of leaving focus on a link that is gone.
 */
function useFocusOnNavigate(path: string) {
  const previous = useRef(path);
  useEffect(() => {
    if (previous.current === path) return;
    previous.current = path;
    window.scrollTo(0, 0);
    document.getElementById("main-content")?.focus({ preventScroll: true });
  }, [path]);
}

export function App() {
  const path = usePath();
  useFocusOnNavigate(path);
  return <Layout wide={path === "/conference"}>{page(path)}</Layout>;
}
