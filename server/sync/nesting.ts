import * as Y from "yjs";

/**
 * How deep an update would nest shared types, decided before it is applied (updateCheck.ts).
 *
 * Why: Yjs deletes and garbage-collects a nested type recursively, a few stack frames per level, so
 * a type a few thousand levels deep cannot be deleted: the transaction throws half-way ("Maximum call
 * stack size exceeded") with the document changed in memory but the change neither stored nor
 * relayed. A writer could build such a tower in one 1 MiB frame (about 20 bytes a level) and leave a
 * minute section nobody can remove. No editor nests anywhere near this deep: TipTap's minutes are a
 * fragment > list > list item > … > paragraph > text, two levels per list level.
 *
 * The depth of a type is the number of types from its root to it: a root type is 0, a minute
 * section's fragment (a value of the root map `minutes`) is 1, its paragraph 2, the paragraph's text
 * 3. An update whose new types would reach past `max` is refused whole.
 *
 * Cost: linear in the update's structs (each struct's parent is resolved once, without recursion:
 * chains of origins are followed iteratively), plus at most `max` steps per reference into the doc.
 */
export const MAX_TYPE_DEPTH = 100;

type Struct = Y.Item | Y.GC | Y.Skip;

export function nestsTooDeep(doc: Y.Doc, structs: readonly Struct[], max = MAX_TYPE_DEPTH): boolean {
  // Only new types can nest too deep; most updates (typing) carry none, and need nothing built here.
  if (!structs.some(isNewType)) return false;
  // Each client's structs, in clock order (as the update holds them), for finding an id's holder.
  const byClient = new Map<number, number[]>();
  structs.forEach((s, i) => {
    const list = byClient.get(s.id.client);
    if (list) list.push(i);
    else byClient.set(s.id.client, [i]);
  });
  const holderInUpdate = (id: Y.ID): number | undefined => {
    const list = byClient.get(id.client);
    if (!list) return undefined;
    let lo = 0;
    let hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const s = structs[list[mid]!]!;
      if (id.clock < s.id.clock) hi = mid - 1;
      else if (id.clock >= s.id.clock + s.length) lo = mid + 1;
      else return list[mid];
    }
    return undefined;
  };

  const typeDepths = new Map<Y.AbstractType<unknown>, number>();
  /** Depth of a type already in the doc (walks up at most `max + 1` levels). */
  const depthOfType = (type: Y.AbstractType<unknown>): number => {
    const known = typeDepths.get(type);
    if (known !== undefined) return known;
    let depth = 0;
    for (let t = type; t._item !== null && depth <= max; depth++)
      t = t._item.parent as Y.AbstractType<unknown>;
    typeDepths.set(type, depth);
    return depth;
  };
  const docItem = (id: Y.ID): Y.Item | undefined => {
    if (id.clock >= Y.getState(doc.store, id.client)) return undefined;
    const s = Y.getItem(doc.store, id);
    return s instanceof Y.Item ? s : undefined;
  };

  /** Depth of the type each struct of the update would be a child of (memoised by index). */
  const parentDepth = new Map<number, number>();
  const resolve = (start: number): number => {
    // Follow parents and origins through the update until a known depth, the doc or a root;
    // then fill the chain in backwards. `step` is 1 when the next link is the parent type's item.
    const chain: { index: number; step: number }[] = [];
    let index = start;
    let base = 0;
    for (;;) {
      // A cycle cannot be integrated (updateCheck refuses it first); never loop on one here either.
      if (chain.length > structs.length) return max + 1;
      const known = parentDepth.get(index);
      if (known !== undefined) {
        base = known;
        break;
      }
      const s = structs[index]!;
      // GC and skipped structs have no parent; Yjs turns items that hang off them into GC.
      if (!(s instanceof Y.Item)) break;
      const parent = s.parent as unknown;
      if (typeof parent === "string") {
        chain.push({ index, step: 0 });
        break;
      }
      const viaParent = parent instanceof Y.ID;
      const ref = viaParent ? (parent as Y.ID) : (s.origin ?? s.rightOrigin);
      if (!ref) {
        chain.push({ index, step: 0 });
        break;
      }
      const next = holderInUpdate(ref);
      if (next === undefined || next === index) {
        const item = docItem(ref);
        if (item) {
          if (viaParent) base = item.content instanceof Y.ContentType ? depthOfType(item.content.type) : 0;
          else base = item.parent instanceof Y.AbstractType ? depthOfType(item.parent) : 0;
        }
        chain.push({ index, step: 0 });
        break;
      }
      chain.push({ index, step: viaParent ? 1 : 0 });
      index = next;
    }
    // chain[k]'s parent depth is chain[k+1]'s plus chain[k].step; past the last link it is `base`.
    let depth = base;
    for (let k = chain.length - 1; k >= 0; k--) {
      const link = chain[k]!;
      depth += link.step;
      parentDepth.set(link.index, depth);
    }
    return parentDepth.get(start) ?? base;
  };

  for (let i = 0; i < structs.length; i++) {
    const s = structs[i]!;
    if (isNewType(s) && resolve(i) + 1 > max) return true;
  }
  return false;
}

function isNewType(s: Struct): boolean {
  return s instanceof Y.Item && s.content instanceof Y.ContentType;
}
