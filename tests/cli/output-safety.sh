#!/usr/bin/env bash
# output-safety.sh ACCORD SOURCE_DIR - ctest cli/output-safety.
#
# -o FILE never destroys: a symbolic link stays and its target is replaced;
# a FIFO and a character device are written through, never replaced; a
# folder is refused with exit 2; the permissions of a replaced file are
# kept.  Every write error is reported ("accord: cannot write NAME: why")
# with exit 1: a full device, a file too large for RLIMIT_FSIZE, a closed
# stdout; and a failed write leaves nothing behind.
#
# Run as root (CI does), a broken accord would replace /dev/null or
# /dev/full with a regular file.  So each real device is tried only after a
# private copy of it (mknod in the scratch folder) came through unharmed,
# and a replaced device is put back.  Every accord run is bounded by
# `timeout`; the scratch folder is removed at the end.
set -u
if [[ $# -ne 2 ]]; then
  echo "usage: $0 ACCORD SOURCE_DIR" >&2
  exit 2
fi
accord=$1
model=$2/tests/models/agreement/ceasefire.yaml
umask 022
export NO_COLOR=1
limit=20 # seconds for one run of accord (or of a reader)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/accord-output-safety.XXXXXX") || exit 1
readers=()
cleanup() {
  for pid in "${readers[@]}"; do kill "$pid" 2>/dev/null; done
  rm -rf "$tmp"
}
trap cleanup EXIT

failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

# run CASE ARGS...: accord ARGS with stdout and stderr in $tmp/CASE.out and
# .err; sets $code.
run() {
  local name=$1
  shift
  timeout "$limit" "$accord" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"
  code=$?
}
expect_code() { # CASE WANT
  [[ $code == "$2" ]] || fail "$1: exit code $code, expected $2 (stderr: $(cat "$tmp/$1.err"))"
}
expect_err() { # CASE TEXT: stderr is exactly TEXT
  local got
  got=$(cat "$tmp/$1.err")
  [[ $got == "$2" ]] || fail "$1: stderr \"$got\", expected \"$2\""
}
expect_same() { # CASE FILE: FILE holds what `accord check MODEL` prints
  cmp -s "$2" "$tmp/expected" || fail "$1: $2 does not hold the output"
}
expect_only() { # CASE DIR NAME...: DIR holds exactly these names
  local name=$1 dir=$2 want got
  shift 2
  want=$(printf '%s\n' "$@" | sort)
  got=$(ls -A "$dir" | sort)
  [[ $got == "$want" ]] || fail "$name: $dir holds [$(echo $got)], expected [$(echo $want)]"
}

timeout "$limit" "$accord" check "$model" >"$tmp/expected" 2>/dev/null
[[ -s $tmp/expected ]] || { echo "FAIL: accord check $model printed nothing" >&2; exit 1; }

# A regular file is replaced, its permissions kept.
d=$tmp/regular
mkdir "$d"
echo old >"$d/file"
chmod 640 "$d/file"
run regular check "$model" -o "$d/file"
expect_code regular 0
expect_same regular "$d/file"
[[ $(stat -c %a "$d/file") == 640 ]] || fail "regular: mode $(stat -c %a "$d/file"), expected 640 (kept)"
expect_only regular "$d" file

# A symbolic link stays; its target (by a relative link, from a subfolder)
# is replaced, with its permissions.
d=$tmp/symlink
mkdir -p "$d/sub"
echo old >"$d/target"
chmod 604 "$d/target"
ln -s ../target "$d/sub/link"
run symlink check "$model" -o "$d/sub/link"
expect_code symlink 0
[[ -L $d/sub/link && $(readlink "$d/sub/link") == ../target ]] || fail "symlink: the link was replaced"
[[ -f $d/target && ! -L $d/target ]] || fail "symlink: the target is not a regular file"
expect_same symlink "$d/target"
[[ $(stat -c %a "$d/target") == 604 ]] || fail "symlink: target mode $(stat -c %a "$d/target"), expected 604"
expect_only symlink "$d" sub target
expect_only symlink "$d/sub" link

# A dangling link (through a second link) creates its target.
d=$tmp/dangling
mkdir "$d"
ln -s new "$d/link1"
ln -s link1 "$d/link2"
run dangling check "$model" -o "$d/link2"
expect_code dangling 0
[[ -L $d/link1 && -L $d/link2 ]] || fail "dangling: a link was replaced"
expect_same dangling "$d/new"
expect_only dangling "$d" link1 link2 new

# A cycle of links is an error, and leaves the links alone.
d=$tmp/loop
mkdir "$d"
ln -s b "$d/a"
ln -s a "$d/b"
run loop check "$model" -o "$d/a"
expect_code loop 1
expect_err loop "accord: cannot write $d/a: Too many levels of symbolic links"
[[ -L $d/a && -L $d/b ]] || fail "loop: a link was replaced"
expect_only loop "$d" a b

# A FIFO is written through, read at the same time, and stays a FIFO.
d=$tmp/fifo
mkdir "$d"
mkfifo "$d/pipe"
timeout "$limit" cat "$d/pipe" >"$tmp/fifo.read" &
readers+=($!)
run fifo check "$model" -o "$d/pipe"
expect_code fifo 0
if ! wait "${readers[-1]}"; then
  # a broken accord replaced the FIFO: the reader waited for a writer
  fail "fifo: the reader got no writer (the FIFO was replaced?)"
fi
[[ -p $d/pipe ]] || fail "fifo: $d/pipe is no longer a FIFO"
expect_same fifo "$tmp/fifo.read"
expect_only fifo "$d" pipe

# A folder is refused (exit 2), before any work, as is a link to one.
d=$tmp/folder
mkdir -p "$d/out"
ln -s out "$d/link"
run folder check "$model" -o "$d/out"
expect_code folder 2
expect_err folder "accord: cannot write $d/out: Is a directory"
run folder-link check "$model" -o "$d/link"
expect_code folder-link 2
expect_err folder-link "accord: cannot write $d/link: Is a directory"
[[ -d $d/out && ! -L $d/out && -L $d/link ]] || fail "folder: the folder or the link was replaced"
expect_only folder "$d" out link
expect_only folder "$d/out"

# /dev/stdout (a link to /proc/self/fd/1) writes to descriptor 1: a pipe,
# and a file opened for appending is appended to.
d=$tmp/stdout
mkdir "$d"
ln -s /proc/self/fd/1 "$d/stdout" # a private /dev/stdout first
timeout "$limit" "$accord" check "$model" -o "$d/stdout" 2>"$tmp/stdout.err" | cat >"$tmp/stdout.pipe"
code=${PIPESTATUS[0]}
expect_code stdout 0
expect_same stdout "$tmp/stdout.pipe"
private_stdout_ok=0
if [[ -L $d/stdout ]]; then
  private_stdout_ok=1
else
  fail "stdout: the link to /proc/self/fd/1 was replaced"
fi
expect_only stdout "$d" stdout
if ((private_stdout_ok)) && [[ -L /dev/stdout ]]; then
  echo first >"$tmp/append"
  timeout "$limit" "$accord" check "$model" -o /dev/stdout >>"$tmp/append" 2>"$tmp/append.err"
  code=$?
  expect_code append 0
  { echo first; cat "$tmp/expected"; } | cmp -s - "$tmp/append" ||
    fail "append: -o /dev/stdout >>FILE did not append to FILE"
  [[ -L /dev/stdout ]] || fail "append: /dev/stdout is no longer a symbolic link"
fi

# Character devices: a private /dev/null and /dev/full first (root only),
# then the real ones, unless the private ones were replaced.
d=$tmp/devices
mkdir "$d"
private=none
if [[ $(id -u) == 0 ]] && mknod -m 666 "$d/null" c 1 3 2>/dev/null &&
   mknod -m 666 "$d/full" c 1 7 2>/dev/null && echo probe >"$d/null" 2>/dev/null; then
  private=ok
  run private-null check "$model" -o "$d/null"
  expect_code private-null 0
  expect_err private-null ""
  [[ -c $d/null ]] || { fail "private-null: the device node was replaced"; private=broken; }
  run private-full check "$model" -o "$d/full"
  expect_code private-full 1
  expect_err private-full "accord: cannot write $d/full: No space left on device"
  [[ -c $d/full ]] || { fail "private-full: the device node was replaced"; private=broken; }
  expect_only devices "$d" null full
fi
# put a real device back if a broken accord replaced it (as root)
restore() { # PATH MINOR
  if [[ ! -c $1 && $(id -u) == 0 ]]; then
    rm -f "$1" && mknod -m 666 "$1" c 1 "$2"
  fi
}
if [[ $private == broken ]]; then
  fail "devices: not trying /dev/null and /dev/full (their private copies were replaced)"
elif [[ $private == none && $(id -u) == 0 ]]; then
  echo "note: cannot make device nodes here; /dev/null and /dev/full not tried with -o" >&2
else
  run dev-null check "$model" -o /dev/null
  expect_code dev-null 0
  expect_err dev-null ""
  [[ -c /dev/null ]] || { fail "dev-null: /dev/null is no longer a character device"; restore /dev/null 3; }
  run dev-full check "$model" -o /dev/full
  expect_code dev-full 1
  expect_err dev-full "accord: cannot write /dev/full: No space left on device"
  [[ -c /dev/full ]] || { fail "dev-full: /dev/full is no longer a character device"; restore /dev/full 7; }
fi

# stdout: full, too large, closed.
timeout "$limit" "$accord" check "$model" >/dev/full 2>"$tmp/stdout-full.err"
code=$?
expect_code stdout-full 1
expect_err stdout-full "accord: cannot write standard output: No space left on device"

timeout "$limit" "$accord" check "$model" >&- 2>"$tmp/stdout-closed.err"
code=$?
expect_code stdout-closed 1
expect_err stdout-closed "accord: cannot write standard output: Bad file descriptor"

# A command that writes to -o FILE does not mind a closed stdout.
d=$tmp/closed-o
mkdir "$d"
timeout "$limit" "$accord" check "$model" -o "$d/file" >&- 2>"$tmp/closed-o.err"
code=$?
expect_code closed-o 0
expect_err closed-o ""
expect_same closed-o "$d/file"

# A write that fails (RLIMIT_FSIZE of 1 KiB, SIGXFSZ ignored: EFBIG) is
# reported, leaves the old file as it was and nothing beside it.
report_bytes=$(timeout "$limit" "$accord" report "$model" --samples 0 2>/dev/null | wc -c)
((report_bytes > 4096)) || fail "too-large: the report is only $report_bytes bytes"
d=$tmp/too-large
mkdir "$d"
echo old >"$d/report.html"
(
  trap '' XFSZ
  ulimit -f 1
  exec timeout "$limit" "$accord" report "$model" --samples 0 -o "$d/report.html" 2>"$tmp/too-large.err"
)
code=$?
expect_code too-large 1
expect_err too-large "accord: cannot write $d/report.html: File too large"
[[ $(cat "$d/report.html") == old ]] || fail "too-large: the old file was changed"
expect_only too-large "$d" report.html
(
  trap '' XFSZ
  ulimit -f 1
  exec timeout "$limit" "$accord" report "$model" --samples 0 >"$d/stdout.html" 2>"$tmp/too-large-stdout.err"
)
code=$?
expect_code too-large-stdout 1
expect_err too-large-stdout "accord: cannot write standard output: File too large"

# A folder that does not exist: nothing is made.
d=$tmp/missing
mkdir "$d"
run missing check "$model" -o "$d/no/file"
expect_code missing 1
expect_err missing "accord: cannot write $d/no/file: No such file or directory"
expect_only missing "$d"

if ((failures)); then
  echo "$failures check(s) failed" >&2
  exit 1
fi
echo "output safety: all checks passed"
