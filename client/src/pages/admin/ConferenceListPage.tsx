import { useEffect, useState } from "react";
import { CONFERENCE_KIND_LABEL, type ConferenceKind, type ConferenceStatus } from "../../../../shared/domain";
import { ButtonLink } from "../../components/Button";
import { Link } from "../../components/Link";
import { Table } from "../../components/Table";
import { Tag } from "../../components/Tag";
import { ApiError } from "../../lib/api";
import { errorWords } from "../../lib/errors";
import { STATUS_COLOUR, STATUS_LABEL } from "../../lib/labels";
import { formatDateTime } from "../../lib/time";
import { useTitle } from "../../lib/useTitle";
import { useAdmin } from "./adminContext";

interface Row {
  id: string;
  kind: ConferenceKind;
  title: string;
  scheduledStart: string;
  status: ConferenceStatus;
}

export function ConferenceListPage() {
  const admin = useAdmin();
  const [rows, setRows] = useState<Row[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useTitle("Conferences");

  useEffect(() => {
    let live = true;
    admin.call<{ conferences: Row[] }>("GET", "/api/admin/conferences").then(
      (body) => {
        if (live)
          setRows([...body.conferences].sort((a, b) => a.scheduledStart.localeCompare(b.scheduledStart)));
      },
      (err: unknown) => {
        if (live)
          setError(err instanceof ApiError ? errorWords(err.code, err.message) : errorWords("network_error"));
      },
    );
    return () => {
      live = false;
    };
  }, [admin]);

  return (
    <>
      <h1 className="mb-[30px] type-l">Conferences</h1>
      <ButtonLink href="/admin/new" className="mb-[30px]">
        Create a conference
      </ButtonLink>
      {error ? (
        <p role="alert" className="type-body font-bold text-error">
          {error}
        </p>
      ) : rows === null ? (
        <p role="status" className="type-body">
          Loading conferences…
        </p>
      ) : rows.length === 0 ? (
        <p className="type-body">There are no conferences yet.</p>
      ) : (
        <Table
          stack
          caption="All conferences"
          head={["Conference", "Kind", "Starts (UK time)", "Status"]}
          rows={rows.map((c) => ({
            key: c.id,
            cells: [
              <Link key="t" href={`/admin/conferences/${c.id}`}>
                {c.title}
              </Link>,
              CONFERENCE_KIND_LABEL[c.kind],
              formatDateTime(c.scheduledStart),
              <Tag key="s" colour={STATUS_COLOUR[c.status]}>
                {STATUS_LABEL[c.status]}
              </Tag>,
            ],
          }))}
        />
      )}
    </>
  );
}
