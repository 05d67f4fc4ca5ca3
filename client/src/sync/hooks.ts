import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from "react";
import type * as Y from "yjs";
import { RoomConnection } from "./RoomConnection";

/**
 * One RoomConnection for the lifetime of the component that needs it, made in an effect so that
 * React's StrictMode (which mounts, unmounts and mounts again in development) never leaves the
 * component holding a connection its own cleanup already destroyed. Null until the first effect.
 */
export function useRoomConnection(): RoomConnection | null {
  const [connection, setConnection] = useState<RoomConnection | null>(null);
  useEffect(() => {
    const c = new RoomConnection();
    setConnection(c);
    return () => c.destroy();
  }, []);
  return connection;
}

/** Re-render whenever the connection's status, problem or documents change. */
export function useConnectionVersion(connection: RoomConnection | null): number {
  const [version, setVersion] = useState(0);
  useEffect(() => connection?.subscribe(() => setVersion((v) => v + 1)), [connection]);
  return version;
}

/**
 * A plain snapshot of one top-level Y.Map, refreshed on every change inside it (deletions too: the
 * snapshot is re-read after each observed change, and kept stable in between).
 */
export function useYMap<T = unknown>(doc: Y.Doc | undefined, name: string): Record<string, T> {
  const cache = useRef<{ doc: Y.Doc | undefined; dirty: boolean; value: Record<string, T> }>({
    doc: undefined,
    dirty: true,
    value: {},
  });
  const subscribe = useCallback(
    (onChange: () => void) => {
      if (!doc) return () => {};
      const map = doc.getMap(name);
      const handler = () => {
        cache.current.dirty = true;
        onChange();
      };
      map.observeDeep(handler);
      return () => map.unobserveDeep(handler);
    },
    [doc, name],
  );
  const snapshot = () => {
    const c = cache.current;
    if (c.doc !== doc || c.dirty) {
      c.doc = doc;
      c.dirty = false;
      c.value = doc ? (doc.getMap(name).toJSON() as Record<string, T>) : {};
    }
    return c.value;
  };
  return useSyncExternalStore(subscribe, snapshot);
}
