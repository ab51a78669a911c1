"""azure-policy-bicep. No Bicep parser installs from the package
registries (the compiler ships as a .NET binary outside them), so this
reads the file with the lexical rules of Bicep's own lexer
(Azure/bicep src/Bicep.Core/Parsing/Lexer.cs): newlines are only \\n and
\\r, whitespace only space and tab, a string is '...' with the escapes
\\\\ \\' \\n \\r \\t \\$ \\u{hex}, and an unescaped ${ opens an
interpolation. On those tokens it parses the small subset an export may
use (targetScope, metadata, resource ... = {...}); anything else,
including any interpolation or multi-line string, is a failure.

A Bicep file deploys to one scope, so each exemption is exported on its
own at each of its scopes (a defect in one value then hides no other). The
`// Deploy with:` comment must be one line of shell words that are plain or
single-quoted, whose values are the target's, and none that the Azure CLI
would replace by a file's content."""

import json
import re
import shlex
import tempfile
from pathlib import Path

from common import carried, differences, exemptions, export, show

FORMAT = "azure-policy-bicep"
ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "\\": "\\", "'": "'", "$": "$"}
PUNCTUATION = "{}[]:=()"
LITERALS = {"true": True, "false": False, "null": None}  # keyword tokens in Bicep


class BicepError(Exception):
    pass


def lex(text):
    """[(kind, value)]: NL, STRING, IDENT, INT, or a punctuation mark."""
    tokens, i = [], 0
    while i < len(text):
        c = text[i]
        if c in " \t":
            i += 1
        elif c in "\r\n":
            tokens.append(("NL", None))
            i += 1
        elif text.startswith("//", i):
            while i < len(text) and text[i] not in "\r\n":
                i += 1
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            if end < 0:
                raise BicepError("unterminated /* comment")
            i = end + 2
        elif text.startswith("'''", i):
            raise BicepError(f"multi-line string at {show(text[i:i + 40])}")
        elif c == "'":
            value, i = string(text, i + 1)
            tokens.append(("STRING", value))
        elif c.isascii() and (c.isalpha() or c == "_"):
            m = re.compile(r"[A-Za-z_][A-Za-z0-9_]*").match(text, i)
            tokens.append(("IDENT", m.group()))
            i = m.end()
        elif c.isascii() and c.isdigit():
            m = re.compile(r"[0-9]+").match(text, i)
            if re.compile(r"\.[0-9]").match(text, m.end()):
                # Lexer.cs scans digits only: 1.5 is 1, a dot, 5.
                raise BicepError(f"decimal literal {show(text[i:m.end() + 8])}: Bicep's numbers are "
                                 "integers (a decimal needs json('1.5'))")
            tokens.append(("INT", integer(m.group())))
            i = m.end()
        elif c == "-" and text[i + 1:i + 2].isdigit():
            m = re.compile(r"-[0-9]+").match(text, i)
            tokens.append(("INT", integer(m.group())))
            i = m.end()
        elif c in PUNCTUATION:
            tokens.append((c, None))
            i += 1
        else:
            raise BicepError(f"unexpected {show(c)} at {show(text[max(0, i - 30):i + 30])}")
    return tokens


def integer(digits):
    """Bicep's integers are 64-bit: its IntegerValidatorVisitor refuses the
    others (BCP010)."""
    if not -2**63 <= int(digits) < 2**63:
        raise BicepError(f"integer {digits} is outside Bicep's 64-bit integers")
    return int(digits)


def string(text, i):
    start, out = i, []
    while True:
        if i >= len(text) or text[i] in "\r\n":
            raise BicepError(f"string not closed on its line: {show(text[start - 1:start + 60])}")
        c = text[i]
        if c == "'":
            return "".join(out), i + 1
        if text.startswith("${", i):
            raise BicepError(f"interpolation ${{ in string {show(text[start - 1:i + 20])}")
        if c == "\\":
            e = text[i + 1:i + 2]
            if e in ESCAPES:
                out.append(ESCAPES[e])
                i += 2
                continue
            m = re.compile(r"u\{([0-9A-Fa-f]+)\}").match(text, i + 1)
            if m and int(m.group(1), 16) <= 0x10FFFF:
                out.append(chr(int(m.group(1), 16)))
                i = m.end()
                continue
            raise BicepError(f"bad escape {show(text[i:i + 4])} in {show(text[start - 1:i + 20])}")
        out.append(c)
        i += 1


