"""Data files shipped with fazhi.org (a package so that setuptools includes the CSV files)."""
