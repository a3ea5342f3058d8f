#!/bin/sh
# cli.sh PACK-TOOL PACK-FILE: `incontro-pack search` as the contract says.
# - a query that is not valid UTF-8 is bad input: exit 1, a message, no rows;
# - stray FTS5 syntax around the word being typed ("psi*", "psic\"",
#   "(psic") finds what the plain word finds.
tool=$1 pack=$2
fail() { echo "cli.sh: $*"; exit 1; }
search() { "$tool" search --pack "$pack" --lang it -- "$@"; }

for bad in "$(printf 'psic\377')" "$(printf '\303')" "$(printf 'a\355\240\200b')"; do
    out=$(search "$bad" 2>/tmp/ik-search-cli.$$); rc=$?
    err=$(cat /tmp/ik-search-cli.$$); rm -f /tmp/ik-search-cli.$$
    [ "$rc" -eq 1 ] || fail "invalid UTF-8 query: exit $rc, want 1"
    [ -z "$out" ] || fail "invalid UTF-8 query printed rows"
    echo "$err" | grep -q "UTF-8" || fail "invalid UTF-8 query: message '$err' does not say UTF-8"
done

for word in psi psic psicolog; do
    plain=$(search "$word") || fail "search $word failed"
    [ -n "$plain" ] || fail "search $word found nothing (the pack has psychologists)"
    for stray in "$word*" "$word\"" "\"$word" "($word" "$word)" "$word^" "$word:" "-$word" "+$word" "$word*)"; do
        got=$(search "$stray") || fail "search $stray failed"
        [ "$got" = "$plain" ] || fail "'$stray' finds other results than '$word'"
    done
done
echo "cli.sh: ok"
