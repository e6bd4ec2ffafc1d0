"""build.py's size gate (wasm-pack.toml's [budget]) on files just under, at and over a budget:
the build must stop over it, with the sizes in the message.
Run: python3 -m unittest discover -s scripts"""

import os
import tempfile
import unittest

import build


class Budget(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.path = os.path.join(self.dir.name, "biscotte.js")
        # Random bytes: brotli cannot shrink them, so the size is known within a few bytes.
        data = os.urandom(3000)
        with open(self.path, "wb") as f:
            f.write(data)
        self.size = build.brotli_size(data)

    def tearDown(self):
        self.dir.cleanup()

    def test_a_file_within_its_budget_passes_and_the_line_says_both_sizes(self):
        line = build.check_budget(self.path, self.size + 10)
        self.assertIn(f"{self.size} B brotli, budget {self.size + 10} B", line)
        self.assertIn(f"{self.size} B brotli", build.check_budget(self.path, self.size))

    def test_a_file_over_its_budget_stops_the_build(self):
        with self.assertRaises(SystemExit) as stop:
            build.check_budget(self.path, self.size - 1)
        self.assertIn(f"is {self.size} B brotli, over its budget of {self.size - 1} B", str(stop.exception))

    def test_the_script_has_a_budget_and_an_entry_writes_it(self):
        import tomllib
        with open(os.path.join(build.ROOT, "wasm-pack.toml"), "rb") as f:
            matrix = tomllib.load(f)
        self.assertIn("dist/biscotte.js", matrix["budget"])
        self.assertIn("dist/biscotte.js", {p for entry in matrix["build"] for p in build.outputs(entry)})


if __name__ == "__main__":
    unittest.main()
