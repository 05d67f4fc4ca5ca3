import Collaboration from "@tiptap/extension-collaboration";
import { EditorContent, useEditor, useEditorState } from "@tiptap/react";
import StarterKit from "@tiptap/starter-kit";
import { useEffect, useState } from "react";
import * as Y from "yjs";

/**
 * Rich text written together: TipTap (ProseMirror) bound to one Y.XmlFragment of the professional
 * document (`minutes` or `plan`). Only what the record keeps is offered — paragraphs, headings, lists,
 * quotes, bold and italic (server/record/texts.ts reads nothing else). TipTap's own CSS is not
 * injected (the CSP allows no inline style); styles.css styles `.rich-text`.
 */
export function RichTextEditor({
  fragment,
  labelId,
  describedBy,
  editable,
}: {
  fragment: Y.XmlFragment;
  labelId: string;
  describedBy?: string | undefined;
  editable: boolean;
}) {
  const editor = useEditor(
    {
      extensions: [
        StarterKit.configure({
          undoRedo: false,
          link: false,
          code: false,
          codeBlock: false,
          horizontalRule: false,
          underline: false,
          strike: false,
          heading: { levels: [3] },
        }),
        Collaboration.configure({ fragment }),
      ],
      editable,
      injectCSS: false,
      immediatelyRender: true,
      editorProps: {
        attributes: {
          role: "textbox",
          "aria-multiline": "true",
          "aria-labelledby": labelId,
          ...(describedBy ? { "aria-describedby": describedBy } : {}),
          class: "rich-text",
        },
      },
    },
    [fragment],
  );
  useEffect(() => {
    if (editor && editor.isEditable !== editable) editor.setEditable(editable);
    editor?.view.dom.setAttribute("aria-readonly", editable ? "false" : "true");
  }, [editor, editable]);
  const active = useEditorState({
    editor,
    selector: (ctx) => ({
      bold: ctx.editor?.isActive("bold") ?? false,
      italic: ctx.editor?.isActive("italic") ?? false,
      bullet: ctx.editor?.isActive("bulletList") ?? false,
      ordered: ctx.editor?.isActive("orderedList") ?? false,
    }),
  });
  if (!editor) return null;
  const tool = (label: string, pressed: boolean, run: () => void) => (
    <button
      key={label}
      type="button"
      aria-pressed={pressed}
      onMouseDown={(e) => e.preventDefault()}
      onClick={run}
      className={`min-h-9 border-2 border-input-border px-2 type-small focus-visible:bg-focus focus-visible:outline-3 focus-visible:outline-transparent ${pressed ? "bg-ink text-white" : "bg-white text-ink"}`}
    >
      {label}
    </button>
  );
  return (
    <div className="rich-text-frame">
      {editable ? (
        <div
          role="toolbar"
          aria-label="Text style"
          aria-controls={undefined}
          className="mb-[5px] flex flex-wrap gap-1"
        >
          {tool("Bold", active?.bold ?? false, () => editor.chain().focus().toggleBold().run())}
          {tool("Italic", active?.italic ?? false, () => editor.chain().focus().toggleItalic().run())}
          {tool("Bulleted list", active?.bullet ?? false, () =>
            editor.chain().focus().toggleBulletList().run(),
          )}
          {tool("Numbered list", active?.ordered ?? false, () =>
            editor.chain().focus().toggleOrderedList().run(),
          )}
        </div>
      ) : null}
      <EditorContent editor={editor} />
    </div>
  );
}

/** The Y.XmlFragment at `map[key]` of the professional document, following the server's restores. */
export function useFragment(doc: Y.Doc | undefined, map: string, key: string): Y.XmlFragment | null {
  const read = () => {
    const value = doc?.getMap(map).get(key);
    return value instanceof Y.XmlFragment && !(value instanceof Y.XmlElement) ? value : null;
  };
  const [fragment, setFragment] = useState<Y.XmlFragment | null>(read);
  // biome-ignore lint/correctness/useExhaustiveDependencies: read depends on doc, map and key only
  useEffect(() => {
    if (!doc) {
      setFragment(null);
      return;
    }
    const m = doc.getMap(map);
    const update = () => setFragment(read());
    update();
    m.observe(update);
    return () => m.unobserve(update);
  }, [doc, map, key]);
  return fragment;
}
