"""The examples of the documentation run: the package's doctests and the README's Python
snippet (the README section "From other languages")."""

from __future__ import annotations

import doctest
import re

import paycode
from conftest import ROOT


def test_package_doctests() -> None:
    r = doctest.testmod(paycode, raise_on_error=False)
    assert r.attempted > 3 and r.failed == 0


def _snippet(path) -> str:
    text = path.read_text(encoding="utf-8")
    section = text.split("### Python", 1)[1]
    m = re.search(r"```python\n(.*?)```", section, re.S)
    assert m, f"no python snippet in {path}"
    return m.group(1)


def test_readme_python_example_runs() -> None:
    code = _snippet(ROOT / "README.md")
    parser = doctest.DocTestParser()
    test = parser.get_doctest(code, {}, "README.md", str(ROOT / "README.md"), 0)
    assert test.examples, "the README's snippet has no examples"
    runner = doctest.DocTestRunner()
    runner.run(test)
    assert runner.failures == 0
