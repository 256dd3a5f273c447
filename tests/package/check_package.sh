#!/usr/bin/env bash
# The `package` test: builds the .deb with CPack, lists its files, checks its control fields and
# desktop entry, unpacks it into a scratch root and runs the program from there. Arguments: the
# build folder.
set -euo pipefail
build=$1
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
fail() { echo "package: $*" >&2; exit 1; }

(cd "$build" && cpack -G DEB -B "$scratch/out" >"$scratch/cpack.log" 2>&1) ||
  { cat "$scratch/cpack.log" >&2; fail "cpack failed"; }
debs=("$scratch"/out/resilience-lab_*.deb)
[ -f "${debs[0]}" ] || fail "no resilience-lab_*.deb in $scratch/out"
deb=${debs[0]}
echo "built $(basename "$deb") ($(stat -c %s "$deb") bytes)"

dpkg-deb -c "$deb" | awk '{print $6}' >"$scratch/files"
cat "$scratch/files"
for f in ./usr/bin/resilience-lab \
         ./usr/share/applications/io.github.resilience_lab.ResilienceLab.desktop \
         ./usr/share/icons/hicolor/scalable/apps/resilience-lab.svg \
         ./usr/share/man/man1/resilience-lab.1.gz \
         ./usr/share/bash-completion/completions/resilience-lab \
         ./usr/share/zsh/vendor-completions/_resilience-lab \
         ./usr/share/fish/vendor_completions.d/resilience-lab.fish \
         ./usr/share/resilience-lab/presets/steady-flaky-api.json \
         ./usr/share/resilience-lab/traces/bad-day.jsonl; do
  grep -qx "$f" "$scratch/files" || fail "the package lacks $f"
done

depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for lib in libqt6widgets6 libqt6charts6 libqt6svg6 libqt6core6 libc6; do
  [[ "$depends" == *"$lib"* ]] || fail "Depends does not name $lib"
done
[ "$(dpkg-deb -f "$deb" Package)" = resilience-lab ] || fail "wrong package name"

dpkg-deb -x "$deb" "$scratch/root"
desktop-file-validate "$scratch/root/usr/share/applications/io.github.resilience_lab.ResilienceLab.desktop" ||
  fail "the desktop entry does not validate"
zcat "$scratch/root/usr/share/man/man1/resilience-lab.1.gz" | grep -q '^\.TH RESILIENCE-LAB 1' ||
  fail "the manual page has no .TH line"
# One section per subcommand the program lists in its help.
for command in $("$scratch/root/usr/bin/resilience-lab" --help | sed -n '/^Subcommands:/,/^$/p' | awk 'NF && !/:$/ {print $1}'); do
  zcat "$scratch/root/usr/share/man/man1/resilience-lab.1.gz" | grep -qxF ".SS ${command//-/\\-}" ||
    fail "the manual page does not document $command"
  echo "the manual page documents $command"
done
bash -n "$scratch/root/usr/share/bash-completion/completions/resilience-lab" || fail "the bash completion does not parse"
# The manual's EXAMPLES run on the installed program, from its presets (serve, which runs until
# stopped, aside; what they write to /tmp goes to the scratch folder).
presets="$scratch/root/usr/share/resilience-lab/presets"
zcat "$scratch/root/usr/share/man/man1/resilience-lab.1.gz" | sed -n '/^\.SH EXAMPLES/,/^\.SH SEE/p' |
  sed -n '/^\.nf/,/^\.fi/p' | sed '1d;$d' | sed 's/\\-/-/g' | grep -v '^cd \|serve ' >"$scratch/examples"
[ -s "$scratch/examples" ] || fail "the manual page has no EXAMPLES"
while read -r example; do
  (cd "$presets" && PATH="$scratch/root/usr/bin:$PATH" bash -c "${example//\/tmp\//$scratch/}" >/dev/null) ||
    fail "the manual's example fails: $example"
  echo "the manual's example runs: $example"
done <"$scratch/examples"
version=$("$scratch/root/usr/bin/resilience-lab" --version)
echo "installed program says: $version"
[[ "$version" == *"$(dpkg-deb -f "$deb" Version)"* ]] || fail "--version does not match the package"
echo "1 passed, 0 failed"
