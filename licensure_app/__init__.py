"""Educator licensure system."""
