# Build and test tooling of the webex.calling Ansible collection.
# The repository root is the collection root. `make help` lists the targets.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:
MAKEFLAGS += --no-builtin-rules --no-print-directory

ROOT := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))

# --- virtual environment ------------------------------------------------------
# The default environment, .venv (tests/requirements-dev.txt), runs everything:
# ansible-core 2.19 on Python 3.11 when present (what CI uses).
#
# Support matrix: CORE=<version> runs units, e2e and sanity with another
# ansible-core instead, in a virtual environment of its own,
# .venv-core-<version> (tests/requirements-core-<version>.txt, which includes
# tests/requirements-core-common.txt), created with a Python that version
# supports on the controller (CORE_PYTHON_<version>: a python3.X on PATH that
# runs, else one under ~/.pyenv/versions; nothing is downloaded).
#   make units e2e CORE=2.16     the oldest ansible-core meta/runtime.yml accepts
#   make units e2e sanity CORE=2.21   the newest
CORE ?=
CORE_LEGS := 2.16 2.21
CORE_PYTHON_2.16 ?= 3.12
CORE_PYTHON_2.21 ?= 3.13
# $(call find-python,3.12): the path of a working python3.12, or nothing.
find-python = $(shell for p in "$$(command -v python$(1) 2>/dev/null)" $(HOME)/.pyenv/versions/$(1).*/bin/python$(1); do \
	if [[ -n "$$p" && -x "$$p" ]] && "$$p" -c 'import ensurepip, sys; sys.exit(sys.version_info[:2] != tuple(map(int, "$(1)".split("."))))' >/dev/null 2>&1; then echo "$$p"; break; fi; done)
# Each environment is built once per requirements hash (and Python) in VENV_CACHE, shared by every checkout on the
# machine and reused until its requirements change; .venv, .venv-core-<version> and .venv-release in the checkout are
# symbolic links to them (tests/tools/make_venv.sh).
VENV_CACHE ?= $(HOME)/.cache/webex-calling/venvs
MAKE_VENV := $(ROOT)/tests/tools/make_venv.sh
# Python used to create .venv and .venv-release; python3.11 when present (what CI uses).
DEFAULT_PYTHON := $(shell command -v python3.11 2>/dev/null || command -v python3)
ifeq ($(CORE),)
PYTHON ?= $(DEFAULT_PYTHON)
VENV_NAME := venv
DEV_REQUIREMENTS := $(ROOT)/tests/requirements-dev.txt
VENV_REQUIREMENTS := $(DEV_REQUIREMENTS)
else
ifeq ($(filter $(CORE),$(CORE_LEGS)),)
$(error CORE=$(CORE): the support matrix has $(CORE_LEGS))
endif
PYTHON := $(or $(call find-python,$(CORE_PYTHON_$(CORE))),$(error CORE=$(CORE) needs Python $(CORE_PYTHON_$(CORE)) (python$(CORE_PYTHON_$(CORE)) on PATH or under ~/.pyenv/versions); set CORE_PYTHON_$(CORE) to another version it supports))
VENV_NAME := venv-core-$(CORE)
DEV_REQUIREMENTS := $(ROOT)/tests/requirements-core-$(CORE).txt
VENV_REQUIREMENTS := $(DEV_REQUIREMENTS) $(ROOT)/tests/requirements-core-common.txt
endif
VENV_LINK := $(ROOT)/.$(VENV_NAME)
VENV_ARGS = "$(PYTHON)" "$(VENV_CACHE)" $(VENV_NAME) "$(VENV_LINK)" $(VENV_REQUIREMENTS)
VENV := $(shell "$(MAKE_VENV)" --dir $(VENV_ARGS))
VENV_BIN := $(VENV)/bin

# --- build trees ----------------------------------------------------------------
NAMESPACE := webex
COLLECTION := calling
BUILD := $(ROOT)/.build
# .build/collections/ansible_collections/webex/calling -> ../../../.. (symlink to
# the repository root) for ansible-playbook and pytest.
COLLECTIONS_PATH := $(BUILD)/collections
COLLECTION_LINK := $(COLLECTIONS_PATH)/ansible_collections/$(NAMESPACE)/$(COLLECTION)
# .build/sanity/ansible_collections/webex/calling: a copy for ansible-test,
# which resolves symlinks and so cannot work through COLLECTION_LINK.
# One per leg of the support matrix (CORE).
SANITY_DIR := $(BUILD)/sanity$(if $(CORE),-core-$(CORE))/ansible_collections/$(NAMESPACE)/$(COLLECTION)

