"""Renderers: results in, strings out. Nothing here prints or computes a verdict."""