class Parser:
    def __init__(self, tokens):
        self.t, self.i = tokens, 0

    def peek(self):
        return self.t[self.i] if self.i < len(self.t) else ("EOF", None)

    def take(self, kind, value=None):
        k, v = self.peek()
        if k != kind or (value is not None and v != value):
            raise BicepError(f"expected {value or kind}, found {k} {show(v)}")
        self.i += 1
        return v

    def newlines(self):
        while self.peek()[0] == "NL":
            self.i += 1

    def value(self):
        k, v = self.peek()
        if k == "{":
            return self.block("{", "}", True)
        if k == "[":
            return self.block("[", "]", False)
        if k in ("STRING", "INT"):
            self.i += 1
            return v
        if k == "IDENT" and v in LITERALS:
            self.i += 1
            return LITERALS[v]
        if k == "IDENT" and v == "json" and self.t[self.i + 1:self.i + 2] == [("(", None)]:
            # json('1.5'): the only call the writer emits, for a number Bicep
            # has no literal for (a decimal, or an integer past 64 bits).
            self.i += 2
            text = self.take("STRING")
            self.take(")")
            number = json.loads(text)
            if isinstance(number, bool) or not isinstance(number, (int, float)):
                raise BicepError(f"json({show(text)}) is not a number")
            return number
        if k == "IDENT":  # a reference (the `scope:` of an existing resource)
            self.i += 1
            return ("ref", v)
        raise BicepError(f"unexpected {k} {show(v)}")

    def block(self, open_, close, is_object):
        self.take(open_)
        out = {} if is_object else []
        self.newlines()
        while self.peek()[0] != close:
            if is_object:
                k, key = self.peek()
                if k not in ("IDENT", "STRING") or (k == "IDENT" and key in LITERALS):
                    raise BicepError(f"object key is {k} {show(key)}")
                self.i += 1
                self.take(":")
                if key in out:
                    raise BicepError(f"duplicate key {show(key)}")
                out[key] = self.value()
            else:
                out.append(self.value())
            if self.peek()[0] != close:
                self.take("NL")
            self.newlines()
        self.take(close)
        return out

    def program(self):
        target, metadata, resources = None, {}, {}
        self.newlines()
        while self.peek()[0] != "EOF":
            word = self.take("IDENT")
            if word == "targetScope":
                self.take("=")
                target = self.take("STRING")
            elif word == "metadata":
                name = self.take("IDENT")
                self.take("=")
                metadata[name] = self.take("STRING")
            elif word == "resource":
                name, kind = self.take("IDENT"), self.take("STRING")
                existing = self.peek() == ("IDENT", "existing")
                self.i += existing
                self.take("=")
                resources[name] = {"type": kind, "existing": existing, "body": self.value()}
            else:
                raise BicepError(f"unexpected statement {show(word)}")
            if self.peek()[0] != "EOF":
                self.take("NL")
            self.newlines()
        return target, metadata, resources


# What may stand between placeholders: blanks, plain characters, '...'
# and \' (a quote outside quotes). No $ ` " ; & | ( ) { } outside quotes.
SHELL_PIECE = re.compile(r"[ \t]+|[A-Za-z0-9_@%+=:,./-]+|'[^']*'|\\'")
PLACEHOLDER = re.compile(r"<[^<>'\r\n]*>")


def deploy_problems(text, scope):
    """The `// Deploy with:` line: one line, shell-safe words, the right values."""
    lines = [line for line in re.split(r"\r\n|\r|\n", text) if line.startswith("// Deploy with: ")]
    if len(lines) != 1:
        return [f"{len(lines)} `// Deploy with:` lines"]
    line = lines[0][len("// Deploy with: "):]
    problems = []
    if any(c in line for c in "\u2028\u2029\x85\x0b\x0c"):
        problems.append(f"line-breaking character in {show(line)}")
    rest, i = PLACEHOLDER.sub(" ", line), 0
    while i < len(rest):
        m = SHELL_PIECE.match(rest, i)
        if not m:
            problems.append(f"{show(rest[i:i + 20])} is neither plain nor single-quoted for the shell in {show(line)}")
            break
        i = m.end()
    try:
        words = shlex.split(PLACEHOLDER.sub("PLACEHOLDER", line))
    except ValueError as err:
        return problems + [f"shlex: {err}: {show(line)}"]
    options = {w: words[i + 1] if i + 1 < len(words) else None
               for i, w in enumerate(words) if w.startswith("--")}
    parts = scope.split("/")
    want = {}
    if scope.startswith("/providers/Microsoft.Management/managementGroups/"):
        want["--management-group-id"] = parts[4]
    else:
        want["--subscription"] = parts[2]
        if len(parts) > 4:
            want["--resource-group"] = parts[4]
    for option, value in want.items():
        if options.get(option) not in (value, "PLACEHOLDER"):
            problems.append(f"{option} is {show(options.get(option))}, the target's is {show(value)}")
    for w, expanded in zip(words, az_expanded(words)):
        if w != expanded:
            problems.append(f"az would replace the argument {show(w)} with the content of a file")
    return problems