# --- ansible-test sanity ---------------------------------------------------------
# Python version ansible-test sanity runs with: the one of .venv (evaluated
# lazily, after .venv exists).
SANITY_PYTHON ?= $(shell $(VENV_BIN)/python -c 'import sys; print("%d.%d" % sys.version_info[:2])')
SANITY_OPTS ?=
# ansible-test bootstraps pip in each virtual environment it creates with a
# get-pip.py script that it downloads from a host this network cannot reach,
# unless a copy is cached at ~/.ansible/test/cache/get_pip_<version>.py.
# The version is ansible-test's own pip pin (24.2 for ansible-core 2.19).
GET_PIP_VERSION = $(shell $(VENV_BIN)/python -c 'import re, ansible_test._internal.python_requirements as m, inspect; print(re.search(r"pip=.([0-9.]+).", inspect.getsource(m.get_venv_packages)).group(1))')
GET_PIP_CACHE = $(HOME)/.ansible/test/cache/get_pip_$(subst .,_,$(GET_PIP_VERSION)).py

# PYTEST_ARGS: more pytest arguments for units and e2e (make e2e PYTEST_ARGS="-k diff").
PYTEST_ARGS ?=
# TEST_WORKERS: pytest-xdist processes for units and e2e (auto: one per core; 0: none, in this process). Each e2e
# worker has its own simulator; the tests that measure timing run on one worker one after another (group timing).
TEST_WORKERS ?= auto
PYTEST := $(VENV_BIN)/python -m pytest -c $(ROOT)/tests/pytest.ini --rootdir=$(ROOT) -n $(TEST_WORKERS) --dist loadgroup \
	$(PYTEST_ARGS)
# Each stage's wall and CPU time (make test-times); the JUnit XML of units and e2e, with each test's time and the
# Ansible commands it started.
TIMES_DIR := $(BUILD)/test-times
LEG := $(if $(CORE),core-$(CORE),default)
TIMED = "$(ROOT)/tests/tools/timed.sh" $@-$(LEG)
JUNIT = --junitxml=$(TIMES_DIR)/$@-$(LEG).xml

# Targets that run Ansible or import the collection see it through the symlink.
units e2e lint: export ANSIBLE_COLLECTIONS_PATH := $(COLLECTIONS_PATH)
units e2e: export PYTHONPATH := $(COLLECTIONS_PATH)$(if $(PYTHONPATH),:$(PYTHONPATH))
units e2e lint sanity changelog-lint: export PATH := $(VENV_BIN):$(PATH)
units e2e: export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help
help: ## List the targets
	@grep -E '^[a-zA-Z0-9_-]+:.*## ' $(MAKEFILE_LIST) | sort | awk -F ':.*## ' '{printf "  %-15s %s\n", $$1, $$2}'

.PHONY: venv
venv: ## Create .venv with the pinned development requirements (once per requirements hash, in VENV_CACHE)
	@"$(MAKE_VENV)" $(VENV_ARGS) >/dev/null

.PHONY: collection-link
collection-link: $(COLLECTION_LINK)

$(COLLECTION_LINK):
	mkdir -p "$(@D)"
	ln -sfn ../../../.. "$@"

.PHONY: units
units: venv collection-link ## Unit tests (pytest tests/unit)
	$(TIMED) $(PYTEST) $(JUNIT) tests/unit

.PHONY: e2e
# E2E_TESTS: the files (or file::test) to run, for example E2E_TESTS=tests/e2e/test_site_closure.py; all by default.
E2E_TESTS ?= tests/e2e
e2e: venv collection-link ## End-to-end tests: ansible-playbook against the simulator (pytest tests/e2e; E2E_TESTS)
	$(TIMED) $(PYTEST) $(JUNIT) $(E2E_TESTS)

# --- reliability (docs/docsite/rst/reliability_guide.rst; also part of e2e) ----
.PHONY: reliability
reliability: venv ## Fault matrix, bad input, token leaks and TLS tests (a part of e2e)
	$(PYTEST) tests/e2e/test_faults.py tests/e2e/test_bad_input.py tests/e2e/test_secrets.py tests/e2e/test_tls.py

