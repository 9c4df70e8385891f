"""fazhi (法治): the digital workbench for building law-based government."""

__version__ = "0.1.0"
