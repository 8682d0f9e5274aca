#!/usr/bin/env bash
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# Release check of the webex.calling collection (`make release-check`): what
# Ansible Galaxy and Automation Hub check on import, and what a release needs,
# on a clean copy of the repository, never on the working tree itself:
#
#   copy        the files git lists (tracked, and untracked but not ignored)
#               into .build/release/src/ansible_collections/webex/calling
#   changelog   antsibull-changelog lint + release in the copy: CHANGELOG.rst
#               names every module, plugin and role (the fragments of the
#               working tree stay where they are)
#   build       ansible-galaxy collection build of the copy into
#               .build/release/dist; the tarball holds only listed files, the
#               paths users need (MUST_SHIP) and none that only development
#               needs (MUST_NOT_SHIP, kept out by galaxy.yml build_ignore)
#   build-ignore  a build of the working tree ships nothing git ignores
#               (galaxy.yml build_ignore covers venvs, .build, test output...)
#   importer    galaxy-importer on the tarball, configured by
#               tests/release/galaxy-importer.cfg (local, no containers):
#               any WARNING or ERROR line fails
#   docs-lint   antsibull-docs lint-collection-docs --plugin-docs
#   ansible-doc the tarball installed: every plugin renders with ansible-doc,
#               every module with examples, every role's argument spec
#   installed-demo  the demo of the installed tarball (its simulator and
#               tests/demo/run_demo.py) passes
#   ee          meta/execution-environment.yml: ansible-builder create renders
#               a build context (no image build), the collection's own
#               requirements resolve (ansible-builder introspect), bindep parses
#   awx         awx/ definitions are consistent (tests/release/check_awx.py)
#
# Needs the tools of tests/requirements-release.txt on PATH (the Makefile puts
# .venv-release/bin first). Runs every check even after a failure, except those
# that need an earlier step, and exits 1 if any failed.
# Environment: RELEASE_BUILD_DIR (default .build/release), EE_CONTEXT (default
# .build/ee).

set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="${RELEASE_BUILD_DIR:-$ROOT/.build/release}"
EE_CONTEXT="${EE_CONTEXT:-$ROOT/.build/ee}"
NAMESPACE=webex
NAME=calling
SRC="$OUT/src/ansible_collections/$NAMESPACE/$NAME"
DIST="$OUT/dist"
INSTALLED="$OUT/installed"
LOGS="$OUT/logs"
IMPORTER_CONFIG="$ROOT/tests/release/galaxy-importer.cfg"

FAILED=()
PASSED=()

# Keep the environment of the caller from changing what ansible sees.
unset ANSIBLE_COLLECTIONS_PATH ANSIBLE_COLLECTIONS_PATHS ANSIBLE_CONFIG PYTHONPATH
export ANSIBLE_NOCOLOR=1 ANSIBLE_FORCE_COLOR=0 PY_COLORS=0 NO_COLOR=1
export ANSIBLE_LOCAL_TEMP="$OUT/tmp/ansible-local"
export ANSIBLE_HOME="$OUT/tmp/ansible-home"

say() { printf '%s\n' "$*"; }
# ansible-doc prints bold text as ANSI codes on a terminal, as *text* otherwise.
strip_ansi() { sed 's/\x1b\[[0-9;]*m//g'; }
fail() { printf 'release-check: FAIL: %s\n' "$*" >&2; return 1; }

# step NAME FUNCTION: run FUNCTION, record and print the outcome and duration.
step() {
    local name="$1" func="$2" start end
    start=$(date +%s)
    say ""
    say "=== release-check: $name"
    if "$func"; then
        end=$(date +%s)
        say "--- release-check: $name: ok ($((end - start)) s)"
        PASSED+=("$name")
        return 0
    fi
    end=$(date +%s)
    say "--- release-check: $name: FAILED ($((end - start)) s)"
    FAILED+=("$name")
    return 1
}

skip() {
    say ""
    say "=== release-check: $1: SKIPPED ($2)"
    FAILED+=("$1 (skipped)")
}