# --- mutation testing (tests/mutation; slow, not part of `make test`) --------------------
# mutmut mutates plugins/module_utils one change at a time and runs the unit tests that reach the changed function.
# The collection is copied to .build/mutation/ansible_collections/webex/calling, so that mutmut's module names are
# the ones the tests import. MUTATION_FILES: which modules (without .py), one mutmut run each; MUTATION_JOBS: test
# processes at once; MUTATION_MIN_SCORE: the percentage of non-equivalent mutants killed below which it fails. Each
# run mutates only its module, so which tests reach which function is measured again for each (mutmut-stats.json).
# Results stay in .build/mutation (MUTATION_KEEP=1 keeps them for the next run: only changed functions run again).
MUTATION_DIR := $(BUILD)/mutation
MUTATION_TREE := $(MUTATION_DIR)/ansible_collections/$(NAMESPACE)/$(COLLECTION)
# A package's modules are named by their path under module_utils: _audit/model.
MUTATION_FILES ?= $(sort $(patsubst $(ROOT)/plugins/module_utils/%.py,%,$(filter-out %/__init__.py,$(wildcard $(ROOT)/plugins/module_utils/*.py $(ROOT)/plugins/module_utils/*/*.py))))
MUTATION_JOBS ?= 2
MUTATION_MIN_SCORE ?= 90
MUTATION_KEEP ?= 0

.PHONY: mutation
mutation: export PATH := $(VENV_BIN):$(PATH)
# The property and fuzz tests run a tenth of their examples for each mutant (each still covers every rule).
mutation: export HYPOTHESIS_SCALE := 0.1
mutation: venv ## Mutation testing of plugins/module_utils with the unit tests (slow; MUTATION_FILES, MUTATION_JOBS)
	@if [[ "$(MUTATION_KEEP)" != 1 ]]; then rm -rf "$(MUTATION_DIR)"; fi
	rm -rf "$(MUTATION_TREE)"
	mkdir -p "$(MUTATION_TREE)"
	cd "$(ROOT)" && git ls-files -z --cached --others --exclude-standard \
		| while IFS= read -r -d '' f; do if [[ -f "$$f" ]]; then printf '%s\0' "$$f"; fi; done \
		| tar -C "$(ROOT)" --null --no-recursion -T - -cf - | tar -C "$(MUTATION_TREE)" -xf -
	cd "$(MUTATION_DIR)" && for name in $(MUTATION_FILES); do \
		log="$(MUTATION_DIR)/$${name//\//.}.log"; \
		echo "mutation: plugins/module_utils/$$name.py (log: $$log)"; \
		{ cat "$(ROOT)/tests/mutation/setup.cfg"; \
		  printf 'only_mutate =\n    ansible_collections/webex/calling/plugins/module_utils/%s.py\n' "$$name"; } > setup.cfg; \
		rm -f mutants/mutmut-stats.json; \
		start=$$(date +%s); \
		env -u PYTHONPATH -u ANSIBLE_COLLECTIONS_PATH PYTHONDONTWRITEBYTECODE=1 mutmut run --max-children $(MUTATION_JOBS) \
			"ansible_collections.webex.calling.plugins.module_utils.$${name//\//.}.*" > "$$log" 2>&1 \
			|| { tail -n 30 "$$log"; exit 1; }; \
		echo "  $$(( $$(date +%s) - start )) s"; \
	done
	"$(VENV_BIN)/python" "$(ROOT)/tests/mutation/score.py" "$(MUTATION_DIR)" --equivalent "$(ROOT)/tests/mutation/equivalent.txt" \
		--files "$(MUTATION_FILES)" --min-score $(MUTATION_MIN_SCORE) --show-survivors --json "$(MUTATION_DIR)/score.json"

# --- demo (tests/demo/run_demo.py, playbooks/demo.yml) and the simulator in the background -----------------
# The demo runs in an environment of what the collection needs at run time only (.venv-demo: ansible-core and
# requests, tests/requirements-demo.txt), built once per requirements hash like .venv. It starts the simulator
# unless WEBEX_API_URL is set, and leaves its reports in DEMO_DIR; see docs/docsite/rst/simulator_guide.rst.
DEMO_REQUIREMENTS := $(ROOT)/tests/requirements-demo.txt $(ROOT)/requirements.txt
DEMO_VENV_ARGS = "$(DEFAULT_PYTHON)" "$(VENV_CACHE)" venv-demo "$(ROOT)/.venv-demo" $(DEMO_REQUIREMENTS)
DEMO_VENV := $(shell "$(MAKE_VENV)" --dir $(DEMO_VENV_ARGS))
DEMO_DIR ?= $(BUILD)/demo

