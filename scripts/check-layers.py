#!/usr/bin/env python3
"""Checks the architecture (README "Architecture") on every CI run.

Fails, naming file and line, when
  - a file includes a Keluhan header of a module its own module may not use
    (a layer above it, or a sibling it does not depend on);
  - a file includes a C library's header outside the modules that own it
    (sqlite3.h only in storage, cups/ only in printing, ...);
  - a quoted include that is not "keluhan/<module>/..." is not a file of
    the module's own folder ("../" out of it, or another module's private
    header); the hub's headers (admin/hub, no module folder) count as the
    hub module's;
  - the modules' dependencies, as the includes show them, form a circle;
  - a module's CMakeLists.txt USES a module the table below does not allow.

The build enforces most of this already (a module's include path holds only
the modules it links); this check also covers the apps, the C libraries and
the CMake declarations, and says what is wrong in words.
"""
import pathlib
import re
import sys

# The tree to check: the repository, or the folder given as the argument
# (the test of this script runs it on a small tree of its own).
ROOT = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else __file__).resolve()
if len(sys.argv) <= 1:
    ROOT = ROOT.parent.parent

# module -> the modules it may include (its own headers always).
ALLOWED = {
    "domain": set(),
    "storage": {"domain"},
    "ops": {"domain", "storage"},
    "documents": {"domain", "ops"},
    "printing": {"domain", "storage", "ops", "documents"},
    "service": {"domain", "storage", "ops"},
    "sync": {"domain", "storage", "ops", "service"},
    "notify": {"domain", "storage", "ops", "documents"},
    "ui": {"domain"},
    # the programs (their folders count as one module each)
    "kiosk": {"domain", "storage", "ops", "documents", "printing", "sync", "ui"},
    # [panel] serve_hub runs the hub inside the panel
    "panel": {"domain", "storage", "ops", "service", "documents", "printing", "sync", "ui", "hub",
              "notify"},
    "cli": {"domain", "storage", "ops", "service", "documents", "printing", "sync", "hub",
            "notify"},
    "hub": {"domain", "storage", "ops", "service", "documents", "sync", "notify"},
}
CORE = ["domain", "storage", "ops", "service", "documents", "printing", "sync", "notify", "ui"]

# C library header (regex on the include path) -> modules that may include it.
LIBRARIES = [
    (r"sqlite3\.h$", {"storage"}, "SQLite"),
    (r"^cups/", {"printing"}, "libcups"),
    (r"^(pango/|cairo|qrencode\.h$)", {"documents"}, "Pango/Cairo/qrencode"),
    (r"^fontconfig/", {"documents", "ui"}, "fontconfig"),
    (r"^httplib\.h$", {"sync"}, "cpp-httplib"),
    (r"^curl/", {"notify"}, "libcurl"),
    (r"^(boost|openssl)/", {"hub"}, "Boost.Beast/Asio and OpenSSL"),
    (r"^(SDL|imgui|backends/imgui|stb_)", {"ui", "kiosk", "panel"}, "SDL/ImGui"),
    (r"^sodium\.h$", {"domain", "sync"}, "libsodium"),
    (r"^toml\+\+/", {"domain", "ops"}, "toml++"),
    (r"^CLI/", {"kiosk", "panel", "cli", "hub"}, "CLI11"),
]

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


# The folder of each module: a quoted include must stay inside its own.
def module_root(mod: str) -> pathlib.Path:
    if mod in CORE:
        return ROOT / "shared" / mod
    return ROOT / {"kiosk": "kiosk", "panel": "admin/panel", "cli": "admin/cli",
                   "hub": "admin/hub"}[mod]


def module_of(path: pathlib.Path):
    rel = path.relative_to(ROOT).parts
    if rel[0] == "shared" and len(rel) > 1 and rel[1] in CORE:
        return rel[1]
    if rel[0] == "kiosk":
        return "kiosk"
    if rel[:2] == ("admin", "panel"):
        return "panel"
    if rel[:2] == ("admin", "cli"):
        return "cli"
    if rel[:2] == ("admin", "hub"):
        return "hub"
    return None


def main() -> int:
    problems = []
    used = {m: set() for m in ALLOWED}
    for path in sorted(ROOT.glob("**/*")):
        if path.suffix not in (".cpp", ".hpp", ".h") or not path.is_file():
            continue
        folders = path.relative_to(ROOT).parts[:-1]
        if any(part == "build" or part.startswith("build-") for part in folders):
            continue
        mod = module_of(path)
        if mod is None:
            continue  # tests, benchmarks and fuzzers may use anything
        rel = path.relative_to(ROOT)
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            m = INCLUDE.match(line)
            if not m:
                continue
            inc = m.group(2)
            k = re.match(r"keluhan/([a-z]+)/", inc)
            if k:
                target = k.group(1)
                if target == mod:
                    continue
                used[mod].add(target)
                if target not in ALLOWED[mod]:
                    problems.append(f"{rel}:{n}: {mod} may not include {inc} "
                                    f"({mod} uses only: {', '.join(sorted(ALLOWED[mod])) or 'nothing'})")
                continue
            if inc.startswith("keluhan/"):
                problems.append(f"{rel}:{n}: {inc} is not in a module folder (keluhan/<module>/...)")
                continue
            if m.group(1) == '"':
                here = (path.parent / inc).resolve()
                own = module_root(mod).resolve()
                hub = module_root("hub").resolve()
                if here.is_file() and own in here.parents:
                    continue
                if (hub / inc).is_file() and mod != "hub":
                    used[mod].add("hub")
                    if "hub" not in ALLOWED[mod]:
                        problems.append(f"{rel}:{n}: {mod} may not include the hub's {inc}")
                    continue
                problems.append(f"{rel}:{n}: \"{inc}\" is not a file of {mod}'s own folder "
                                f"(another module's headers are \"keluhan/<module>/...\")")
                continue
            for pattern, owners, name in LIBRARIES:
                if re.search(pattern, inc) and mod not in owners:
                    problems.append(f"{rel}:{n}: {name} ({inc}) belongs to "
                                    f"{' and '.join(sorted(owners))}, not {mod}")

    # Circles among the modules, as the includes draw them.
    def visit(node, stack, seen):
        for nxt in sorted(used.get(node, ())):
            if nxt in stack:
                cycle = stack[stack.index(nxt):] + [nxt]
                problems.append("modules include each other in a circle: " + " -> ".join(cycle))
            elif nxt not in seen:
                seen.add(nxt)
                visit(nxt, stack + [nxt], seen)

    for mod in sorted(used):
        visit(mod, [mod], {mod})

    # The CMake declarations say the same as the table.
    for mod in CORE:
        cml = ROOT / "shared" / mod / "CMakeLists.txt"
        if not cml.exists():
            continue
        m = re.search(r"USES\s+([a-z ]+?)\s*(?:\n\s*[A-Z_]+\s|\))", cml.read_text())
        for dep in (m.group(1).split() if m else []):
            if dep not in ALLOWED[mod]:
                problems.append(f"shared/{mod}/CMakeLists.txt: {mod} USES {dep}, "
                                f"which scripts/check-layers.py does not allow")

    for p in sorted(set(problems)):
        print(p, file=sys.stderr)
    if problems:
        print(f"check-layers: {len(set(problems))} problem(s); see README \"Architecture\"",
              file=sys.stderr)
        return 1
    print("check-layers: every include respects the layers")
    return 0


if __name__ == "__main__":
    sys.exit(main())
