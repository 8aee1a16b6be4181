"""Turns generate-manual's page for nnrepl into docs/man/nnrepl.1 (called by scripts/manpage).

generate-manual (swift-argument-parser 1.8) writes every option into DESCRIPTION, lists the
implicit `help` subcommand (and `subcommand` in the synopsis) although nnrepl has none, lets the
discussion's aligned lines run together, and ends with a generic EXIT STATUS. This keeps its
NAME, SYNOPSIS and option list, sets the discussion as a literal block, moves the options under
OPTIONS and appends the hand-written sections (argv[1]), which have nnrepl's EXIT STATUS.

    generate-manual nnrepl -o - | python3 manpage-edit.py sections.mdoc > nnrepl.1
"""
import re
import sys

page = sys.stdin.read().splitlines()
sections = open(sys.argv[1]).read().rstrip("\n").splitlines()

out = []
i = 0
while i < len(page):
    line = page[i]
    if line == ".Ar subcommand":
        i += 1
        continue
    if line == ".It Em help":
        # The implicit help subcommand: its entry and its nested list, up to the nested .El.
        while page[i] != ".El":
            i += 1
        i += 1
        continue
    if line == ".Sh DESCRIPTION":
        out.append(line)
        i += 1
        discussion = []
        while not page[i].startswith(".Bl"):
            discussion.append(page[i])
            i += 1
        out += [".Bd -literal -offset indent"] + discussion + [".Ed", ".Sh OPTIONS"]
        continue
    if line.startswith(".Sh") and "EXIT STATUS" in line:
        # generate-manual's `.Ex -std`: replaced by nnrepl's statuses in the sections.
        i += 1
        while i < len(page) and not page[i].startswith(".Sh"):
            i += 1
        continue
    out.append(line)
    i += 1

if any(re.match(r"^\.It Em ", l) for l in out):
    sys.exit("manpage-edit.py: nnrepl has a subcommand now; revisit this script")
print("\n".join(out + sections))
