#!/usr/bin/env bash
# Prints README.md's code blocks named NAME, in order, as one script: the blocks whose opening
# fence is ```sh NAME (```LANG NAME with a second argument). Markdown renderers take the first
# word of a fence as its language and ignore the rest, so the name shows nowhere.
#
# The names: setup, the block at the top (line 1 installs proton-local and runs the walkthrough,
# line 2 runs the tests); walkthrough, the blocks of the walkthrough; story, the blocks of the
# whole story (an environment on the connection); serve, the blocks of the
# server section, and `python serve`, its boto3 script. tests/readme.rs runs them.
#
#   scripts/readme-block.sh setup | sed -n 1p     the install-and-walkthrough line
set -euo pipefail
if [[ $# -lt 1 || $# -gt 2 ]]; then
  echo "usage: scripts/readme-block.sh NAME [LANG]" >&2
  exit 2
fi
readme="$(dirname "$0")/../README.md"
awk -v wanted="${2:-sh} $1" '
  /^```/ {
    if (open) {
      open = 0
      keep = 0
    } else {
      open = 1
      info = substr($0, 4)
      gsub(/[ \t]+/, " ", info)
      sub(/^ /, "", info)
      sub(/ $/, "", info)
      keep = (info == wanted)
      found = found || keep
    }
    next
  }
  keep { print }
  END {
    if (!found) {
      print "README.md has no block fenced as ```" wanted > "/dev/stderr"
      exit 1
    }
  }
' "$readme"
