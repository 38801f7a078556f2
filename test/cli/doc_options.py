#!/usr/bin/env python3
"""doc_options.py PCDSIM SOURCE_DIR: the docs and `pcdsim <command> --help` agree.

- `pcdsim --help` lists the commands; README.md's "Command line" shows each one in use.
- Every option of every command (its --help, generated from the command's option table) is
  documented in README.md or docs/*.md.
- Every option README.md and docs/SCENARIOS.md show on a `pcdsim <command> ...` line (up to a
  comment, a closing backtick or the next `pcdsim`; `\\` continuations joined) is an option of that command."""
import glob
import os
import re
import subprocess
import sys

pcdsim, src = sys.argv[1], sys.argv[2]
fails = []


def run(*args):
    p = subprocess.run([pcdsim, *args], capture_output=True, text=True)
    if p.returncode != 0:
        fails.append('pcdsim %s: exit %d' % (' '.join(args), p.returncode))
    return p.stdout


top = run('--help')
cmds = re.findall(r'(?m)^  (\w+) ', top.split('commands:', 1)[1])
options = {}
for c in cmds:
    text = run(c, '--help')
    options[c] = set(re.findall(r'(?m)^  (?:-\w, )?(--[a-z][a-z0-9-]*)', text)) | {'--help'}
if set(cmds) < {'run', 'sweep', 'gate', 'inspect', 'coverage'}:
    fails.append('pcdsim --help lists only %s' % cmds)

def read(path):
    """A document with shell line continuations (`\\` at the end of a line) joined."""
    return re.sub(r'\\\n\s*', ' ', open(path, encoding='utf-8').read())


readme = read(os.path.join(src, 'README.md'))
docs = readme + ''.join(read(p) for p in sorted(glob.glob(os.path.join(src, 'docs', '*.md'))))
cmdline = readme.split('## Command line', 1)[-1]
for c in cmds:
    if c not in ('help', 'version') and 'pcdsim %s' % c not in cmdline:
        fails.append('README.md "Command line" never shows `pcdsim %s`' % c)
    for o in sorted(options[c] - {'--help'}):
        if not re.search(r'pcdsim %s\b[^\n]*%s\b' % (c, re.escape(o)), docs) and not re.search(
                r'`%s\b' % re.escape(o), docs):
            fails.append('pcdsim %s %s: documented nowhere in README.md or docs/' % (c, o))

for name in ('README.md', os.path.join('docs', 'SCENARIOS.md')):
    for n, line in enumerate(read(os.path.join(src, name)).split('\n'), 1):
        for m in re.finditer(r'pcdsim (%s)\b' % '|'.join(cmds), line):
            seg = re.split(r'`|#|pcdsim ', line[m.end():], maxsplit=1)[0]
            for o in re.findall(r'(?<![\w-])(--[a-z][a-z0-9-]*)', seg):
                if o not in options[m.group(1)]:
                    fails.append('%s:%d: pcdsim %s has no option %s' % (name, n, m.group(1), o))

for f in fails:
    print(f)
print('%d command(s), %d option(s) checked, %d problem(s)' % (len(cmds), sum(len(v) for v in options.values()), len(fails)))
sys.exit(1 if fails else 0)
