"""Gerbang: the domain shared by every function."""