git_files() {
    # The files of the release: tracked, and untracked but not ignored; only
    # those that exist (a deleted, not yet committed file is not part of it).
    git -C "$ROOT" ls-files -z --cached --others --exclude-standard \
        | while IFS= read -r -d '' f; do
            if [[ -e "$ROOT/$f" || -L "$ROOT/$f" ]]; then printf '%s\n' "$f"; fi
        done | LC_ALL=C sort -u
}

check_tools() {
    local tool missing=()
    for tool in ansible-galaxy ansible-doc antsibull-changelog antsibull-docs ansible-builder ansible-lint bindep python; do
        command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
    done
    if ((${#missing[@]})); then
        fail "not on PATH: ${missing[*]} (make release-check installs them into .venv-release)"
        return 1
    fi
    python -c 'import galaxy_importer' || { fail "galaxy-importer is not installed"; return 1; }
    say "ansible-core $(python -c 'import ansible.release as r; print(r.__version__)')," \
        "galaxy-importer $(python -c 'import importlib.metadata as m; print(m.version("galaxy-importer"))')"
}

do_copy() {
    rm -rf "$OUT"
    mkdir -p "$SRC" "$DIST" "$LOGS" "$OUT/tmp"
    git_files > "$OUT/git-files.txt" || return 1
    tar -C "$ROOT" --no-recursion -T "$OUT/git-files.txt" -cf - | tar -C "$SRC" -xf - || return 1
    # A repository of its own: the copy lies in .build/, which the outer one
    # ignores, and antsibull-changelog (vcs: auto) lists plugins with git.
    git -C "$SRC" init --quiet || return 1
    say "$(wc -l < "$OUT/git-files.txt") files copied to $SRC"
}

# The names CHANGELOG.rst, the importer and ansible-doc must know: every module,
# every other plugin (by file name), every role.
list_modules() { find "$SRC/plugins/modules" -maxdepth 1 -name '*.py' ! -name '__init__.py' -printf '%f\n' 2>/dev/null | sed 's/\.py$//' | LC_ALL=C sort; }
list_roles() { find "$SRC/roles" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' 2>/dev/null | LC_ALL=C sort; }

do_changelog() {
    local version
    (cd "$SRC" && antsibull-changelog lint) || { fail "antsibull-changelog lint"; return 1; }
    version=$(python -c 'import sys, yaml; print(yaml.safe_load(open(sys.argv[1]))["version"])' "$SRC/galaxy.yml") || return 1
    # Fragments left for a version that changelog.yaml already released would be
    # lost: the version in galaxy.yml must be bumped first.
    if python -c 'import sys, yaml; sys.exit(0 if sys.argv[2] in (yaml.safe_load(open(sys.argv[1])).get("releases") or {}) else 1)' \
            "$SRC/changelogs/changelog.yaml" "$version" \
            && [[ -n "$(find "$SRC/changelogs/fragments" -name '*.y*ml' -print -quit)" ]]; then
        fail "changelogs/fragments has fragments, but changelog.yaml already has release $version: bump version in galaxy.yml"
        return 1
    fi
    # In the copy only: release consumes the fragments (keep_fragments: false).
    (cd "$SRC" && antsibull-changelog release) > "$LOGS/changelog-release.log" 2>&1 \
        || { cat "$LOGS/changelog-release.log"; fail "antsibull-changelog release"; return 1; }
    [[ -s "$SRC/CHANGELOG.rst" ]] || { fail "antsibull-changelog release wrote no CHANGELOG.rst"; return 1; }
    grep -qx "v$version" "$SRC/CHANGELOG.rst" || { fail "CHANGELOG.rst has no section v$version"; return 1; }
    # ... after every earlier release (changelogs/changelog.yaml of the working tree).
    for release in $(python -c 'import sys, yaml; print(" ".join(map(str, (yaml.safe_load(open(sys.argv[1])).get("releases") or {}))))' \
            "$ROOT/changelogs/changelog.yaml"); do
        grep -qx "v$release" "$SRC/CHANGELOG.rst" || { fail "CHANGELOG.rst has no section v$release"; return 1; }
    done
    # Every module, plugin, role and playbook is announced as new in some release
    # (changelog.yaml: from version_added, or "add object.playbook" fragments).
    python - "$SRC" <<'EOF' || return 1
"""Check that changelogs/changelog.yaml announces every module, plugin, role and playbook."""
import os
import sys

import yaml

root = sys.argv[1]
NOT_PLUGINS = {"module_utils", "doc_fragments", "plugin_utils", "modules", "action"}
releases = (yaml.safe_load(open(os.path.join(root, "changelogs", "changelog.yaml"))).get("releases") or {}).values()
announced = set()
for release in releases:
    announced |= {("module", entry["name"]) for entry in release.get("modules", [])}
    for kind, entries in (release.get("plugins") or {}).items():
        announced |= {(kind, entry["name"]) for entry in entries}
    for kind, entries in (release.get("objects") or {}).items():
        announced |= {(kind, entry["name"]) for entry in entries}


def names(directory, suffixes, dirs=False):
    """File names (without extension) or directory names in a directory of the collection."""
    path = os.path.join(root, directory)
    if not os.path.isdir(path):
        return []
    if dirs:
        return sorted(entry for entry in os.listdir(path) if os.path.isdir(os.path.join(path, entry)))
    return sorted(os.path.splitext(entry)[0] for entry in os.listdir(path)
                  if entry.endswith(suffixes) and entry != "__init__.py")


expected = [("module", name) for name in names("plugins/modules", (".py",))]
for kind in names("plugins", (), dirs=True):
    if kind not in NOT_PLUGINS:
        # A plugin file may hold several plugins (filters, tests): their documentation files name them.
        documented = names(os.path.join("plugins", kind), (".yml", ".yaml"))
        expected += [(kind, name) for name in (documented or names(os.path.join("plugins", kind), (".py",)))]
expected += [("role", name) for name in names("roles", (), dirs=True)]
expected += [("playbook", name) for name in names("playbooks", (".yml", ".yaml"))]
missing = ["%s %s" % item for item in expected if item not in announced]
for item in missing:
    print("release-check: FAIL: no release of changelogs/changelog.yaml announces the new %s" % item, file=sys.stderr)
if missing:
    print("release-check: (modules, plugins, roles: version_added in their documentation, for roles in"
          " meta/argument_specs.yml under the entry point; playbooks: an 'add object.playbook' fragment)", file=sys.stderr)
print("changelog.yaml announces %d modules, plugins, roles and playbooks" % len(expected))
sys.exit(1 if missing else 0)
EOF
    (cd "$SRC" && antsibull-changelog lint-changelog-yaml changelogs/changelog.yaml) || { fail "changelogs/changelog.yaml"; return 1; }
    say "CHANGELOG.rst: v$version, $(grep -c '' "$SRC/CHANGELOG.rst") lines (kept as $OUT/CHANGELOG.rst)"
    cp "$SRC/CHANGELOG.rst" "$OUT/CHANGELOG.rst"
}

TARBALL=""

# Paths the built tarball must hold: metadata, docs, and what an installed
# collection's user can run (the simulator, the demo and its playbook).
MUST_SHIP=(
    README.md COPYING CHANGELOG.rst changelogs/changelog.yaml meta/runtime.yml
    meta/execution-environment.yml requirements.txt bindep.txt meta/requirements.txt meta/bindep.txt
    docs/docsite/extra-docs.yml docs/docsite/links.yml
    tests/simulator/webex_simulator.py tests/simulator/seed.json tests/demo/run_demo.py playbooks/demo.yml
    tests/demo/callback_plugins/webex_test_results.py tests/simulator/sim_background.py plugins/module_utils/_wording.py
    awx/credential_type.yml awx/job_templates.yml
)
# Paths it must not hold, development only: files, or directories with
# everything below them; bash patterns.
MUST_NOT_SHIP=(
    Makefile .ci .ansible-lint .gitignore benchmarks
    tests/unit tests/e2e tests/release tests/pytest.ini 'tests/requirements-*.txt'
)

do_build() {
    local members extra missing required
    (cd "$SRC" && ansible-galaxy collection build --force --output-path "$DIST") || { fail "ansible-galaxy collection build"; return 1; }
    TARBALL=$(find "$DIST" -maxdepth 1 -name "$NAMESPACE-$NAME-*.tar.gz" -print -quit)
    [[ -n "$TARBALL" ]] || { fail "no tarball in $DIST"; return 1; }
    members="$OUT/tarball-files.txt"
    tar -tzf "$TARBALL" | grep -v '/$' | LC_ALL=C sort > "$members"
    # Exactly the listed files, less galaxy.yml and build_ignore, plus what
    # the build and the changelog release add.
    extra=$(LC_ALL=C comm -23 "$members" "$OUT/git-files.txt" | grep -v -x -e MANIFEST.json -e FILES.json -e CHANGELOG.rst || true)
    if [[ -n "$extra" ]]; then
        fail "the tarball holds files git does not list:"$'\n'"$extra"
        return 1
    fi
    # What users need and can use (MUST_SHIP), and what only development needs
    # (MUST_NOT_SHIP: galaxy.yml build_ignore keeps it out).
    missing=()
    # Every guide of the documentation too.
    for required in "${MUST_SHIP[@]}" $(grep -x 'docs/docsite/rst/.*\.rst' "$OUT/git-files.txt"); do
        grep -qx -- "$required" "$members" || missing+=("$required")
    done
    if ((${#missing[@]})); then
        fail "the tarball lacks: ${missing[*]}"
        return 1
    fi
    extra=$(while IFS= read -r member; do
        for path in "${MUST_NOT_SHIP[@]}"; do
            # shellcheck disable=SC2053  # $path is a pattern
            if [[ "$member" == $path || "$member" == $path/* ]]; then printf '%s\n' "$member"; fi
        done
    done < "$members")
    if [[ -n "$extra" ]]; then
        fail "the tarball holds development-only files (add them to build_ignore in galaxy.yml):"$'\n'"$(printf '%s\n' "$extra" | head -20)"
        return 1
    fi
    say "$TARBALL: $(wc -l < "$members") files, $(du -k "$TARBALL" | cut -f1) KiB;" \
        "${#MUST_SHIP[@]} required paths in, ${#MUST_NOT_SHIP[@]} development-only paths out"
}

do_build_ignore() {
    # What `ansible-galaxy collection build` in the working tree (README,
    # "Install") would ship: nothing that git ignores (.venv*, .build, test
    # output, caches) may slip past galaxy.yml's build_ignore.
    local worktree_dist="$OUT/worktree-dist" extra
    mkdir -p "$worktree_dist"
    (cd "$ROOT" && ansible-galaxy collection build --force --output-path "$worktree_dist") > "$LOGS/worktree-build.log" 2>&1 \
        || { cat "$LOGS/worktree-build.log"; fail "ansible-galaxy collection build of the working tree"; return 1; }
    tar -tzf "$worktree_dist"/*.tar.gz | grep -v '/$' | LC_ALL=C sort > "$OUT/worktree-tarball-files.txt"
    extra=$(LC_ALL=C comm -23 "$OUT/worktree-tarball-files.txt" "$OUT/git-files.txt" | grep -v -x -e MANIFEST.json -e FILES.json || true)
    if [[ -n "$extra" ]]; then
        fail "a build of the working tree ships files git ignores; add them to build_ignore in galaxy.yml:"$'\n'"$(printf '%s\n' "$extra" | head -20)"
        return 1
    fi
    say "build_ignore keeps every git-ignored file of the working tree out ($(wc -l < "$OUT/worktree-tarball-files.txt") files)"
}

do_importer() {
    local log="$LOGS/galaxy-importer.log" rc problems
    mkdir -p "$OUT/importer" "$OUT/tmp/importer"
    # importer_result.json lands in the current directory.
    (
        cd "$OUT/importer" || exit 1
        GALAXY_IMPORTER_CONFIG="$IMPORTER_CONFIG" \
        GALAXY_IMPORTER_ANSIBLE_LOCAL_TMP="$OUT/tmp/importer" \
        GALAXY_IMPORTER_TMP_ROOT_DIR="$OUT/tmp/importer" \
            python -m galaxy_importer.main "$TARBALL"
    ) > "$log" 2>&1
    rc=$?
    cat "$log"
    if ((rc != 0)); then
        fail "galaxy-importer exited with $rc"
        return 1
    fi
    problems=$(grep -E '^(WARNING|ERROR|CRITICAL)' "$log" || true)
    if [[ -n "$problems" ]]; then
        fail "galaxy-importer reported $(printf '%s\n' "$problems" | wc -l) warning(s) or error(s)"
        return 1
    fi
    grep -q '^Importer processing completed successfully' "$log" || { fail "galaxy-importer did not complete"; return 1; }
    # Galaxy lists what the importer found: every module and role must be there, with docs.
    python - "$OUT/importer/importer_result.json" "$(list_modules | tr '\n' ' ')" "$(list_roles | tr '\n' ' ')" <<'EOF' || return 1
"""Check galaxy-importer's result: every module and role found and documented."""
import json
import sys

result = json.load(open(sys.argv[1]))
modules, roles = sys.argv[2].split(), sys.argv[3].split()
contents = {(c["content_type"], c["name"]) for c in result["contents"]}
docs = {(c["content_type"], c["content_name"]): c for c in result["docs_blob"]["contents"]}
problems = []
for kind, names in (("module", modules), ("role", roles)):
    for name in names:
        if (kind, name) not in contents:
            problems.append("%s %s is not in the importer's contents" % (kind, name))
        entry = docs.get((kind, name))
        if kind == "module" and not (entry and entry.get("doc_strings", {}).get("examples")):
            problems.append("module %s has no examples in the importer's docs" % name)
        # (The importer keeps no role argument specs: the ansible-doc step checks them.)
        if kind == "role" and not (entry and entry.get("readme_html")):
            problems.append("role %s has no README.md in the importer's docs" % name)
for problem in problems:
    print("release-check: FAIL: " + problem, file=sys.stderr)
print("importer contents: %d modules, %d roles, %d items in all" % (len(modules), len(roles), len(contents)))
sys.exit(1 if problems else 0)
EOF
}

do_docs_lint() {
    (cd "$SRC" && antsibull-docs lint-collection-docs --plugin-docs --validate-collection-refs=all \
        --disallow-unknown-collection-refs .) || { fail "antsibull-docs lint-collection-docs"; return 1; }
}

do_ansible_doc() {
    local problems=() type name out roles_with_specs role
    ansible-galaxy collection install --offline --force -p "$INSTALLED" "$TARBALL" > "$LOGS/install.log" 2>&1 \
        || { cat "$LOGS/install.log"; fail "ansible-galaxy collection install of the tarball"; return 1; }
    export ANSIBLE_COLLECTIONS_PATH="$INSTALLED"
    # Every plugin of every type the collection has.
    for type in $(python - "$INSTALLED/ansible_collections/$NAMESPACE/$NAME/plugins" <<'EOF'
"""Print the ansible-doc plugin types the collection has (directories of plugins/)."""
import os
import sys

NOT_DOCUMENTED = {"module_utils", "doc_fragments", "plugin_utils", "action", "terminal", "cliconf_utils"}
root = sys.argv[1]
for entry in sorted(os.listdir(root)):
    if entry in NOT_DOCUMENTED or not os.path.isdir(os.path.join(root, entry)):
        continue
    # plugins/<type>/, except modules/ for the type module.
    print("module" if entry == "modules" else entry)
EOF
    ); do
        for name in $(ansible-doc -t "$type" --list --json "$NAMESPACE.$NAME" 2>"$LOGS/ansible-doc-list-$type.err" \
                | python -c 'import json, sys; print("\n".join(sorted(json.load(sys.stdin))))'); do
            if ! out=$(ansible-doc -t "$type" "$name" 2>"$LOGS/ansible-doc.err" | strip_ansi); then
                problems+=("ansible-doc -t $type $name failed: $(head -c 500 "$LOGS/ansible-doc.err")")
                continue
            fi
            if grep -q -E '^\[?(WARNING|ERROR)' "$LOGS/ansible-doc.err"; then
                problems+=("ansible-doc -t $type $name warned: $(head -c 500 "$LOGS/ansible-doc.err")")
            fi
            if [[ "$type" == module ]] && ! grep -q '^EXAMPLES:' <<<"$out"; then
                problems+=("ansible-doc $name shows no EXAMPLES")
            fi
            say "ansible-doc -t $type $name: $(wc -l <<<"$out") lines"
        done
    done
    # Every module the collection ships was listed above.
    for name in $(list_modules); do
        grep -q "\"$NAMESPACE\.$NAME\.$name\"" < <(ansible-doc -t module --list --json "$NAMESPACE.$NAME" 2>/dev/null) \
            || problems+=("ansible-doc does not list module $name")
    done
    # Every role documents its variables in meta/argument_specs.yml, and renders.
    for role in $(list_roles); do
        if [[ ! -f "$SRC/roles/$role/meta/argument_specs.yml" && ! -f "$SRC/roles/$role/meta/argument_specs.yaml" ]]; then
            problems+=("role $role has no meta/argument_specs.yml")
            continue
        fi
        if ! out=$(ansible-doc -t role "$NAMESPACE.$NAME.$role" 2>"$LOGS/ansible-doc.err" | strip_ansi); then
            problems+=("ansible-doc -t role $role failed: $(head -c 500 "$LOGS/ansible-doc.err")")
            continue
        fi
        if grep -q -E '^\[?(WARNING|ERROR)' "$LOGS/ansible-doc.err"; then
            problems+=("ansible-doc -t role $role warned: $(head -c 500 "$LOGS/ansible-doc.err")")
        fi
        grep -q -E '^ENTRY POINT: \*?main\*? ' <<<"$out" || problems+=("ansible-doc -t role $role shows no entry point main")
        say "ansible-doc -t role $NAMESPACE.$NAME.$role: $(wc -l <<<"$out") lines"
    done
    roles_with_specs=$(ansible-doc -t role --list --json "$NAMESPACE.$NAME" 2>/dev/null \
        | python -c 'import json, sys; print(" ".join(sorted({k.rsplit(".", 1)[-1] for k in json.load(sys.stdin)})))')
    if [[ "$roles_with_specs" != "$(list_roles | tr '\n' ' ' | sed 's/ $//')" ]]; then
        problems+=("ansible-doc -t role --list shows roles [$roles_with_specs], roles/ has [$(list_roles | tr '\n' ' ')]")
    fi
    unset ANSIBLE_COLLECTIONS_PATH
    if ((${#problems[@]})); then
        printf 'release-check: FAIL: %s\n' "${problems[@]}" >&2
        return 1
    fi
}

do_installed_demo() {
    # The demo, as a user of the installed tarball runs it: its own script
    # starts the simulator shipped with the collection and runs the guided tour
    # (the collection's playbooks, one run per step), checking each run.
    local collection="$INSTALLED/ansible_collections/$NAMESPACE/$NAME"
    [[ -d "$collection" ]] || { fail "the tarball is not installed (see the ansible-doc step)"; return 1; }
    (
        unset WEBEX_API_URL WEBEX_ACCESS_TOKEN
        cd "$OUT/tmp" && ANSIBLE_COLLECTIONS_PATH="$INSTALLED" python "$collection/tests/demo/run_demo.py" --output "$OUT/tmp/demo"
    ) > "$LOGS/installed-demo.log" 2>&1 || { tail -40 "$LOGS/installed-demo.log"; fail "the demo of the installed tarball"; return 1; }
    say "the demo of the installed tarball passed ($(grep -c '^\$ ansible-playbook' "$OUT/tmp/demo/demo.log") ansible-playbook runs; log $LOGS/installed-demo.log)"
}

do_ee() {
    local problems=() file
    # One file, two readers (see its comments): the copies in meta/ must match.
    for file in requirements.txt bindep.txt; do
        cmp -s "$SRC/$file" "$SRC/meta/$file" || problems+=("meta/$file differs from $file: copy $file over it")
    done
    # The base image is pinned: an exact tag (not latest) or a digest.
    python - "$SRC/meta/execution-environment.yml" <<'EOF' || problems+=("meta/execution-environment.yml: pin images.base_image.name to an exact tag or a digest")
"""Check that the execution environment's base image is pinned."""
import re
import sys

import yaml

name = yaml.safe_load(open(sys.argv[1]))["images"]["base_image"]["name"]
digest = re.search(r"@sha256:[0-9a-f]{64}$", name)
tag = re.search(r":([A-Za-z0-9_][A-Za-z0-9_.-]*)$", name.split("/", 1)[-1])
pinned = digest or (tag and re.search(r"[0-9]", tag.group(1)) and tag.group(1) not in ("latest", "stable", "devel"))
print("base image %s: %s" % (name, "pinned" if pinned else "NOT pinned"))
sys.exit(0 if pinned else 1)
EOF
    # bindep parses the system requirements.
    bindep --file "$SRC/bindep.txt" --list_all=newline > "$LOGS/bindep.txt" || problems+=("bindep cannot read bindep.txt")
    # As an EE definition of its own: a build context, no image.
    rm -rf "$EE_CONTEXT"
    if (cd "$SRC" && ansible-builder create -f meta/execution-environment.yml --context "$EE_CONTEXT" \
            --output-filename Containerfile -v 2); then
        for file in Containerfile _build/requirements.txt _build/bindep.txt; do
            [[ -f "$EE_CONTEXT/$file" && ! -L "$EE_CONTEXT/$file" ]] || problems+=("the build context lacks $file")
        done
        cmp -s "$EE_CONTEXT/_build/requirements.txt" "$SRC/requirements.txt" || problems+=("the build context's requirements.txt is not requirements.txt")
        cmp -s "$EE_CONTEXT/_build/bindep.txt" "$SRC/bindep.txt" || problems+=("the build context's bindep.txt is not bindep.txt")
        grep -q '^FROM ' "$EE_CONTEXT/Containerfile" || problems+=("the Containerfile has no FROM")
    else
        problems+=("ansible-builder create -f meta/execution-environment.yml failed")
    fi
    # As the collection's metadata inside another EE: ansible-builder finds
    # its Python and system requirements in the installed tarball.
    if [[ -n "$TARBALL" && -d "$INSTALLED/ansible_collections/$NAMESPACE/$NAME" ]]; then
        if ansible-builder introspect --sanitize "$INSTALLED" > "$LOGS/introspect.txt" 2>&1; then
            cat "$LOGS/introspect.txt"
            python - "$LOGS/introspect.txt" "$SRC/requirements.txt" "$SRC/bindep.txt" <<'EOF' || problems+=("ansible-builder introspect misses requirements of $NAMESPACE.$NAME")
"""Check that ansible-builder introspect found every requirement line of the collection."""
import sys

text = open(sys.argv[1]).read()
missing = []
for path in sys.argv[2:]:
    for line in open(path):
        line = line.strip()
        if line and not line.startswith("#") and line.split()[0].split(">")[0].split("=")[0] not in text:
            missing.append(line)
for line in missing:
    print("release-check: FAIL: introspect does not list %r" % line, file=sys.stderr)
sys.exit(1 if missing else 0)
EOF
        else
            cat "$LOGS/introspect.txt"
            problems+=("ansible-builder introspect of the installed collection failed")
        fi
    else
        problems+=("no installed tarball to introspect")
    fi
    if ((${#problems[@]})); then
        printf 'release-check: FAIL: %s\n' "${problems[@]}" >&2
        return 1
    fi
    say "build context: $EE_CONTEXT ($(grep -m1 '^ARG EE_BASE_IMAGE' "$EE_CONTEXT/Containerfile" | cut -d= -f2-))"
}

do_awx() {
    python "$ROOT/tests/release/check_awx.py" "$SRC" || { fail "awx/ definitions"; return 1; }
}

main() {
    local start end
    start=$(date +%s)
    step tools check_tools || { say "release-check: FAILED (tools missing)"; exit 1; }
    step copy do_copy || { say "release-check: FAILED (cannot copy the collection)"; exit 1; }
    step changelog do_changelog
    if step build do_build; then
        step importer do_importer
        step ansible-doc do_ansible_doc
        step installed-demo do_installed_demo
    else
        skip importer "no tarball"
        skip ansible-doc "no tarball"
        skip installed-demo "no tarball"
    fi
    step build-ignore do_build_ignore
    step docs-lint do_docs_lint
    step ee do_ee
    step awx do_awx
    end=$(date +%s)
    say ""
    say "release-check: passed: ${PASSED[*]}"
    if ((${#FAILED[@]})); then
        say "release-check: FAILED: ${FAILED[*]} ($((end - start)) s)"
        exit 1
    fi
    say "release-check: all checks passed ($((end - start)) s); tarball $TARBALL"
}

main "$@"