def az_expanded(words):
    """`words` as the Azure CLI itself reads them before parsing: its
    _expand_file_prefixed_files (azure/cli/core/commands/__init__.py)
    replaces @FILE and NAME=@FILE by the file's content. Every file is made
    to exist and read as a marker, so any expansion shows."""
    import azure.cli.core.commands as commands
    real = commands.read_file_content
    commands.read_file_content = lambda path, **_: f"<content of {path}>"
    try:
        return commands._expand_file_prefixed_files(list(words))
    finally:
        commands.read_file_content = real


def resource_scope(target, resources, ref):
    """The id an exemption's `scope:` names: the target, or an existing
    resource below it."""
    if ref is None:
        return target
    r = resources.get(ref[1]) if isinstance(ref, tuple) else None
    if not r or not r["existing"]:
        return f"<scope {show(ref)} is no existing resource>"
    types = r["type"].split("@")[0].split("/")
    names = r["body"].get("name", "").split("/")
    path = "/".join(f"{t}/{n}" for t, n in zip(types[1:], names))
    return f"{target}/providers/{types[0]}/{path}"


def target_scope(scope):
    if scope.startswith("/providers/Microsoft.Management/managementGroups/"):
        return "managementGroup"
    return "resourceGroup" if "/resourceGroups/" in scope else "subscription"


def check(report):
    with tempfile.TemporaryDirectory(prefix="exports-bicep-") as t:
        for n, e in enumerate(exemptions()):
            for m, scope in enumerate(e["scopes"]):
                path = Path(t) / f"exemption-{n}-{m}.json"
                path.write_text(json.dumps({"exemptions": [dict(e, scopes=[scope])]}), encoding="utf-8")
                check_one(report, dict(e, scopes=[scope]), scope, path)


def check_one(report, wanted, scope, path):
    label = f"{FORMAT} {show(wanted['name'])} at {show(scope)}"
    try:
        text = export(FORMAT, path)
        target, metadata, resources = Parser(lex(text)).program()
    except Exception as err:  # noqa: BLE001 - reported as a failure
        report.check(f"{label}: exports and lexes as Bicep", [f"{type(err).__name__}: {err}"])
        return
    target_id = metadata.get("exemptTarget")
    report.check(f"{label}: the `// Deploy with:` comment", deploy_problems(text, target_id or ""))
    # A resource's exemption deploys from its resource group.
    below = scope.startswith(f"{target_id}/providers/") and "/resourceGroups/" in scope
    problems = [] if target_id == scope or below else [f"metadata exemptTarget is {show(target_id)}"]
    if target != target_scope(scope):
        problems.append(f"targetScope is {show(target)}")
    seen = 0
    for r in resources.values():
        if r["existing"]:
            continue
        if not r["type"].startswith("Microsoft.Authorization/policyExemptions@"):
            problems.append(f"unexpected resource type {show(r['type'])}")
            continue
        body = r["body"]
        p = body.get("properties", {})
        at = resource_scope(target_id, resources, body.get("scope"))
        if at != scope:
            problems.append(f"deployed at {show(at)}")
        user, carrier = carried(p.get("metadata"))
        problems += differences(wanted, {
            "name": p.get("displayName"), "description": p.get("description"), "expiresOn": p.get("expiresOn"),
            "category": p.get("exemptionCategory"), "metadata": user,
            "createdBy": carrier.get("createdBy"), "id": carrier.get("id")})
        seen += 1
    if seen != 1:
        problems.append(f"{seen} policy exemptions in the file")
    report.check(f"{label}: every value read back exactly", problems)