.PHONY: demo-venv
demo-venv: ## Create .venv-demo: ansible-core and requests only (what the collection needs at run time)
	@"$(MAKE_VENV)" $(DEMO_VENV_ARGS) >/dev/null

.PHONY: demo
demo: export ANSIBLE_COLLECTIONS_PATH := $(COLLECTIONS_PATH)
demo: demo-venv collection-link ## A guided tour against the simulator (reports in .build/demo; DEMO_DIR)
	cd "$(ROOT)" && "$(DEMO_VENV)/bin/python" tests/demo/run_demo.py --output "$(DEMO_DIR)"

# make simulator: the simulator in the background, on a free port (SIMULATOR_PORT=8080 for a fixed one); prints the
# export lines for the shell: eval "$$(make -s simulator)". make simulator-stop stops it.
SIMULATOR_STATE := $(BUILD)/simulator
SIMULATOR_PORT ?= 0

.PHONY: simulator simulator-stop
simulator: ## Start the Webex API simulator in the background; prints its export lines (SIMULATOR_PORT)
	@"$(DEFAULT_PYTHON)" "$(ROOT)/tests/simulator/sim_background.py" start --state "$(SIMULATOR_STATE)" --port $(SIMULATOR_PORT)

simulator-stop: ## Stop the simulator make simulator started
	@"$(DEFAULT_PYTHON)" "$(ROOT)/tests/simulator/sim_background.py" stop --state "$(SIMULATOR_STATE)"

# --- benchmark (benchmarks/bench.py) ----------------------------------------------
# make bench BENCH_PEOPLE="1000 5000" BENCH_LATENCY=0.05 BENCH_CORES="default 2.16" BENCH_OPTS="--rows playbooks"
# The table goes into the performance guide, between its markers (.. BEGIN/END GENERATED: bench), and the raw
# numbers into benchmarks/results/latest.json. The playbook rows run with each ansible-core of BENCH_CORES: default
# (.venv) and the .venv-core-<version> of each leg of the support matrix, created first (as make venv CORE=<version>).
BENCH_PEOPLE ?= 1000 5000
BENCH_LATENCY ?= 0.05
BENCH_CORES ?= default $(CORE_LEGS)
BENCH_OPTS ?=
BENCH_GUIDE := docs/docsite/rst/performance_guide.rst

.PHONY: bench
bench: venv ## Benchmark against the simulator: one table, into the performance guide (BENCH_PEOPLE, BENCH_LATENCY, BENCH_CORES, BENCH_OPTS)
	@for core in $(filter-out default,$(BENCH_CORES)); do $(MAKE) --no-print-directory venv CORE=$$core || exit 1; done
	cd "$(ROOT)" && "$(VENV_BIN)/python" benchmarks/bench.py --people $(BENCH_PEOPLE) --latency $(BENCH_LATENCY) \
		--cores $(BENCH_CORES) --json benchmarks/results/latest.json --guide $(BENCH_GUIDE) $(BENCH_OPTS)

.PHONY: sanity-tree
sanity-tree: ## Copy the collection (files git lists) into .build/sanity
	rm -rf "$(SANITY_DIR)"
	mkdir -p "$(SANITY_DIR)"
	cd "$(ROOT)" && git ls-files -z --cached --others --exclude-standard \
		| while IFS= read -r -d '' f; do if [[ -e "$$f" || -L "$$f" ]]; then printf '%s\0' "$$f"; fi; done \
		| tar -C "$(ROOT)" --null --no-recursion -T - -cf - \
		| tar -C "$(SANITY_DIR)" -xf -
# The copy lies inside this repository, where .build/ is ignored: give it a
# repository of its own, so that ansible-test lists its files (git ls-files
# --others) instead of finding none through the outer one.
	git -C "$(SANITY_DIR)" init --quiet

# Stand-in for get-pip.py, written only where no copy is cached yet. ansible-test
# runs it with the venv's python as: get_pip.py [pip options] pip==<version>
# --no-setuptools --no-wheel. It bootstraps pip with ensurepip, then installs the
# same packages with that pip from the package index.
define GET_PIP_STANDIN
"""Stand-in for get-pip.py, written by the webex.calling Makefile.

ansible-test cannot download get-pip.py on this network: bootstrap pip with
ensurepip, then let that pip install the requested packages.
"""
import subprocess
import sys

GET_PIP_ONLY = ("--no-setuptools", "--no-wheel")

