"""Orken: the open Industrialization Map of Kazakhstan."""
__version__ = "0.1.0"
