import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { takeJoinToken } from "./lib/joinToken";
import "./styles.css";

// Take a join token out of the address bar before anything else runs or renders.
if (window.location.pathname === "/join") takeJoinToken();

const root = document.getElementById("root");
if (!root) throw new Error("The page has no #root element");
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