args = sys.argv[1:]
pip_args = [arg for arg in args if arg not in GET_PIP_ONLY]
subprocess.check_call([sys.executable, "-m", "ensurepip", "--upgrade", "--default-pip"], stdout=subprocess.DEVNULL)
subprocess.check_call([sys.executable, "-m", "pip", "install", "--quiet", "--upgrade"] + pip_args)
unwanted = [name for name, option in (("setuptools", "--no-setuptools"), ("wheel", "--no-wheel")) if option in args]
installed = subprocess.run([sys.executable, "-m", "pip", "list", "--format=freeze"], check=True, stdout=subprocess.PIPE, text=True).stdout.lower()
unwanted = [name for name in unwanted if name + "==" in installed]
if unwanted:
    subprocess.check_call([sys.executable, "-m", "pip", "uninstall", "--yes", "--quiet"] + unwanted)
endef
get-pip: export GET_PIP_STANDIN_SCRIPT := $(GET_PIP_STANDIN)

# USE_GET_PIP_STANDIN=0 leaves a missing get-pip.py for ansible-test to download
# (on a network where it can).
USE_GET_PIP_STANDIN ?= 1

.PHONY: get-pip
get-pip: venv
	@cache="$(GET_PIP_CACHE)"; \
	if [[ -e "$$cache" ]]; then \
		echo "get-pip: using $$cache"; \
	elif [[ "$(USE_GET_PIP_STANDIN)" != 1 ]]; then \
		echo "get-pip: no $$cache, ansible-test will download get-pip.py"; \
	else \
		mkdir -p "$$(dirname "$$cache")"; \
		printf '%s\n' "$$GET_PIP_STANDIN_SCRIPT" > "$$cache.tmp"; \
		mv "$$cache.tmp" "$$cache"; \
		echo "get-pip: wrote stand-in $$cache"; \
	fi

.PHONY: sanity
sanity: venv get-pip sanity-tree ## ansible-test sanity on a copy in .build/sanity
	cd "$(SANITY_DIR)" && $(TIMED) ansible-test sanity --python $(SANITY_PYTHON) --requirements --color no $(SANITY_OPTS)

.PHONY: lint
lint: venv collection-link ## ansible-lint --profile production
	cd "$(ROOT)" && $(TIMED) ansible-lint --profile production $$([[ -t 1 ]] || echo --nocolor)

.PHONY: changelog-lint
changelog-lint: venv ## antsibull-changelog lint (changelog fragments)
	cd "$(ROOT)" && $(TIMED) antsibull-changelog lint

# The release of the version in galaxy.yml: changelogs/changelog.yaml gets it
# (from the fragments, which it removes, and the modules, plugins and roles
# whose version_added is that version), CHANGELOG.rst is regenerated. Run in
# the collection's ansible_collections tree, where ansible-doc finds the
# plugins. RELEASE_DATE=YYYY-MM-DD sets the date (default: today).
.PHONY: changelog-release
changelog-release: export PATH := $(VENV_BIN):$(PATH)
changelog-release: export ANSIBLE_COLLECTIONS_PATH := $(COLLECTIONS_PATH)
changelog-release: venv collection-link changelog-lint ## Release galaxy.yml's version in the changelog (CHANGELOG.rst; consumes the fragments)
	cd "$(COLLECTION_LINK)" && antsibull-changelog release $(if $(RELEASE_DATE),--date $(RELEASE_DATE))

# --- release check ---------------------------------------------------------------
# galaxy-importer pins attrs<24, which the pins of .venv cannot meet: the release
# tools (tests/requirements-release.txt) get a virtual environment of their own.
RELEASE_REQUIREMENTS := $(ROOT)/tests/requirements-release.txt
RELEASE_VENV_ARGS = "$(DEFAULT_PYTHON)" "$(VENV_CACHE)" venv-release "$(ROOT)/.venv-release" $(RELEASE_REQUIREMENTS)
RELEASE_VENV := $(shell "$(MAKE_VENV)" --dir $(RELEASE_VENV_ARGS))

.PHONY: release-venv
release-venv: ## Create .venv-release with the pinned release-check tools
	@"$(MAKE_VENV)" $(RELEASE_VENV_ARGS) >/dev/null

.PHONY: release-check
release-check: export PATH := $(RELEASE_VENV)/bin:$(PATH)
release-check: release-venv ## Galaxy/Automation Hub import, docs, changelog, EE and AWX checks on a built tarball
	$(TIMED) bash "$(ROOT)/tests/release/release_check.sh"

