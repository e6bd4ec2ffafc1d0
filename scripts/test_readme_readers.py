"""The README's Python and JavaScript readers of `cookies_preferences`, run as written.

A back end copies them from the README, so they are tested where they are documented: each
snippet is taken from README.md and run on records Biscotte writes (the grammar's example, an
expired or later-revision record, a purpose added since, the exempt services' objection, the
Global Privacy Control mark, the refusal's own lifetime and a revision that changed no refused purpose).
"""
import json
import re
import shutil
import subprocess
import time
import unittest
from pathlib import Path

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
SECTION = README[README.index("## The `cookies_preferences` value"):README.index("## Rust back end")]


def block(lang):
    return re.search(r"```" + lang + r"\n(.*?)```", SECTION, re.S).group(1)


NOW = int(time.time())
EXEMPT = ("statistical/matomo",)


def record(choices, last=NOW, revision=1):
    return f"v1.{revision}.q2Xo3mZb8kT1vLwA.{last - 10}.{last}.{choices}"


REFUSED = record("necessary=1|statistical=0|statistical/matomo=1|third_party=0")
ACCEPTED = record("necessary=1|statistical=1|statistical/matomo=1|third_party=1")
OBJECTED = record("necessary=1|statistical=1|statistical/matomo=0|third_party=0")
OLDER = record("necessary=1|statistical=0|third_party=0")  # made before Matomo was exempt

# (value, purpose, expected allowed: None when the banner asks) with exempt=EXEMPT, then
# (value, expected mode).
ALLOWED = [
    (ACCEPTED, "statistical", True), (ACCEPTED, "statistical/matomo", True), (ACCEPTED, "third_party", True),
    (REFUSED, "statistical", False), (REFUSED, "statistical/matomo", False),
    (REFUSED + ".g", "statistical", False), (ACCEPTED + ".x", "statistical", None),
    (OBJECTED, "statistical", True), (OBJECTED, "statistical/matomo", False),
    (OLDER, "statistical/matomo", False),
    (record("necessary=1|statistical=1|third_party=1", last=NOW - 200 * 86400), "statistical", None),
    (record("necessary=1|statistical=0|third_party=0", last=NOW - 200 * 86400), "statistical", None),
    (record("necessary=1|statistical=1|third_party=1", revision=2), "statistical", None),
    (record("necessary=1|statistical=1|third_party=1", last=NOW + 3 * 86400), "statistical", None),
    (record("necessary=1|statistical=1"), "statistical", None),
    ("", "statistical", None),
]
# A revision 2 that changed only third_party: a refusal of it stands, an acceptance is asked again.
BUMP = {"revision": 2, "purposes": {"statistical": 1, "third_party": 2}}
BUMPED = [
    (record("necessary=1|statistical=1|third_party=0"), "statistical", True),
    (record("necessary=1|statistical=1|third_party=1"), "statistical", None),
]
# The last: the banner asks again (third_party is new to this record), the objection stands.
MODES = [(None, "exempt"), (REFUSED, "exempt"), (OLDER, "exempt"), (ACCEPTED, "full"), (OBJECTED, "off"),
         (record("necessary=1|statistical=1|statistical/matomo=0"), "off")]


class PythonReader(unittest.TestCase):
    def setUp(self):
        self.ns = {}
        exec(block("python"), self.ns)

    def test_allowed(self):
        for value, purpose, expected in ALLOWED:
            with self.subTest(value=value, purpose=purpose):
                self.assertEqual(self.ns["allowed"](value, purpose, exempt=EXEMPT), expected)
        for value, purpose, expected in BUMPED:
            with self.subTest(value=value, bump=True):
                self.assertEqual(self.ns["allowed"](value, purpose, **BUMP), expected)

    def test_mode(self):
        for value, expected in MODES:
            with self.subTest(value=value):
                self.assertEqual(self.ns["mode"](value, "statistical/matomo"), expected)


@unittest.skipUnless(shutil.which("node"), "node is not installed")
class JavaScriptReader(unittest.TestCase):
    def test_allowed_and_mode_agree_with_python(self):
        cases = json.dumps({"allowed": ALLOWED, "modes": MODES, "exempt": EXEMPT, "bumped": BUMPED, "bump": BUMP})
        script = block("js") + f"""
const cases = {cases};
const out = {{
  allowed: cases.allowed.map(([v, p]) => allowed(v, p, {{ exempt: cases.exempt }})),
  modes: cases.modes.map(([v]) => mode(v, 'statistical/matomo')),
  bumped: cases.bumped.map(([v, p]) => allowed(v, p, cases.bump)),
}};
console.log(JSON.stringify(out));
"""
        result = subprocess.run(["node", "-e", script], capture_output=True, text=True, check=True)
        out = json.loads(result.stdout)
        self.assertEqual(out["allowed"], [expected for _, _, expected in ALLOWED])
        self.assertEqual(out["modes"], [expected for _, expected in MODES])
        self.assertEqual(out["bumped"], [expected for _, _, expected in BUMPED])


if __name__ == "__main__":
    unittest.main()
