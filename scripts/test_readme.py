"""The README stays one document: every heading once within its parent section (a merge once left
a second, stale copy of six sections behind), and every relative link points at a file that exists.
Run: python3 -m unittest discover -s scripts"""

import os
import re
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def headings(text):
    """(level, title) of each Markdown heading outside fenced code blocks."""
    found, fenced = [], False
    for line in text.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and (m := re.match(r"(#{1,6}) (.+)", line)):
            found.append((len(m.group(1)), m.group(2).strip()))
    return found


def repeated(found):
    """Headings that appear twice under the same parent heading."""
    seen, parents, twice = set(), [], []
    for level, title in found:
        parents = [p for p in parents if p[0] < level]
        key = (tuple(parents), level, title)
        if key in seen:
            twice.append(title)
        seen.add(key)
        parents.append((level, title))
    return twice


class Readme(unittest.TestCase):
    def setUp(self):
        with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
            self.text = f.read()

    def test_no_heading_twice_under_one_parent(self):
        self.assertEqual(repeated(headings(self.text)), [])

    def test_the_check_finds_a_repeated_section(self):
        self.assertEqual(repeated(headings("# A\n## B\n### C\n## B\n")), ["B"])
        self.assertEqual(repeated(headings("# A\n## B\n### C\n## D\n### C\n")), [])

    def test_relative_links_point_at_files(self):
        missing = []
        for target in re.findall(r"\]\(([^)#\s]+)", self.text):
            if "://" in target or target.startswith("mailto:"):
                continue
            if not os.path.exists(os.path.join(ROOT, target)):
                missing.append(target)
        self.assertEqual(missing, [])


if __name__ == "__main__":
    unittest.main()
