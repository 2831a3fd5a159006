"""ML-notation LaTeX to SymPy, and back."""
