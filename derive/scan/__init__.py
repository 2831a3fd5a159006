"""`derive scan`: the display formulas of lecture notes (Markdown, LaTeX, Jupyter), checked where
they live. extract.py finds the formulas, inline math and `derive:` comments in document order,
settings.py reads notation settings (comments, derive.toml, pyproject.toml), classify.py sorts
each formula into definition / claim / not checked (scope.py: what a formula defines and the
definitions in scope; obstacles.py: why a claim is not checked after all), notes.py runs a scan
and returns its values, command.py is the CLI verb (output, --html, exit codes). docs/scan.md
describes the rules.
"""
