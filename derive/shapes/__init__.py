"""What every written name is, decided before instantiation: literal-defined arrays
(`declared.py`), size variables and their unification (`unify.py`), the constraints each use of
a name puts on sizes (`infer.py`)."""
