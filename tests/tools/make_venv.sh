#!/usr/bin/env bash
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# One virtual environment per requirements hash, built once and reused by every checkout on this machine:
#
#   make_venv.sh PYTHON CACHE_DIR NAME LINK REQUIREMENTS [MORE_REQUIREMENTS...]
#   make_venv.sh --dir PYTHON CACHE_DIR NAME LINK REQUIREMENTS...   prints the directory only (creates nothing)
#
# The environment lives in CACHE_DIR/NAME-<hash>, where the hash covers the requirements files (the first is
# installed; it may include the others with -r) and the Python that creates it (`python -VV`). It is complete once
# its stamp file exists; one left half-built (an interrupted install) is built again. A lock keeps two makes that need
# the same environment at once from building it twice. LINK (for example .venv in the checkout) is made a symbolic
# link to it, so that `.venv/bin/ansible-playbook` works as before. Prints the environment's directory.
set -euo pipefail

print_only=0
if [[ "$1" == --dir ]]; then
    print_only=1
    shift
fi
python="$1" cache="$2" name="$3" link="$4"
shift 4
key="$( { cat "$@"; "$python" -VV; } | sha256sum | cut -c1-16)"
dir="$cache/$name-$key"
if [[ "$print_only" == 1 ]]; then
    echo "$dir"
    exit 0
fi
stamp="$dir/.complete"
mkdir -p "$cache"
if [[ ! -e "$stamp" ]]; then
    exec 9>"$dir.lock"
    flock 9
    if [[ ! -e "$stamp" ]]; then
        echo "venv: creating $dir from $1 ($("$python" -V))" >&2
        rm -rf "$dir"
        "$python" -m venv "$dir"
        "$dir/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
        "$dir/bin/python" -m pip install --quiet --disable-pip-version-check -r "$1"
        cat "$@" > "$stamp"
    fi
    flock -u 9
fi
if [[ -n "$link" && "$(readlink "$link" 2>/dev/null)" != "$dir" ]]; then
    if [[ -d "$link" && ! -L "$link" ]]; then
        rm -rf "$link"  # an environment of the earlier layout, built in place
    fi
    ln -sfn "$dir" "$link"
fi
echo "$dir"
