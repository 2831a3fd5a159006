"""What every written name is, decided before instantiation: names defined by a literal or a
matrix expression (`declared.py`), the one decider of a name's shape (`layout.py`), layer widths
the writing pins (`pins.py`), size variables and their unification (`unify.py`), the constraints
each use of a name puts on sizes (`infer.py`: the `SizeModel` instantiation reads), sizes of an
instance tied to them (`solve.py`), and what each name was read as (`explain.py`)."""