# --- support matrix (CORE, see "virtual environment" above) -------------------------
# The default leg (ansible-core 2.19) runs everything in `make test`; `make matrix` runs the others, side by side:
# on each, every unit test (but the simulator's own: standard-library Python, no ansible-core, and its wxc_sdk
# conformance test needs a dependency the legs do not pin), ansible-test sanity, and the end-to-end subset marked
# `matrix`, which runs every playbook, role and module of the collection at least once (the run fails when one is
# left out: WEBEX_E2E_COVERAGE=required) and what differs between ansible-core versions (argument specs, no_log,
# check and diff, module_defaults and action groups, the AWX job template, the demo).
MATRIX_UNITS_ARGS ?= --ignore=tests/unit/simulator
MATRIX_E2E_ARGS ?= -m matrix

.PHONY: matrix
matrix: ## The support matrix's other legs (2.16 and 2.21, side by side): units, sanity, the e2e subset marked matrix
	$(MAKE) --output-sync=target -j2 $(addprefix matrix-leg-,$(CORE_LEGS))

# One leg: sanity beside the units first (sanity installs what it needs into the leg's environment, which the
# end-to-end tests must not be importing from meanwhile), then the end-to-end subset.
.PHONY: $(addprefix matrix-leg-,$(CORE_LEGS))
$(addprefix matrix-leg-,$(CORE_LEGS)): matrix-leg-%:
	$(MAKE) --output-sync=target -j2 units-matrix sanity CORE=$*
	$(MAKE) e2e-matrix CORE=$*

# e2e-matrix: the subset marked matrix, which must run every playbook, role and module (make matrix, make check).
.PHONY: units-matrix e2e-matrix
units-matrix:
	$(MAKE) units CORE=$(CORE) PYTEST_ARGS="$(MATRIX_UNITS_ARGS) $(PYTEST_ARGS)" TEST_WORKERS=0
e2e-matrix: export WEBEX_E2E_COVERAGE := required
e2e-matrix:
	$(MAKE) e2e CORE=$(CORE) PYTEST_ARGS="$(MATRIX_E2E_ARGS) $(PYTEST_ARGS)"

# --- make test, make check ---------------------------------------------------------
# Stages side by side where the two cores allow: the environments first (each once per requirements hash), then
# units beside the lints, then the end-to-end tests (two workers) beside sanity and the release checks.
.PHONY: test
test: ## Everything on the default ansible-core: units, lints, e2e, sanity, release checks (CI: then make matrix)
	$(MAKE) venv release-venv collection-link get-pip
	$(MAKE) --output-sync=target -j3 units lint changelog-lint
	$(MAKE) --output-sync=target -j3 e2e sanity release-check

.PHONY: check
check: venv collection-link ## The contributor's loop (about 3 min): units, lint, the e2e subset marked matrix
	$(MAKE) --output-sync=target -j2 units lint
	$(MAKE) e2e-matrix

# make test-times: runs `make test` and `make matrix` (as .ci/run does), recording each stage's wall and CPU time and
# each test's, then writes the tables of docs/docsite/rst/development_guide.rst (between its GENERATED markers):
# the stages, and the slowest tests with the Ansible commands each started. make test-times-report writes them
# from the last recorded run.
.PHONY: test-times test-times-report
test-times: export TEST_TIMES_FILE := $(TIMES_DIR)/stages.txt
test-times:
	rm -rf "$(TIMES_DIR)"
	mkdir -p "$(TIMES_DIR)"
	$(ROOT)/tests/tools/timed.sh total-test $(MAKE) test
	$(ROOT)/tests/tools/timed.sh total-matrix $(MAKE) matrix
	$(MAKE) test-times-report

test-times-report: venv
	"$(VENV_BIN)/python" "$(ROOT)/tests/tools/test_times.py" "$(TIMES_DIR)" --guide "$(ROOT)/docs/docsite/rst/development_guide.rst"

.PHONY: clean
clean: ## Remove build trees, test output and caches (keeps the virtual environments)
	rm -rf "$(BUILD)" "$(ROOT)/tests/output" "$(ROOT)/.pytest_cache" "$(ROOT)/changelogs/.plugin-cache.yaml"
	find "$(ROOT)" \( -name ".venv*" -o -name .git -o -name .build \) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

.PHONY: distclean
distclean: clean ## clean, and remove the links .venv, .venv-core-*, .venv-release and the environments in VENV_CACHE
	rm -rf "$(ROOT)/.venv" "$(ROOT)"/.venv-core-* "$(ROOT)/.venv-release" "$(VENV_CACHE)"
