#!/usr/bin/env python3
"""Native-readiness lint for one Quarkus module, run after a -Dquarkus.native.sources-only=true build.

A real native-image build (GraalVM/Mandrel) cannot run on this machine, so this checks what would break it:
  1. the Quarkus build log: any WARN or ERROR line from the build steps;
  2. reflection: JSON DTOs (records and classes in rest/admin/api packages, or named *Request, *Response,
     *View, *Dto, *Json, *Result, and anything with @RegisterForReflection) must be in the generated
     reflect-config.json, or Jackson cannot see their members in a native binary;
  3. resources: every literal getResource/getResourceAsStream name must be in resource-config.json
     or be served from META-INF/resources;
  4. code: no dynamic class loading, reflection tricks or java.awt, and no static initialiser that
     captures run-time state (Quarkus initialises application classes at build time, so a static
     Random, clock reading, environment read or thread would be frozen into the image).
Usage: native-lint.py MODULE_DIR BUILD_LOG
"""
import json
import pathlib
import re
import sys
import zipfile

FORBIDDEN_CODE = {
    r"\bClass\.forName\s*\(": "dynamic class loading (Class.forName)",
    r"\.loadClass\s*\(": "dynamic class loading (ClassLoader.loadClass)",
    r"\bjava\.awt\b": "java.awt is not native-friendly",
    r"\.setAccessible\s*\(\s*true": "reflection trick (setAccessible)",
    r"\bProxy\.newProxyInstance\s*\(": "dynamic proxy (Proxy.newProxyInstance)",
    r"\.getDeclared(Method|Field|Constructor)s?\s*\(": "runtime reflection (getDeclared*)",
}
# A static field initialised with one of these is evaluated when the image is built, not when it runs.
BUILD_TIME_HAZARDS = {
    r"new\s+(Secure)?Random\s*\(": "a Random seeded at image build time",
    r"System\.(currentTimeMillis|nanoTime)\s*\(|Instant\.now\s*\(|LocalDateTime\.now\s*\(": "a clock read at image build time",
    r"System\.getenv\s*\(": "an environment variable read at image build time",
    r"InetAddress\.getLocalHost\s*\(": "the build machine's host name",
    r"new\s+Thread\s*\(|Executors\.new": "a thread or executor created at image build time",
}
STATIC_FIELD = re.compile(r"^\s*(?:(?:private|public|protected|final)\s+)*static\s+(?:final\s+)?[\w<>\[\], ?.]+\s+\w+\s*=\s*(.*)")
DTO_NAME = re.compile(r"(Request|Response|View|Dto|Json|Result|Body|Error)$")
DTO_PACKAGE = re.compile(r"\.(rest|admin|api)(\.|$)")
TYPE_DECL = re.compile(r"^\s*(?:public\s+|protected\s+|private\s+)?(?:static\s+)?(?:final\s+)?(record|class|enum)\s+(\w+)", re.M)
LOG_PROBLEM = re.compile(r"^\[(WARN|WARNING|ERROR)\]|\b(WARN|ERROR)\s+\[io\.quarkus")
LOG_ALLOWED = [
    # Maven itself, not the Quarkus build: harmless.
    re.compile(r"Using platform encoding|JAVA_HOME|sun\.misc\.Unsafe|terminally deprecated|will be removed in a future release|Please consider reporting this to the maintainers|WARNING: A restricted method|WARNING: Use --enable-native-access|WARNING: (A terminally deprecated|sun\.misc)"),
]


def fail(problems, msg):
    problems.append(msg)


def check_log(log_text, problems):
    for line in log_text.splitlines():
        if LOG_PROBLEM.search(line) and not any(p.search(line) for p in LOG_ALLOWED):
            fail(problems, f"build log: {line.strip()}")


def sources(module):
    return sorted((module / "src/main/java").rglob("*.java"))


def check_code(module, problems):
    for path in sources(module):
        rel = path.relative_to(module)
        for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            stripped = line.strip()
            if stripped.startswith(("//", "*", "/*")):
                continue
            for pattern, why in FORBIDDEN_CODE.items():
                if re.search(pattern, line):
                    fail(problems, f"{rel}:{no}: {why}")
            m = STATIC_FIELD.match(line)
            if m:
                for pattern, why in BUILD_TIME_HAZARDS.items():
                    if re.search(pattern, m.group(1)):
                        fail(problems, f"{rel}:{no}: static field holds {why}; initialise it lazily or in an instance")


def dto_classes(module):
    """Yields (binary name, file) for the types that Jackson serialises."""
    for path in sources(module):
        text = path.read_text(encoding="utf-8")
        pkg = re.search(r"^package\s+([\w.]+);", text, re.M)
        if not pkg:
            continue
        pkg = pkg.group(1)
        outer = path.stem
        for kind, name in TYPE_DECL.findall(text):
            if kind == "enum":
                continue
            binary = f"{pkg}.{outer}" if name == outer else f"{pkg}.{outer}${name}"
            registered = "@RegisterForReflection" in text and name == outer
            if registered or (kind == "record" and (DTO_PACKAGE.search("." + pkg) or DTO_NAME.search(name))):
                yield binary, path.relative_to(module)


def runner_jar(module):
    jars = list((module / "target/native-sources").glob("*-runner.jar"))
    if len(jars) != 1:
        raise SystemExit(f"{module.name}: expected one runner jar in target/native-sources, found {len(jars)}")
    return zipfile.ZipFile(jars[0])


def java_regex(pattern):
    """Java's \\Q...\\E quoting has no Python equivalent: escape the quoted part instead."""
    return re.compile(re.sub(r"\\Q(.*?)\\E", lambda m: re.escape(m.group(1)), pattern))


def check_reflection_and_resources(module, problems):
    with runner_jar(module) as jar:
        names = set(jar.namelist())
        reflect = json.loads(jar.read("META-INF/native-image/reflect-config.json"))
        resources = json.loads(jar.read("META-INF/native-image/resource-config.json"))
    registered = {entry["name"] for entry in reflect}
    for binary, rel in dto_classes(module):
        if binary not in registered:
            fail(problems, f"{rel}: {binary} is serialised as JSON but not registered for reflection "
                           f"(return it from a REST method or annotate it with @RegisterForReflection)")
    patterns = [java_regex(p["pattern"]) for p in resources.get("resources", {}).get("includes", [])]
    for path in sources(module):
        for name in re.findall(r"getResource(?:AsStream)?\s*\(\s*\"/?([^\"]+)\"", path.read_text(encoding="utf-8")):
            served = f"META-INF/resources/{name}" in names
            if not served and not any(p.fullmatch(name) for p in patterns):
                fail(problems, f"{path.relative_to(module)}: resource '{name}' is not in the native image "
                               f"(add it to quarkus.native.resources.includes)")


def main():
    module, log = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    problems = []
    check_log(log.read_text(encoding="utf-8", errors="replace"), problems)
    check_code(module, problems)
    check_reflection_and_resources(module, problems)
    if problems:
        print(f"{module.name}: {len(problems)} native-readiness problem(s):")
        for p in problems:
            print(f"  - {p}")
        sys.exit(1)
    print(f"{module.name}: native-ready (build log clean, DTOs registered, resources included, no build-time hazards)")


if __name__ == "__main__":
    main()
