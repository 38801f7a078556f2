#!/usr/bin/env python3
"""List the C functions under src/ longer than a limit (default 100 lines, counted from the line
of the opening brace to the line of the closing one, both included).

    function_length.py SRC_DIR [--limit N] [--allow FILE]

A function is a top-level brace block whose header (the text since the previous top-level `;`,
`}` or preprocessor line) ends in `)`: struct/enum/array initialisers are not functions. Comments,
strings and character literals are skipped. FILE lists allowed offenders, one `path:function` per
line (path relative to SRC_DIR's parent, `#` comments): they are reported but do not fail. An
allow-list entry that is no longer over the limit fails too, so the list only shrinks.
Exit 0 when every offender is allowed, 1 otherwise."""
import argparse
import os
import re
import sys


def strip(text):
    """Text with comments, strings and char literals blanked (newlines kept)."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith('/*', i):
            j = text.find('*/', i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r'[^\n]', ' ', text[i:j]))
            i = j
        elif text.startswith('//', i):
            j = text.find('\n', i)
            j = n if j < 0 else j
            out.append(' ' * (j - i))
            i = j
        elif c in '"\'':
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == '\\' else 1
            out.append(c + re.sub(r'[^\n]', ' ', text[i + 1:j]) + c)
            i = j + 1
        else:
            out.append(c)
            i += 1
    return ''.join(out)


def functions(path):
    """(name, first line, line count) of each function defined in @path."""
    text = strip(open(path, encoding='utf-8', errors='replace').read())
    # preprocessor lines (with continuations) do not belong to a header
    text = re.sub(r'(?m)^[ \t]*#(?:[^\n]*\\\n)*[^\n]*', lambda m: re.sub(r'[^\n]', ' ', m.group(0)), text)
    found = []
    depth, start, header = 0, 0, []
    line = 1
    for c in text:
        if c == '\n':
            line += 1
        if depth == 0:
            if c == '{':
                head = ''.join(header).strip()
                m = re.search(r'([A-Za-z_]\w*)\s*\([^()]*(?:\([^()]*\)[^()]*)*\)\s*$', head)
                name = m.group(1) if m and not re.search(r'=\s*$|\b(struct|enum|union)\s+\w*\s*$', head) else None
                depth, start, header = 1, line, []
                cur = name
                continue
            if c in ';}':
                header = []
            else:
                header.append(c)
        else:
            if c == '{':
                depth += 1
            elif c == '}':
                depth -= 1
                if depth == 0:
                    if cur is not None:
                        found.append((cur, start, line - start + 1))
                    header = []
    return found


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('src')
    ap.add_argument('--limit', type=int, default=100)
    ap.add_argument('--allow')
    a = ap.parse_args()
    root = os.path.dirname(os.path.abspath(a.src))
    allowed = set()
    if a.allow:
        for raw in open(a.allow, encoding='utf-8'):
            entry = raw.split('#', 1)[0].strip()
            if entry:
                allowed.add(entry)
    over = []
    for d, _, files in sorted(os.walk(a.src)):
        for f in sorted(files):
            if f.endswith('.c'):
                p = os.path.join(d, f)
                rel = os.path.relpath(p, root)
                for name, start, n in functions(p):
                    if n > a.limit:
                        over.append((rel, name, start, n))
    bad = 0
    seen = set()
    for rel, name, start, n in sorted(over, key=lambda o: -o[3]):
        key = '%s:%s' % (rel, name)
        seen.add(key)
        tag = 'allowed' if key in allowed else 'TOO LONG'
        bad += key not in allowed
        print('%s:%d: %s: %d lines (%s)' % (rel, start, name, n, tag))
    for key in sorted(allowed - seen):
        print('%s: in the allow-list but not over %d lines: remove it from the list' % (key, a.limit))
        bad += 1
    n_allowed = len([o for o in over if '%s:%s' % (o[0], o[1]) in allowed])
    print('%d function(s) over %d lines, %d allowed, %d failing' % (len(over), a.limit, n_allowed, bad))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
