"""Add the strings pyside6-lupdate finds in the source to resources/censorwatch_ru.ts as
unfinished messages, without touching the messages already there.

lupdate's Python parser does not see the plural form of `QCoreApplication.translate(ctx, s,
None, n)` or of our own `translate(...)` calls, so letting it rewrite the file (as
`-no-obsolete` does) would turn kept plural translations into single ones or drop them. The
.ts stays the reference; this only adds. Then translate the new messages (Qt Linguist, or by
hand: `<translation>`, three `<numerusform>` for Russian plurals) and run `make test`.

    python tools/ts_merge.py FRESH.ts resources/censorwatch_ru.ts
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET


def main(fresh_path: str, ts_path: str) -> int:
    fresh = ET.parse(fresh_path).getroot()
    tree = ET.parse(ts_path)
    root = tree.getroot()
    contexts = {ctx.find("name").text: ctx for ctx in root.findall("context")}
    known = {
        (name, m.find("source").text, m.findtext("comment"))
        for name, ctx in contexts.items()
        for m in ctx.findall("message")
    }
    added = []
    for ctx in fresh.findall("context"):
        name = ctx.find("name").text
        for m in ctx.findall("message"):
            source = m.find("source").text
            comment = m.findtext("comment")  # the disambiguation: one message per comment
            if (name, source, comment) in known:
                continue
            known.add((name, source, comment))
            target = contexts.get(name)
            if target is None:
                target = ET.SubElement(root, "context")
                ET.SubElement(target, "name").text = name
                contexts[name] = target
            message = ET.SubElement(target, "message")
            plural = "%n" in (source or "")
            if plural:
                message.set("numerus", "yes")
            ET.SubElement(message, "source").text = source
            if comment is not None:
                ET.SubElement(message, "comment").text = comment
            translation = ET.SubElement(message, "translation", type="unfinished")
            if plural:
                for _ in range(3):
                    ET.SubElement(translation, "numerusform")
            added.append(f"{name}: {source}")
    if added:
        ET.indent(tree, space="    ")
        # Qt's own layout: <context> at the margin, its children four spaces in.
        lines = ET.tostring(root, encoding="unicode").splitlines()
        body = "\n".join([lines[0], *(line[4:] for line in lines[1:-1]), lines[-1]])
        with open(ts_path, "w", encoding="utf-8") as out:
            out.write('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n")
    for line in added:
        print(f"new, to translate: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
